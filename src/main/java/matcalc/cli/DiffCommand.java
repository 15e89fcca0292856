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
import matcalc.calculus.Layout;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.numeric.Point;
import matcalc.numeric.Values;
import matcalc.render.LatexPrinter;
import matcalc.render.Pictures;
import matcalc.steps.Derivation;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc diff [--let DECL]... [--assume A]... --wrt VAR [--layout L] [--format F] [--at POINT.json] EXPR */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Differentiate an expression: the simplified derivative, checked numerically.")
final class DiffCommand implements Callable<Integer> {
    enum Format { text, latex, json }

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "VAR", split = ",",
            description = "the variable (or named intermediate) to differentiate by; repeatable, or several separated by commas")
    List<String> wrt = new ArrayList<>();

    @Option(names = "--layout", defaultValue = "numerator", paramLabel = "LAYOUT",
            description = "numerator (default, as the slides: ∂f/∂x is 1×n), denominator (gradients as columns) or mixed")
    String layout;

    @Option(names = "--format", defaultValue = "text", description = "text, latex or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--at", paramLabel = "POINT.json", description = "also evaluate the derivative at these values")
    Path at;

    @Parameters(paramLabel = "EXPR", description = "the expression, e.g. '-sum(y ⊙ log(softmax(W x + b)))'")
    String expression;

    @Option(names = "--steps", description = "show the derivation step by step: intermediate functions, the chain "
            + "rule with the shape of each factor, and each simplification with the rule that fired")
    boolean steps;

    @Option(names = "--standalone", description = "with --format latex: a complete .tex document (pdflatex)")
    boolean standalone;

    @Option(names = "--png", paramLabel = "FILE", description = "also render the derivation (or the result) as a PNG picture")
    Path png;

    @Option(names = "--svg", paramLabel = "FILE", description = "also render the derivation (or the result) as an SVG picture")
    Path svg;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps || standalone) return withSteps();
        Session session = new Session(lets.context()).layout(Layout.parse(layout));
        assume.applyTo(session);
        Map<String, DerivativeResult> results = session.deriveAll(expression, wrt);
        Point point = at == null ? null : Point.load(at);
        PrintWriter out = spec.commandLine().getOut();
        String exprText = lets.printer().print(session.context().check("input", expression).expr());
        List<Object> jsons = new ArrayList<>();
        for (DerivativeResult r : results.values()) {
            List<DMatrixRMaj> value = point == null ? null : r.value(point);
            switch (format) {
                case json -> jsons.add(json(exprText, r, value, point));
                case latex -> out.println(latex(session, r));
                default -> text(out, exprText, r, value);
            }
        }
        if (format == Format.json) {
            Object doc = jsons.size() == 1 ? jsons.get(0) : jsons;
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        }
        if (png != null || svg != null) {
            List<String> lines = new ArrayList<>();
            for (DerivativeResult r : results.values()) lines.add(latex(session, r));
            pictures(lines.size() == 1 ? lines.get(0) : "\\begin{array}{l}" + String.join(" \\\\ ", lines) + "\\end{array}");
        }
        return 0;
    }

    /** --steps: each derivation worked out; --standalone: as a document; --png/--svg: its picture. */
    private int withSteps() throws Exception {
        Session session = new Session(lets.context()).layout(Layout.parse(layout));
        assume.applyTo(session);
        session.deriveAll(expression, wrt);   // the result itself, verified, before any steps are shown
        List<Derivation> derivations = new ArrayList<>();
        for (String w : wrt) derivations.add(Derivation.of(session, expression, w));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.latex || standalone) {
            if (standalone) {
                out.print(Derivation.document(derivations));
            } else {
                for (Derivation d : derivations) out.println(d.latex());
            }
        } else if (format == Format.json) {
            List<Object> docs = new ArrayList<>();
            for (Derivation d : derivations) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("expression", d.f().toString());
                json.put("wrt", d.variable().name());
                json.put("derivative", d.inVariables().toString());
                json.put("steps", d.text().lines().toList());
                json.put("latex", d.latex());
                docs.add(json);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(docs.size() == 1 ? docs.get(0) : docs));
        } else {
            for (int i = 0; i < derivations.size(); i++) {
                if (i > 0) out.println();
                out.print(derivations.get(i).text());
            }
        }
        if (png != null || svg != null) {
            List<String> fragments = new ArrayList<>();
            for (Derivation d : derivations) fragments.add(d.latex());
            String picture = fragments.size() == 1 ? fragments.get(0)
                    : "\\begin{array}{l}" + String.join(" \\\\ ", fragments) + "\\end{array}";
            pictures(picture);
        }
        return 0;
    }

    private void pictures(String latex) {
        if (png != null) {
            Pictures.png(latex, png);
            spec.commandLine().getErr().println("wrote " + png);
        }
        if (svg != null) {
            Pictures.svg(latex, svg);
            spec.commandLine().getErr().println("wrote " + svg);
        }
    }

    private void text(PrintWriter out, String exprText, DerivativeResult r, List<DMatrixRMaj> value) {
        String body = lets.ascii ? r.ascii() : r.text();
        String x = lets.ascii ? matcalc.syntax.Names.toAscii(r.wrt()) : r.wrt();
        out.println(plain("∂/∂" + x + " ") + exprText);
        out.println("  = " + body);
        if (r.isMatrixContraction()) {
            String index = r.derivative().wrt().shape().cols().isOne() ? "_k" : "_kl";
            out.println(plain("  this is Σ_ij Δ_ij ∂F_ij/∂" + x + " for a matrix Δ (" + r.shape().get(0) + "×"
                    + r.shape().get(1) + "): the " + r.shapeText() + " tensor ∂F/∂" + x + ", entries ∂F_ij/∂" + x + index
                    + ", contracted with Δ"));
        } else if (r.isTensor()) {
            out.println(plain("  this is δ ∂f/∂" + x + " for a row vector δ (1×" + r.shape().get(0) + "): the "
                    + r.shapeText() + " tensor ∂f/∂" + x + ", entries ∂f_i/∂" + x + "_jk, contracted with δ"));
        }
        out.println(plain("  shape " + r.shapeText() + " (" + r.layout().word() + " layout); ") + verification(r));
        if (value != null) {
            for (int i = 0; i < value.size(); i++) {
                out.println(value.size() == 1 && !r.isTensor() ? "  value:" : "  value, slice " + slice(r, i) + ":");
                out.println(Values.grid(value.get(i)).indent(2).stripTrailing());
            }
        }
    }

    /** Which slice of a tensor's value: i = 2, or (i, j) = (1, 2) for a matrix F. */
    private String slice(DerivativeResult r, int k) {
        if (!r.isMatrixContraction()) return "i = " + (k + 1);
        int cols = r.columnsOfF(Point.load(at));
        return "(i, j) = (" + (k / cols + 1) + ", " + (k % cols + 1) + ")";
    }

    /** With --ascii, the words around the result in ASCII too: d/dx, d x n, n*m, delta. */
    private String plain(String text) {
        return lets.ascii ? text.replace("∂", "d").replace("×", " x ").replace("·", "*").replace("δ", "delta") : text;
    }

    static String verification(DerivativeResult r) {
        var v = r.verification();
        if (v.passed()) return "checked against finite differences at " + v.points() + " random points";
        return "NOT checked numerically: " + v.detail();
    }

    private Map<String, Object> json(String exprText, DerivativeResult r, List<DMatrixRMaj> value, Point point) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("expression", exprText);
        json.put("wrt", r.wrt());
        json.put("derivative", lets.ascii ? r.ascii() : r.text());
        json.put("latex", r.latex());
        List<String> shape = new ArrayList<>();
        for (Dim d : r.shape()) shape.add(lets.ascii ? d.ascii() : d.toString());
        json.put("shape", shape);
        json.put("layout", r.layout().word());
        json.put("tensor", r.isTensor());
        json.put("verified", r.verification().passed());
        if (value != null) {
            if (r.isMatrixContraction()) {
                // [i][j] is the slice ∂F_ij/∂X
                int cols = r.columnsOfF(point);
                List<Object> rowsOfSlices = new ArrayList<>();
                for (int i = 0; i < value.size(); i += cols) {
                    List<Object> row = new ArrayList<>();
                    for (int j = 0; j < cols; j++) row.add(Values.rows(value.get(i + j)));
                    rowsOfSlices.add(row);
                }
                json.put("value", rowsOfSlices);
            } else if (r.isTensor()) {
                List<Object> slices = new ArrayList<>();
                for (DMatrixRMaj s : value) slices.add(Values.rows(s));
                json.put("value", slices);
            } else {
                json.put("value", Values.rows(value.get(0)));
            }
        }
        return json;
    }


    private String latex(Session session, DerivativeResult r) {
        Expr f = r.derivative().f();
        String num = session.context().definitions().entrySet().stream()
                .filter(e -> session.context().check("input", e.getKey()).expr().equals(f))
                .map(e -> LatexPrinter.name(e.getKey(), f.shape()))
                .findFirst().orElse(null);
        String variable = LatexPrinter.name(r.wrt(), r.derivative().wrt().shape());
        String lhs = num != null ? "\\frac{\\partial " + num + "}{\\partial " + variable + "}"
                : "\\frac{\\partial}{\\partial " + variable + "}\\left[" + new LatexPrinter().print(f) + "\\right]";
        return lhs + " = " + r.latex();
    }
}
