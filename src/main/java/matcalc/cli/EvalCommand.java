package matcalc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import matcalc.core.Expr;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Values;
import matcalc.shape.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc eval [--let DECL]... --at POINT.json [--format text|json] EXPR */
@Command(name = "eval", description = "Evaluate an expression at a point.", mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    LetOptions lets;

    @Option(names = "--at", required = true, paramLabel = "POINT.json",
            description = "values: {\"W\": [[1,2],[3,4]], \"x\": [0.5,-1], \"alpha\": 0.3}")
    Path at;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Parameters(paramLabel = "EXPR", description = "the expression, e.g. 'sum(W x + b)'")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Context context = lets.context();
        Context.Checked checked = context.check("input", expression);
        Expr e = checked.expr();
        Point point = Point.load(at);
        var value = new Evaluator(point).sizesFrom(checked.variables()).evaluate(e);
        var out = spec.commandLine().getOut();
        String text = lets.printer().print(e);
        if (format == Format.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("expression", text);
            json.put("shape", Values.shapeList(e.shape(), value));
            json.put("value", Values.nested(e.shape(), value));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } else if (e.shape().isScalar()) {
            out.println(text + " = " + Values.number(value.get(0, 0)));
        } else {
            String what = e.shape().isVector() ? "vector of length " + value.numRows : value.numRows + "×" + value.numCols;
            out.println(text + " =   (" + what + ")");
            out.println(Values.grid(value));
        }
        return 0;
    }
}
