package matcalc.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import matcalc.calculus.Derivative;
import matcalc.calculus.Verification;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.Diagnosis;
import matcalc.check.Judgement;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Numbers;
import matcalc.numeric.Values;
import matcalc.shape.Context;
import matcalc.core.TextPrinter;
import matcalc.steps.Derivation;

/**
 * Views as the terminal shows them, in Unicode or ASCII: the question, the answer, its shape and
 * how it was checked. The CLI and the REPL both print with it. No trailing newline.
 */
public final class TextRenderer implements Renderer<String> {
    private final boolean ascii;
    private final TextPrinter printer;

    private TextRenderer(boolean ascii) {
        this.ascii = ascii;
        this.printer = TextPrinter.of(ascii);
    }

    public static TextRenderer unicode() {
        return new TextRenderer(false);
    }

    public static TextRenderer ascii() {
        return new TextRenderer(true);
    }

    public static TextRenderer of(boolean ascii) {
        return ascii ? ascii() : unicode();
    }

    private String print(Expr e) {
        return printer.print(e);
    }

    private String name(String name) {
        return printer.name(name);
    }

    /** With ASCII, the words around a result in ASCII too: d/dx, d x n, delta, x'. */
    private String plain(String text) {
        return printer.words(text);
    }

    @Override
    public String derivatives(DerivativesView v) {
        List<String> blocks = new ArrayList<>();
        matcalc.core.Intermediates.Joint joint = v.joint();
        String exprText = print(joint == null ? v.expression() : joint.expression());
        for (int i = 0; i < v.items().size(); i++) {
            blocks.add(derivative(exprText, v.item(i), joint == null ? null : joint.results().get(i)));
        }
        if (joint != null) {
            // one list for all the results, in the order they are computed: forward pass, then backward
            StringBuilder where = new StringBuilder();
            String lead = "where ";
            for (matcalc.core.Intermediates.Definition def : joint.definitions()) {
                if (where.length() > 0) where.append('\n');
                where.append(lead).append(name(def.name().name())).append(" = ").append(print(def.body()));
                lead = "      ";
            }
            blocks.add(where.toString());
        }
        return String.join("\n", blocks) + notes(v.unused(), IN_EXPRESSION);
    }

    public static final String IN_EXPRESSION = "the expression";
    public static final String IN_EXPRESSION_OR_ANSWER = "the expression or the answer";

    /** One line per assumption left out, each after a newline: "  note: the assumption … is not used: …". */
    private String notes(List<Context.UnusedAssumption> unused, String where) {
        StringBuilder out = new StringBuilder();
        for (Context.UnusedAssumption u : unused) out.append("\n  note: ").append(note(u, where));
        return out.toString();
    }

    /** "the assumption sum(y) = 1 is not used: y does not occur in the expression" (where: what was searched). */
    public String note(Context.UnusedAssumption u, String where) {
        List<String> names = new ArrayList<>();
        for (String n : u.variables()) names.add(name(n));
        String who = names.size() == 1 ? names.get(0) + " does"
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1) + " do";
        return "the assumption " + print(u.left()) + " = " + print(u.right()) + " is not used: " + who
                + " not occur in " + where;
    }

    /** One result; inNames: the result in the joint list's names, or null to print it as the item asks. */
    private String derivative(String exprText, DerivativeView item, Expr inNames) {
        VerifiedDerivative r = item.result();
        Derivative d = r.derivative();
        String x = name(d.wrt().name());
        String shape = Shapes.text(r.shape(), false);
        StringBuilder out = new StringBuilder();
        out.append(plain("∂/∂" + x + " ")).append(exprText).append('\n');
        matcalc.core.Intermediates named = inNames == null ? item.intermediates() : null;
        if (inNames != null) {
            out.append("  = ").append(print(inNames)).append('\n');
        } else if (named == null) {
            out.append("  = ").append(print(d.display())).append('\n');
        } else {
            // the result in terms of names, then each name's definition in the order they are computed
            out.append("  = ").append(print(named.result())).append('\n');
            String lead = "  where ";
            for (matcalc.core.Intermediates.Definition def : named.definitions()) {
                out.append(lead).append(name(def.name().name())).append(" = ").append(print(def.body())).append('\n');
                lead = "        ";
            }
        }
        // δ or Δ, or δ1, Δ1, … where the expression has a δ or Δ of its own
        String seed = d.isTensor() ? name(d.seedName()) : null;
        if (r.isMatrixContraction()) {
            String index = d.wrt().shape().cols().isOne() ? "_k" : "_kl";
            out.append(plain("  this is Σ_ij " + seed + "_ij ∂F_ij/∂" + x + " for a matrix " + seed + " (" + r.shape().get(0)
                    + "×" + r.shape().get(1) + "): the " + shape + " tensor ∂F/∂" + x + ", entries ∂F_ij/∂" + x + index
                    + ", contracted with " + seed)).append('\n');
        } else if (d.isTensor()) {
            out.append(plain("  this is " + seed + " ∂f/∂" + x + " for a row vector " + seed + " (1×" + r.shape().get(0)
                    + "): the " + shape + " tensor ∂f/∂" + x + ", entries ∂f_i/∂" + x + "_jk, contracted with " + seed))
                    .append('\n');
        }
        out.append(plain("  shape " + shape + " (" + d.layout().word() + " layout); ")).append(verification(r.verification(), ""));
        ValueView value = item.value();
        if (value != null) {
            for (int i = 0; i < value.slices().size(); i++) {
                boolean one = value.slices().size() == 1 && !d.isTensor();
                out.append('\n').append(one ? "  value:" : "  value, slice " + slice(r, value, i) + ":");
                out.append('\n').append(Values.grid(value.slices().get(i)).indent(2).stripTrailing());
            }
        }
        return out.toString();
    }

    /** Which slice of a tensor's value: i = 2, or (i, j) = (1, 2) for a matrix F. */
    private static String slice(VerifiedDerivative r, ValueView value, int k) {
        if (!r.isMatrixContraction()) return "i = " + (k + 1);
        int cols = value.columnsOfF();
        return "(i, j) = (" + (k / cols + 1) + ", " + (k % cols + 1) + ")";
    }

    /** "checked against finite differences[ of the gradient] at 3 random points", or why not. */
    static String verification(Verification v, String ofWhat) {
        if (v instanceof Verification.PassedJointly j) {
            return "checked against finite differences" + ofWhat + " at " + v.points() + " random points, jointly with the other "
                    + (j.results() - 1) + " results (one difference along all " + j.results() + " variables at once)";
        }
        if (v.passed()) return "checked against finite differences" + ofWhat + " at " + v.points() + " random points";
        return "NOT checked numerically: " + v.detail();
    }

    @Override
    public String hessian(HessianView v) {
        VerifiedDerivative h = v.result();
        StringBuilder out = new StringBuilder();
        out.append(plain("∂²/∂" + name(v.x().name()) + "∂" + name(v.y().name()) + "ᵀ ")).append(print(v.expression()));
        out.append("\n  = ").append(print(h.derivative().display()));
        out.append(plain("\n  shape " + Shapes.text(h.shape(), false) + "; "))
                .append(verification(h.verification(), " of the gradient"));
        if (v.value() != null) {
            out.append("\n  value:\n").append(Values.grid(v.value().single()).indent(2).stripTrailing());
        }
        return out.append(notes(v.unused(), IN_EXPRESSION)).toString();
    }

    @Override
    public String check(CheckView v) {
        Judgement r = v.judgement();
        Derivative expected = r.expected().derivative();
        String wrt = name(expected.wrt().name());
        String derivative = plain("∂f/∂" + wrt + " for f = ") + print(v.expression());
        StringBuilder out = new StringBuilder();
        if (r.correct()) {
            out.append("correct: ").append(r.answer()).append(" is ").append(derivative).append('\n');
            out.append(plain("  shape " + r.answerShape() + " (" + r.layout().word() + " layout); ")).append(how(r));
            return out.append(notes(v.unused(), IN_EXPRESSION_OR_ANSWER)).toString();
        }
        if (r.undecided()) {
            out.append("undecided: ").append(r.answer()).append(" could not be checked against ").append(derivative).append('\n');
            out.append("  ").append(diagnosis(r.diagnosis()));
            return out.append(notes(v.unused(), IN_EXPRESSION_OR_ANSWER)).toString();
        }
        out.append("wrong: ").append(r.answer()).append(" is not ").append(derivative).append('\n');
        out.append("  ").append(diagnosis(r.diagnosis()));
        Judgement.Counterexample c = r.counterexample();
        if (c != null) {
            out.append("\n  counterexample").append(c.sizes().isEmpty() ? "" : " with " + sizes(c.sizes())).append(':');
            c.point().forEach((name, value) -> out.append("\n    ").append(name(name)).append(" = ").append(compact(value)));
            out.append(plain("\n    ∂f/∂" + wrt + " = ")).append(compact(c.expected()));
            if (c.answer() != null) out.append("\n    your answer = ").append(compact(c.answer()));
        }
        if (v.reveal()) {
            out.append("\n  the derivative is ").append(print(expected.display())).append(" (")
                    .append(plain(Shapes.text(r.expected().shape(), false))).append(", ").append(r.layout().word())
                    .append(" layout)");
        }
        return out.append(notes(v.unused(), IN_EXPRESSION_OR_ANSWER)).toString();
    }

    /** What is wrong with an answer, in words: in Unicode, or all in ASCII (df/dx, d x n, x'). */
    public String diagnosis(Diagnosis d) {
        StringBuilder out = new StringBuilder();
        for (DiagnosisWords.Part p : DiagnosisWords.of(d)) out.append(part(p));
        return out.toString();
    }

    private String part(DiagnosisWords.Part p) {
        if (p instanceof DiagnosisWords.Words w) return plain(w.text());
        if (p instanceof DiagnosisWords.Expression m) return print(m.expr());
        if (p instanceof DiagnosisWords.Diagonal g) return (ascii ? Fn.DIAG.fnName() : Fn.DIAG.unicodeName()) + "(" + print(g.expr()) + ")";
        if (p instanceof DiagnosisWords.Name n) return name(n.var().name());
        if (p instanceof DiagnosisWords.Definition d) return name(d.name().name()) + " = " + print(d.value());
        if (p instanceof DiagnosisWords.FunctionName f) {
            return f.application() instanceof Expr.UserFn u ? name(u.name()) : ((Expr.Apply) f.application()).fn().fnName();
        }
        if (p instanceof DiagnosisWords.Partial d) return plain((d.negated() ? "−" : "") + "∂f/∂") + name(d.wrt().name());
        if (p instanceof DiagnosisWords.Size s) return plain(s.shape().rows() + "×" + s.shape().cols());
        if (p instanceof DiagnosisWords.Fraction f) {
            long[] q = DiagnosisWords.fraction(f.value());
            if (q == null) return Values.number(f.value());
            return plain((q[0] < 0 ? "−" : "") + q[1] + (q[2] == 1 ? "" : "/" + q[2]));
        }
        if (p instanceof DiagnosisWords.Decimal d) return Numbers.format(DiagnosisWords.fourDigits(d.value()));
        if (p instanceof DiagnosisWords.Sizes s) return sizes(s.sizes());
        throw new IllegalStateException("a part of a diagnosis with no text: " + p);
    }

    private static String how(Judgement r) {
        return r.method() == Judgement.Method.SYMBOLIC ? "equal to matcalc's derivative after simplification"
                : "equal to matcalc's derivative at " + r.points() + " random points with " + matcalc.check.AnswerChecker.SIZE_SETS
                + " sets of sizes";
    }

    private String sizes(Map<String, Integer> sizes) {
        List<String> parts = new ArrayList<>();
        sizes.forEach((d, n) -> parts.add(name(d) + " = " + n));
        return String.join(", ", parts);
    }

    /** A value on one line, 4 significant digits: a column vector as a flat list, a matrix as rows. */
    static String compact(List<List<Double>> rows) {
        boolean column = rows.stream().allMatch(r -> r.size() == 1);
        if (column && rows.size() == 1) return number(rows.get(0).get(0));
        List<String> parts = new ArrayList<>();
        for (List<Double> row : rows) {
            if (column) {
                parts.add(number(row.get(0)));
            } else {
                List<String> entries = new ArrayList<>();
                for (double x : row) entries.add(number(x));
                parts.add("[" + String.join(", ", entries) + "]");
            }
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String number(double x) {
        String s = String.format(Locale.ROOT, "%.4g", x);
        if (s.contains("e") || !s.contains(".")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String steps(StepsView v) {
        List<String> parts = new ArrayList<>();
        for (Derivation d : v.items()) parts.add(d.text(ascii).stripTrailing());
        return String.join("\n\n", parts);
    }

    @Override
    public String eval(EvalView v) {
        String text = print(v.expression());
        var value = v.value();
        if (v.expression().shape().isScalar()) return text + " = " + Values.number(value.get(0, 0));
        String what = v.expression().shape().isVector() ? "vector of length " + value.numRows
                : value.numRows + plain("×") + value.numCols;
        return text + " =   (" + what + ")\n" + Values.grid(value);
    }

    @Override
    public String error(ErrorView v) {
        if (v.error() == null) return "error: " + v.message();
        return v.error().render(v.askedWith());
    }
}
