package matcalc.present;

import java.util.ArrayList;
import java.util.List;
import matcalc.calculus.Derivative;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.Diagnosis;
import matcalc.check.Judgement;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Numbers;
import matcalc.core.Shape;
import matcalc.numeric.Values;
import matcalc.render.LatexPrinter;
import matcalc.steps.Derivation;
import org.ejml.data.DMatrixRMaj;

/**
 * Views as LaTeX: equations such as ∂/∂W [f] = (ŷ − y) xᵀ, the steps as aligned blocks (or a
 * complete document), values as bmatrix. One equation per line; no trailing newline.
 */
public final class LatexRenderer implements Renderer<String> {
    private final LatexPrinter printer = new LatexPrinter();

    /** ∂/∂W [f] = …, or ∂L/∂W = … where f is the user's intermediate L. */
    public String equation(DerivativeView item) {
        return equation(item, null, null);
    }

    /** The equation with the result in a joint list's names (f and the result in names), or as the item asks when null. */
    private String equation(DerivativeView item, Expr f, Expr inNames) {
        Derivative d = item.result().derivative();
        String variable = LatexPrinter.name(d.wrt().name(), d.wrt().shape());
        String lhs = item.fName() != null
                ? "\\frac{\\partial " + LatexPrinter.name(item.fName(), d.f().shape()) + "}{\\partial " + variable + "}"
                : "\\frac{\\partial}{\\partial " + variable + "}\\left[" + printer.print(f == null ? d.f() : f) + "\\right]";
        if (inNames != null) return lhs + " = " + printer.print(inNames);
        matcalc.core.Intermediates named = item.intermediates();
        if (named == null) return lhs + " = " + printer.print(d.display());
        StringBuilder out = new StringBuilder(lhs + " = " + printer.print(named.result()) + " \\quad \\text{where}");
        for (matcalc.core.Intermediates.Definition def : named.definitions()) {
            out.append("\n").append(LatexPrinter.name(def.name().name(), def.name().shape())).append(" = ")
                    .append(printer.print(def.body()));
        }
        return out.toString();
    }

    @Override
    public String derivatives(DerivativesView v) {
        List<String> lines = new ArrayList<>();
        matcalc.core.Intermediates.Joint joint = v.joint();
        for (int i = 0; i < v.items().size(); i++) {
            lines.add(joint == null ? equation(v.item(i))
                    : equation(v.item(i), joint.expression(), joint.results().get(i)));
        }
        if (joint != null) {
            // one list of definitions for all the equations above
            lines.add("\\text{where}");
            for (matcalc.core.Intermediates.Definition def : joint.definitions()) {
                lines.add(LatexPrinter.name(def.name().name(), def.name().shape()) + " = " + printer.print(def.body()));
            }
        }
        return String.join("\n", lines);
    }

    @Override
    public String hessian(HessianView v) {
        VerifiedDerivative h = v.result();
        String x = LatexPrinter.name(v.x().name(), v.x().shape());
        String y = LatexPrinter.name(v.y().name(), v.y().shape());
        return "\\frac{\\partial^2}{\\partial " + x + " \\partial " + y + "^\\top}\\left[" + printer.print(v.expression())
                + "\\right] = " + printer.print(h.derivative().display());
    }

    @Override
    public String check(CheckView v) {
        Judgement r = v.judgement();
        Derivative d = r.expected().derivative();
        String variable = LatexPrinter.name(d.wrt().name(), d.wrt().shape());
        String derivative = "\\frac{\\partial}{\\partial " + variable + "}\\left[" + printer.print(v.expression()) + "\\right]";
        String answer = printer.print(r.answerExpr());
        if (r.correct()) return answer + " = " + derivative + " \\quad \\text{(correct)}";
        if (r.undecided()) return answer + " \\stackrel{?}{=} " + derivative + " \\quad " + diagnosis(r.diagnosis(), "(undecided: ", ")");
        String out = answer + " \\neq " + derivative + " \\quad " + diagnosis(r.diagnosis(), "(", ")");
        if (v.reveal()) out += "\n" + derivative + " = " + printer.print(d.display());
        return out;
    }

    /**
     * What is wrong with an answer, between two words: the words in \\text{…}, expressions, names,
     * ∂f/∂x, shapes and numbers as math.
     */
    public String diagnosis(Diagnosis d, String before, String after) {
        StringBuilder out = new StringBuilder();
        StringBuilder words = new StringBuilder(before);
        for (DiagnosisWords.Part p : DiagnosisWords.of(d)) {
            if (p instanceof DiagnosisWords.Words w) {
                words.append(w.text());
                continue;
            }
            if (words.length() > 0) out.append("\\text{").append(text(words.toString())).append('}');
            words.setLength(0);
            out.append(part(p));
        }
        words.append(after);
        if (words.length() > 0) out.append("\\text{").append(text(words.toString())).append('}');
        return out.toString();
    }

    private String part(DiagnosisWords.Part p) {
        if (p instanceof DiagnosisWords.Expression m) return printer.print(m.expr());
        if (p instanceof DiagnosisWords.Diagonal g) return Fn.DIAG.latex() + "\\left(" + printer.print(g.expr()) + "\\right)";
        if (p instanceof DiagnosisWords.Name n) return LatexPrinter.name(n.var().name(), n.var().shape());
        if (p instanceof DiagnosisWords.Definition d) {
            return LatexPrinter.name(d.name().name(), d.name().shape()) + " = " + printer.print(d.value());
        }
        if (p instanceof DiagnosisWords.FunctionName f) {
            return f.application() instanceof Expr.UserFn u ? LatexPrinter.name(u.name(), Shape.SCALAR)
                    : ((Expr.Apply) f.application()).fn().latex();
        }
        if (p instanceof DiagnosisWords.Partial d) {
            return (d.negated() ? "-" : "") + "\\frac{\\partial f}{\\partial "
                    + LatexPrinter.name(d.wrt().name(), d.wrt().shape()) + "}";
        }
        if (p instanceof DiagnosisWords.Size s) return dim(s.shape().rows()) + " \\times " + dim(s.shape().cols());
        if (p instanceof DiagnosisWords.Fraction f) {
            long[] q = DiagnosisWords.fraction(f.value());
            if (q == null) return Values.number(f.value());
            return (q[0] < 0 ? "-" : "") + (q[2] == 1 ? Long.toString(q[1]) : "\\frac{" + q[1] + "}{" + q[2] + "}");
        }
        if (p instanceof DiagnosisWords.Decimal d) return Numbers.format(DiagnosisWords.fourDigits(d.value()));
        if (p instanceof DiagnosisWords.Sizes s) {
            List<String> parts = new ArrayList<>();
            s.sizes().forEach((name, n) -> parts.add(LatexPrinter.name(name, Shape.SCALAR) + " = " + n));
            return String.join(", ", parts);
        }
        throw new IllegalStateException("a part of a diagnosis with no LaTeX: " + p);
    }

    /** A dimension in math: n, 3, n \\cdot m. */
    private static String dim(Dim d) {
        return d.toString().replace("·", " \\cdot ");
    }

    @Override
    public String steps(StepsView v) {
        if (v.standalone()) return Derivation.document(v.items()).stripTrailing();
        List<String> parts = new ArrayList<>();
        for (Derivation d : v.items()) parts.add(d.latex());
        return String.join("\n", parts);
    }

    @Override
    public String eval(EvalView v) {
        return printer.print(v.expression()) + " = " + matrix(v.expression(), v.value());
    }

    /** A number, or a bmatrix of the entries (a column vector as a column). */
    static String matrix(Expr e, DMatrixRMaj value) {
        if (e.shape().isScalar()) return Values.number(value.get(0, 0));
        StringBuilder sb = new StringBuilder("\\begin{bmatrix}");
        for (int i = 0; i < value.numRows; i++) {
            if (i > 0) sb.append(" \\\\ ");
            for (int j = 0; j < value.numCols; j++) {
                if (j > 0) sb.append(" & ");
                sb.append(Values.number(value.get(i, j)));
            }
        }
        return sb.append("\\end{bmatrix}").toString();
    }

    @Override
    public String error(ErrorView v) {
        String message = v.error() == null ? v.message() : v.error().getMessage();
        return "\\text{error: " + text(message) + "}";
    }

    /** Plain words inside \text{…}: TeX's special characters escaped, dashes as TeX writes them. */
    static String text(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '—' -> out.append("---");
                case '–' -> out.append("--");
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '$', '&', '#', '_', '%' -> out.append('\\').append(c);
                case '^' -> out.append("\\^{}");
                case '~' -> out.append("\\~{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
