package matcalc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.core.Dim;
import matcalc.numeric.Point;
import matcalc.numeric.Values;
import matcalc.render.LatexPrinter;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc hessian [--let DECL]... [--assume A]... --wrt X [--then Y] [--format F] [--at POINT.json] EXPR */
@Command(name = "hessian", mixinStandardHelpOptions = true,
        description = "Second derivatives of a scalar: the Hessian ∂²f/∂x∂xᵀ, or ∂/∂y (∂f/∂x)ᵀ with --then y.")
final class HessianCommand implements Callable<Integer> {
    enum Format { text, latex, json }

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "X", description = "the (vector or scalar) variable")
    String wrt;

    @Option(names = "--then", paramLabel = "Y", description = "for a mixed second derivative: differentiate the gradient by Y")
    String then;

    @Option(names = "--format", defaultValue = "text", description = "text, latex or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--at", paramLabel = "POINT.json", description = "also evaluate it at these values")
    Path at;

    @Parameters(paramLabel = "EXPR", description = "a scalar expression, e.g. 'xᵀ A x'")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Session session = new Session(lets.context());
        assume.applyTo(session);
        DerivativeResult h = session.hessian(expression, wrt, then);
        PrintWriter out = spec.commandLine().getOut();
        String exprText = lets.printer().print(session.context().check("input", expression).expr());
        String y = then == null ? wrt : then;
        DMatrixRMaj value = at == null ? null : h.value(Point.load(at)).get(0);
        String xName = LatexPrinter.name(h.derivative().wrt().name(), h.derivative().wrt().shape());
        switch (format) {
            case latex -> out.println("\\frac{\\partial^2}{\\partial " + LatexPrinter.name(wrt, h.derivative().f().shape())
                    + " \\partial " + xName + "^\\top}\\left[" + new LatexPrinter().print(session.context()
                    .check("input", expression).expr()) + "\\right] = " + h.latex());
            case json -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("expression", exprText);
                json.put("wrt", List.of(wrt, y));
                json.put("hessian", lets.ascii ? h.ascii() : h.text());
                json.put("latex", h.latex());
                List<String> shape = new ArrayList<>();
                for (Dim d : h.shape()) shape.add(d.toString());
                json.put("shape", shape);
                json.put("verified", h.verification().passed());
                if (value != null) json.put("value", Values.nested(h.expr().shape(), value));
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            }
            default -> {
                out.println("∂²/∂" + wrt + "∂" + y + "ᵀ " + exprText);
                out.println("  = " + (lets.ascii ? h.ascii() : h.text()));
                out.println("  shape " + h.shapeText() + "; " + (h.verification().passed()
                        ? "checked against finite differences of the gradient at " + h.verification().points() + " random points"
                        : "NOT checked numerically: " + h.verification().detail()));
                if (value != null) {
                    out.println("  value:");
                    out.println(Values.grid(value).indent(2).stripTrailing());
                }
            }
        }
        return 0;
    }
}
