package matcalc.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import matcalc.core.Substitution;
import matcalc.calculus.Deriver;
import matcalc.calculus.Engine;
import matcalc.calculus.VerifiedDerivative;
import matcalc.calculus.Layout;
import matcalc.calculus.Occurrences;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.numeric.Values;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.core.Numbers;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Compares an answer with the derivative at the trial points and, when it is wrong, tries the
 * typical mistakes in turn: the transpose (or the other layout), a flipped sign or a constant
 * factor, a chain-rule path left out or counted twice, the derivative of a function left out.
 * Each mistake is a model evaluated at the same points, so a diagnosis is only given when the
 * answer equals the model everywhere; otherwise the answer gets a counterexample.
 */
final class Mistakes {
    /** At most this many paths or functions are tried as mistakes (each costs a derivation). */
    private static final int MAX_MODELS = 12;

    record Verdict(boolean correct, String diagnosis, Judgement.Counterexample counterexample) {}

    private final Trials trials;
    private final Context.Checked f;
    private final VerifiedDerivative expected;
    private final Layout layout;
    private final Deriver deriver;
    private final List<DMatrixRMaj> exp = new ArrayList<>();
    private final String what;

    Mistakes(Trials trials, Context.Checked f, VerifiedDerivative expected, Engine engine, Layout layout) {
        this.trials = trials;
        this.f = f;
        this.expected = expected;
        this.layout = layout;
        this.deriver = engine.deriver();
        for (Trials.Trial t : trials.all()) exp.add(trials.evaluate(t, expected.derivative().expr()));
        this.what = "∂f/∂" + expected.derivative().wrt().name();
    }

    Verdict judge(Expr answer, Shape answerShape) {
        List<DMatrixRMaj> ans = new ArrayList<>();
        for (Trials.Trial t : trials.all()) {
            try {
                ans.add(trials.evaluate(t, answer));
            } catch (MatcalcException undefined) {
                return new Verdict(false, "your answer is undefined at a point where " + what + " is defined: "
                        + undefined.getMessage(), counterexample(t, exp.get(trials.all().indexOf(t)), null));
            }
        }
        Shape es = expected.derivative().expr().shape();
        String expectedShape = AnswerChecker.showShape(es);
        String answerShapeText = AnswerChecker.showShape(answerShape);
        if (answerShape.equals(es)) {
            if (allClose(ans, exp)) return new Verdict(true, "", null);
            return diagnose(ans);
        }
        if (answerShape.equals(es.transpose())) {
            String head = "your answer is " + answerShapeText + "; in " + layout.word() + " layout " + what + " is "
                    + expectedShape + " — ";
            List<DMatrixRMaj> transposed = transposes(ans);
            if (allClose(transposed, exp)) return new Verdict(false, head + "it is the transpose" + layoutHint(), null);
            Verdict inner = diagnose(transposed);
            return new Verdict(false, head + "it has the shape of the transpose, and transposed it is still wrong: "
                    + inner.diagnosis(), inner.counterexample());
        }
        return new Verdict(false, "your answer is " + answerShapeText + ", but in " + layout.word() + " layout " + what
                + " is " + expectedShape + (es.isScalar() ? " (a scalar)" : ""), null);
    }

    private String layoutHint() {
        boolean gradient = expected.derivative().f().shape().isScalar();
        boolean vectorWrt = expected.derivative().wrt().shape().isVector();
        if (!vectorWrt && !expected.derivative().f().shape().isVector()) return "";
        String other = layout == Layout.NUMERATOR ? "denominator" : "numerator";
        return gradient && layout == Layout.NUMERATOR
                ? " (you wrote the gradient as a column, as in denominator layout; grading with layout either accepts that)"
                : " (you wrote it in " + other + " layout; grading with layout either accepts that)";
    }

    private Verdict diagnose(List<DMatrixRMaj> ans) {
        Shape es = expected.derivative().expr().shape();
        if (es.isSquare() && !es.isScalar() && allClose(transposes(ans), exp)) {
            return wrong("your answer is the transpose of " + what + layoutHint());
        }
        String factor = factor(ans);
        if (factor != null) return wrong(factor);
        String path = paths(ans);
        if (path != null) return wrong(path);
        String fn = functions(ans);
        if (fn != null) return wrong(fn);
        String varying = varyingFactor(ans);
        if (varying != null) {
            Trials.Trial t = trials.all().get(0);
            return new Verdict(false, varying, counterexample(t, exp.get(0), ans.get(0)));
        }
        for (int i = 0; i < ans.size(); i++) {
            if (!Trials.close(ans.get(i), exp.get(i))) {
                Trials.Trial t = trials.all().get(i);
                return new Verdict(false, "your answer differs from " + what + " at " + sizesText(t)
                        + "; it is none of the usual slips (transpose, sign, factor, a missing chain-rule term or "
                        + "function derivative)", counterexample(t, exp.get(i), ans.get(i)));
            }
        }
        throw new IllegalStateException("diagnose called on an answer that agrees everywhere");
    }

    private static Verdict wrong(String diagnosis) {
        return new Verdict(false, diagnosis, null);
    }

    /** A constant multiple of the derivative: the sign flipped, a factor 2 too many or too few. */
    private String factor(List<DMatrixRMaj> ans) {
        Double c = null;
        for (int i = 0; i < ans.size(); i++) {
            double ee = inner(exp.get(i), exp.get(i));
            if (ee < 1e-18) {
                if (NormOps_DDRM.normF(ans.get(i)) > 1e-9) return null;
                continue;
            }
            double ci = inner(ans.get(i), exp.get(i)) / ee;
            if (c == null) c = ci;
            if (Math.abs(ci - c) > 1e-6 * Math.max(1, Math.abs(c))) return null;
            DMatrixRMaj scaled = exp.get(i).copy();
            CommonOps_DDRM.scale(ci, scaled);
            if (!Trials.close(ans.get(i), scaled)) return null;
        }
        if (c == null) return null;
        if (Math.abs(c) < 1e-9) return "your answer is zero, but " + what + " is not";
        if (Math.abs(c + 1) < 1e-6) return "the sign is flipped: your answer is −" + what;
        String k = fraction(c);
        return "off by a factor of " + k + ": your answer is " + k + " times " + what;
    }

    /**
     * A multiple of the derivative at every point, by a factor that changes from point to point
     * (X for X / ‖X‖): a scalar factor is missing or wrong. Only for a derivative with two or more
     * entries, of which a scalar answer is trivially a multiple.
     */
    private String varyingFactor(List<DMatrixRMaj> ans) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ans.size(); i++) {
            if (exp.get(i).getNumElements() < 2) return null;
            double ee = inner(exp.get(i), exp.get(i));
            if (ee < 1e-18 || NormOps_DDRM.normF(ans.get(i)) < 1e-9) return null;
            double ci = inner(ans.get(i), exp.get(i)) / ee;
            DMatrixRMaj scaled = exp.get(i).copy();
            CommonOps_DDRM.scale(ci, scaled);
            if (!Trials.close(ans.get(i), scaled)) return null;
            lo = Math.min(lo, ci);
            hi = Math.max(hi, ci);
        }
        if (lo == Double.POSITIVE_INFINITY) return null;
        return "a scalar factor is missing or wrong: at every point your answer is a multiple of " + what
                + ", but by a factor that changes from point to point (from " + Numbers.format(roundTo4(lo))
                + " to " + Numbers.format(roundTo4(hi)) + ")";
    }

    private static double roundTo4(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }

    /** Σ a_ij b_ij (the Frobenius inner product). */
    private static double inner(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        for (int i = 0; i < a.getNumElements(); i++) s += a.data[i] * b.data[i];
        return s;
    }

    static String fraction(double c) {
        for (int q = 1; q <= 12; q++) {
            double p = c * q;
            if (Math.abs(p - Math.rint(p)) < 1e-6 * Math.max(1, Math.abs(p))) {
                long n = Math.round(p);
                String sign = n < 0 ? "−" : "";
                return q == 1 ? sign + Math.abs(n) : sign + Math.abs(n) + "/" + q;
            }
        }
        return Values.number(c);
    }

    /**
     * The chain rule's paths: the term of each occurrence of the variable, found by giving that
     * occurrence a name of its own and differentiating with respect to it.
     */
    private String paths(List<DMatrixRMaj> ans) {
        Expr.Var x = expected.derivative().wrt();
        int n = Occurrences.count(f.expr(), x, MAX_MODELS + 1);
        if (n < 2 || n > MAX_MODELS) return null;
        for (int k = 0; k < n; k++) {
            Expr.Var xk = (Expr.Var) Exprs.var(x.name() + "⁽" + (k + 1) + "⁾", x.shape());
            Occurrences.Replaced r = Occurrences.replace(f.expr(), x, k, xk);
            Expr term = derive(r.expr(), xk);
            if (term == null) continue;
            List<DMatrixRMaj> values = values(term, t -> Map.of(xk.name(), t.point().get(x.name())));
            if (values == null) continue;
            String shown = Substitution.replace(term, xk, x).toString();
            String where = "the path through " + r.where();
            if (allClose(ans, combine(exp, values, -1))) {
                return "a chain-rule term is missing: " + where + " contributes " + shown + ", and your answer leaves it out";
            }
            if (allClose(ans, combine(exp, values, 1))) {
                return "a chain-rule term is counted twice: " + where + " contributes " + shown + " once";
            }
            if (allClose(ans, values)) {
                return "only one path of the chain rule is there: " + where + " gives your answer, "
                        + "but " + x.name() + " occurs " + n + " times and each occurrence contributes a term";
            }
        }
        return null;
    }

    /**
     * A function's derivative left out: the function's value is kept but its Jacobian is taken as
     * the identity, modelled by g(u) ↦ u + κ with κ = g(u) − u a constant at each point.
     */
    private String functions(List<DMatrixRMaj> ans) {
        Expr.Var x = expected.derivative().wrt();
        Set<Expr> nodes = new LinkedHashSet<>();
        Occurrences.functions(f.expr(), x, nodes);
        int i = 0;
        for (Expr node : nodes) {
            if (++i > MAX_MODELS) break;
            Expr arg = node.children().get(0);
            Expr.Var kappa = (Expr.Var) Exprs.var("κ⁽" + i + "⁾", node.shape());
            Expr term = derive(Substitution.replace(f.expr(), node, Exprs.add(arg, kappa)), x);
            if (term == null) continue;
            List<DMatrixRMaj> values = values(term, t -> {
                DMatrixRMaj k = trials.evaluate(t, node).copy();
                CommonOps_DDRM.subtractEquals(k, trials.evaluate(t, arg));
                return Map.of(kappa.name(), k);
            });
            if (values != null && allClose(ans, values)) {
                return "the derivative of " + name(node) + " is missing: the chain rule through " + node
                        + " needs its Jacobian " + jacobian(node, arg) + ", and your answer leaves it out";
            }
        }
        return null;
    }

    private static String name(Expr node) {
        return node instanceof Expr.UserFn u ? u.name() : ((Expr.Apply) node).fn().fnName();
    }

    private static String jacobian(Expr node, Expr arg) {
        if (node instanceof Expr.Apply a && a.fn() == Fn.SOFTMAX) return "diag(s) − s sᵀ (s = " + node + ")";
        String g = node instanceof Expr.UserFn u ? u.name() : ((Expr.Apply) node).fn().fnName();
        Expr shown = node instanceof Expr.UserFn u ? Exprs.userFn(u.name(), 1, arg) : null;
        String derivative = shown != null ? shown.toString() : g + "'(" + arg + ")";
        return node.shape().isScalar() ? derivative : "diag(" + derivative + ")";
    }

    private Expr derive(Expr g, Expr.Var wrt) {
        try {
            return deriver.derive(g, List.of(wrt), layout, Map.of(), f.assumptions()).get(wrt.name()).expr();
        } catch (MatcalcException notDerivable) {
            return null;
        }
    }

    private List<DMatrixRMaj> values(Expr e, Function<Trials.Trial, Map<String, DMatrixRMaj>> extra) {
        List<DMatrixRMaj> out = new ArrayList<>();
        try {
            for (Trials.Trial t : trials.all()) out.add(trials.evaluate(t, e, extra.apply(t)));
        } catch (MatcalcException outsideDomain) {
            return null;
        }
        return out;
    }

    private static List<DMatrixRMaj> combine(List<DMatrixRMaj> a, List<DMatrixRMaj> b, double sign) {
        List<DMatrixRMaj> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            DMatrixRMaj m = a.get(i).copy();
            if (m.numRows != b.get(i).numRows || m.numCols != b.get(i).numCols) return List.of();
            CommonOps_DDRM.addEquals(m, sign, b.get(i));
            out.add(m);
        }
        return out;
    }

    private static boolean allClose(List<DMatrixRMaj> a, List<DMatrixRMaj> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Trials.close(a.get(i), b.get(i))) return false;
        return true;
    }

    private static List<DMatrixRMaj> transposes(List<DMatrixRMaj> ms) {
        List<DMatrixRMaj> out = new ArrayList<>();
        for (DMatrixRMaj m : ms) out.add(AnswerChecker.transpose(m));
        return out;
    }

    private static String sizesText(Trials.Trial t) {
        if (t.sizes().isEmpty()) return "a random point";
        List<String> parts = new ArrayList<>();
        t.sizes().forEach((d, n) -> parts.add(d + " = " + n));
        return "a random point with " + String.join(", ", parts);
    }

    private Judgement.Counterexample counterexample(Trials.Trial t, DMatrixRMaj e, DMatrixRMaj a) {
        Map<String, List<List<Double>>> point = new LinkedHashMap<>();
        for (String v : f.variables().keySet()) {
            if (t.point().has(v)) point.put(v, Values.rows(t.point().get(v)));
        }
        return new Judgement.Counterexample(new java.util.TreeMap<>(t.sizes()), point, Values.rows(e),
                a == null ? null : Values.rows(a));
    }
}
