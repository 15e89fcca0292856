package matcalc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import matcalc.check.AnswerChecker;
import matcalc.check.CheckResult;
import matcalc.check.CheckText;
import matcalc.check.LayoutChoice;
import matcalc.shape.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc check [--let DECL]... [--assume A]... --wrt VAR --answer ANSWER [--layout L] [--format F] EXPR */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check an answer for a derivative: exit 0 when it is right, 1 when it is wrong (with a diagnosis).")
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "VAR", description = "the variable the derivative is taken by")
    String wrt;

    @Option(names = "--answer", required = true, paramLabel = "ANSWER", description = "the answer to check, e.g. '(ŷ − y) xᵀ'")
    String answer;

    @Option(names = "--layout", defaultValue = "numerator", paramLabel = "LAYOUT",
            description = "numerator (default, as the slides), denominator (gradients as columns) or either")
    String layout;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--reveal", description = "also print the right derivative when the answer is wrong")
    boolean reveal;

    @Parameters(paramLabel = "EXPR", description = "the expression, e.g. '-sum(y ⊙ log(softmax(W x + b)))'")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LayoutChoice choice = LayoutChoice.parse(layout);
        Context context = assume.applyTo(new matcalc.Session(lets.context())).context();
        CheckResult r = new AnswerChecker(context).check(expression, wrt, answer, choice);
        PrintWriter out = spec.commandLine().getOut();
        String exprText = lets.printer().print(context.check("input", expression).expr());
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(exprText, r)));
        } else {
            out.print(CheckText.of(r, exprText, reveal, lets.ascii));
        }
        return r.correct() ? 0 : 1;
    }

    private Map<String, Object> json(String exprText, CheckResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("expression", exprText);
        json.put("wrt", wrt);
        json.put("answer", r.answer());
        json.put("correct", r.correct());
        json.put("layout", r.layout());
        json.put("method", r.method());
        json.put("answerShape", r.answerShape());
        json.put("shape", r.expected().shapeText());
        json.put("diagnosis", r.diagnosis());
        if (r.counterexample() != null) json.put("counterexample", r.counterexample());
        if (reveal) json.put("derivative", r.expected().text());
        return json;
    }
}
