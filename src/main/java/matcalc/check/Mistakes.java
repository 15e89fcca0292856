package matcalc.check;

import java.util.ArrayList;
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
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Compares an answer with the derivative at the trial points and, when it is wrong, tries the
 * typical mistakes in turn ({@link #models}): the transpose (or the other layout), a flipped sign
 * or a constant factor, a chain-rule path left out or counted twice, the derivative of a function
 * left out, a scalar factor that varies. Each mistake is a model evaluated at the same points, so
 * a diagnosis is only given when the answer equals the model everywhere; otherwise the answer
 * gets a counterexample. The diagnosis is data ({@link Diagnosis}); present words it.
 */
final class Mistakes {
    /** At most this many paths or functions are tried as mistakes (each costs a derivation). */
    private static final int MAX_MODELS = 12;

    /** The verdict: a diagnosis (null when correct), and a point where the answer differs, if one is shown. */
    record Verdict(boolean correct, Diagnosis diagnosis, Judgement.Counterexample counterexample) {}

    /** A typical slip: its diagnosis if the answer's values (at every trial point) fit it, else null. */
    private interface Model {
        Diagnosis match(List<DMatrixRMaj> answer);
    }

    /** The models of an answer of the derivative's shape, in the order they are tried; the first that fits wins. */
    private final List<Model> models = List.of(this::transpose, this::factor, this::paths, this::functions,
            this::varyingFactor, this::symmetric);

    private final Trials trials;
    private final Context.Checked f;
    private final VerifiedDerivative expected;
    private final Layout layout;
    private final Deriver deriver;
    private final List<DMatrixRMaj> exp = new ArrayList<>();
    private final Expr.Var x;

    Mistakes(Trials trials, Context.Checked f, VerifiedDerivative expected, Engine engine, Layout layout) {
        this.trials = trials;
        this.f = f;
        this.expected = expected;
        this.layout = layout;
        this.deriver = engine.deriver();
        for (Trials.Trial t : trials.all()) exp.add(trials.evaluate(t, expected.derivative().expr()));
        this.x = expected.derivative().wrt();
    }

    Verdict judge(Expr answer, Shape answerShape) {
        List<DMatrixRMaj> ans = new ArrayList<>();
        for (Trials.Trial t : trials.all()) {
            try {
                ans.add(trials.evaluate(t, answer));
            } catch (MatcalcException undefined) {
                return new Verdict(false, new Diagnosis.Undefined(x, undefined.getMessage()),
                        counterexample(t, exp.get(trials.all().indexOf(t)), null));
            }
        }
        Shape es = expected.derivative().expr().shape();
        if (answerShape.equals(es)) {
            if (allClose(ans, exp)) return new Verdict(true, null, null);
            judged = answer;
            return diagnose(ans);
        }
        if (answerShape.equals(es.transpose())) {
            judged = Exprs.transpose(answer);
            List<DMatrixRMaj> transposed = transposes(ans);
            if (allClose(transposed, exp)) {
                return wrong(new Diagnosis.Transpose(x, answerShape, es, layout, layoutHint()));
            }
            Verdict inner = diagnose(transposed);
            return new Verdict(false, new Diagnosis.TransposedStillWrong(x, answerShape, es, layout, inner.diagnosis()),
                    inner.counterexample());
        }
        return wrong(new Diagnosis.WrongShape(x, answerShape, es, layout));
    }

    private Diagnosis.LayoutHint layoutHint() {
        boolean gradient = expected.derivative().f().shape().isScalar();
        boolean vectorWrt = x.shape().isVector();
        if (!vectorWrt && !expected.derivative().f().shape().isVector()) return Diagnosis.LayoutHint.NONE;
        return gradient && layout == Layout.NUMERATOR ? Diagnosis.LayoutHint.GRADIENT_AS_COLUMN
                : Diagnosis.LayoutHint.OTHER_LAYOUT;
    }

    private Verdict diagnose(List<DMatrixRMaj> ans) {
        for (Model model : models) {
            Diagnosis d = model.match(ans);
            if (d instanceof Diagnosis.VaryingFactor) {   // shown at a point, where the factor has one value
                return new Verdict(false, d, counterexample(trials.all().get(0), exp.get(0), ans.get(0)));
            }
            if (d != null) return wrong(d);
        }
        for (int i = 0; i < ans.size(); i++) {
            if (!Trials.close(ans.get(i), exp.get(i))) {
                Trials.Trial t = trials.all().get(i);
                return new Verdict(false, new Diagnosis.NoUsualSlip(x, t.sizes()), counterexample(t, exp.get(i), ans.get(i)));
            }
        }
        throw new IllegalStateException("diagnose called on an answer that agrees everywhere");
    }

    private static Verdict wrong(Diagnosis diagnosis) {
        return new Verdict(false, diagnosis, null);
    }

    /** The answer being diagnosed, of the derivative's shape (transposed if the answer is of the transpose's). */
    private Expr judged;

    /**
     * Right only for a symmetric matrix: the answer equals the derivative at every point once a
     * square matrix of f (other than the variable) is replaced by its symmetric part (A + Aᵀ)/2,
     * as in 2 xᵀ A for ∂(xᵀ A x)/∂x. A matrix declared symmetric is drawn symmetric already, so
     * the answer, wrong at the points, cannot fit the model for it.
     */
    private Diagnosis symmetric(List<DMatrixRMaj> ans) {
        if (judged == null) return null;
        Set<Expr.Var> matrices = new LinkedHashSet<>();
        squareMatrices(f.expr(), matrices);
        for (Expr.Var m : matrices) {
            Symmetrised sym = symmetrised.computeIfAbsent(m, this::symmetrised).orElse(null);
            if (sym == null) continue;
            List<DMatrixRMaj> answerThere = values(judged, t -> sym.points().get(t));
            if (answerThere != null && allClose(answerThere, sym.expected())) return new Diagnosis.OnlyIfSymmetric(x, m);
        }
        return null;
    }

    /** Each trial's value of a matrix replaced by its symmetric part, and the derivative at those points. */
    private record Symmetrised(Map<Trials.Trial, Map<String, DMatrixRMaj>> points, List<DMatrixRMaj> expected) {}

    /** Like the paths' and functions' values, made once per matrix and kept for every later answer. */
    private final Map<Expr.Var, java.util.Optional<Symmetrised>> symmetrised = new java.util.HashMap<>();

    /** The trials with m symmetrised, or empty where the derivative cannot be evaluated there. */
    private java.util.Optional<Symmetrised> symmetrised(Expr.Var m) {
        Map<Trials.Trial, Map<String, DMatrixRMaj>> points = new java.util.IdentityHashMap<>();
        for (Trials.Trial t : trials.all()) {
            DMatrixRMaj a = t.point().get(m.name());
            DMatrixRMaj s = AnswerChecker.transpose(a);
            CommonOps_DDRM.addEquals(s, a);
            CommonOps_DDRM.scale(0.5, s);
            points.put(t, Map.of(m.name(), s));
        }
        return java.util.Optional.ofNullable(values(expected.derivative().expr(), points::get))
                .map(values -> new Symmetrised(points, values));
    }

    /** The user's square matrices in e, other than the variable, in order of first occurrence. */
    private void squareMatrices(Expr e, Set<Expr.Var> out) {
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.USER && !v.equals(x) && v.shape().isSquare() && !v.shape().isScalar()) {
            out.add(v);
        }
        for (Expr c : e.children()) squareMatrices(c, out);
    }

    /** The transpose of a square derivative (the shape of the answer tells a non-square one). */
    private Diagnosis transpose(List<DMatrixRMaj> ans) {
        Shape es = expected.derivative().expr().shape();
        if (es.isSquare() && !es.isScalar() && allClose(transposes(ans), exp)) {
            return new Diagnosis.Transpose(x, es, es, layout, layoutHint());
        }
        return null;
    }

    /** A constant multiple of the derivative: the sign flipped, a factor 2 too many or too few. */
    private Diagnosis factor(List<DMatrixRMaj> ans) {
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
        if (Math.abs(c) < 1e-9) return new Diagnosis.Zero(x);
        if (Math.abs(c + 1) < 1e-6) return new Diagnosis.Sign(x);
        return new Diagnosis.Factor(x, fraction(c));
    }

    /**
     * A multiple of the derivative at every point, by a factor that changes from point to point
     * (X for X / ‖X‖): a scalar factor is missing or wrong. Only for a derivative with two or more
     * entries, of which a scalar answer is trivially a multiple.
     */
    private Diagnosis varyingFactor(List<DMatrixRMaj> ans) {
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
        return new Diagnosis.VaryingFactor(x, lo, hi);
    }

    /** Σ a_ij b_ij (the Frobenius inner product). */
    private static double inner(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        for (int i = 0; i < a.getNumElements(); i++) s += a.data[i] * b.data[i];
        return s;
    }

    /** c as the fraction p/q (q ≤ 12) it is within rounding of, else c itself. */
    static double fraction(double c) {
        for (int q = 1; q <= 12; q++) {
            double p = c * q;
            if (Math.abs(p - Math.rint(p)) < 1e-6 * Math.max(1, Math.abs(p))) return (double) Math.round(p) / q;
        }
        return c;
    }

    /**
     * The chain rule's paths: the term of each occurrence of the variable, found by giving that
     * occurrence a name of its own and differentiating with respect to it.
     */
    private Diagnosis paths(List<DMatrixRMaj> ans) {
        int n = Occurrences.count(f.expr(), x, MAX_MODELS + 1);
        if (n < 2 || n > MAX_MODELS) return null;
        for (int k = 0; k < n; k++) {
            Path path = pathTerms.computeIfAbsent(k, this::path).orElse(null);
            if (path == null) continue;
            List<DMatrixRMaj> values = path.values();
            if (allClose(ans, combine(exp, values, -1))) return new Diagnosis.MissingPath(x, path.place(), path.shown());
            if (allClose(ans, combine(exp, values, 1))) return new Diagnosis.DoubledPath(x, path.place(), path.shown());
            if (allClose(ans, values)) return new Diagnosis.OnlyPath(x, path.place(), n);
        }
        return null;
    }

    /**
     * A model's values at the trials do not depend on the answer: each is computed once, when an
     * answer first needs it, and kept for every later answer judged by the same Mistakes.
     */
    private record Path(Occurrences.Place place, Expr shown, List<DMatrixRMaj> values) {}

    private final Map<Integer, java.util.Optional<Path>> pathTerms = new java.util.HashMap<>();
    private final Map<Integer, java.util.Optional<List<DMatrixRMaj>>> functionTerms = new java.util.HashMap<>();

    /** The term of the k-th occurrence of x at every trial, or empty where it cannot be derived or evaluated. */
    private java.util.Optional<Path> path(int k) {
        Expr.Var xk = (Expr.Var) Exprs.var(x.name() + "⁽" + (k + 1) + "⁾", x.shape());
        Occurrences.Replaced r = Occurrences.replace(f.expr(), x, k, xk);
        Expr term = derive(r.expr(), xk);
        if (term == null) return java.util.Optional.empty();
        List<DMatrixRMaj> values = values(term, t -> Map.of(xk.name(), t.point().get(x.name())));
        if (values == null) return java.util.Optional.empty();
        return java.util.Optional.of(new Path(r.place(), Substitution.replace(term, xk, x), values));
    }

    /**
     * A function's derivative left out: the function's value is kept but its Jacobian is taken as
     * the identity, modelled by g(u) ↦ u + κ with κ = g(u) − u a constant at each point.
     */
    private Diagnosis functions(List<DMatrixRMaj> ans) {
        Set<Expr> nodes = new LinkedHashSet<>();
        Occurrences.functions(f.expr(), x, nodes);
        int i = 0;
        for (Expr node : nodes) {
            if (++i > MAX_MODELS) break;
            Expr arg = node.children().get(0);
            final int index = i;
            List<DMatrixRMaj> values = functionTerms.computeIfAbsent(i, j -> withoutJacobian(node, index)).orElse(null);
            if (values != null && allClose(ans, values)) return missingJacobian(node, arg);
        }
        return null;
    }

    /** The derivative with the i-th function node's Jacobian taken as the identity, at every trial, or empty. */
    private java.util.Optional<List<DMatrixRMaj>> withoutJacobian(Expr node, int i) {
        Expr arg = node.children().get(0);
        Expr.Var kappa = (Expr.Var) Exprs.var("κ⁽" + i + "⁾", node.shape());
        Expr term = derive(Substitution.replace(f.expr(), node, Exprs.add(arg, kappa)), x);
        if (term == null) return java.util.Optional.empty();
        return java.util.Optional.ofNullable(values(term, t -> {
            DMatrixRMaj k = trials.evaluate(t, node).copy();
            CommonOps_DDRM.subtractEquals(k, trials.evaluate(t, arg));
            return Map.of(kappa.name(), k);
        }));
    }

    /** softmax's Jacobian diag(s) − s sᵀ with s = softmax(u); else diag(g'(u)), or g'(u) for a scalar. */
    private Diagnosis missingJacobian(Expr node, Expr arg) {
        if (node instanceof Expr.Apply a && a.fn() == Fn.SOFTMAX) {
            // of a batch, each column's Jacobian: s is one column of softmax(u)
            Expr.Var s = (Expr.Var) Exprs.var("s", matcalc.core.Shape.vector(node.shape().rows()));
            Expr jacobian = Exprs.sub(Exprs.apply(Fn.DIAG, s), Exprs.mul(s, Exprs.transpose(s)));
            return new Diagnosis.MissingJacobian(x, node, jacobian, false, s);
        }
        // g'(u) by the function's name, the built-in ones too (tanh'(u)), as a student writes it
        String g = node instanceof Expr.UserFn u ? u.name() : ((Expr.Apply) node).fn().fnName();
        return new Diagnosis.MissingJacobian(x, node, Exprs.userFn(g, 1, arg), !node.shape().isScalar(), null);
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

    private Judgement.Counterexample counterexample(Trials.Trial t, DMatrixRMaj e, DMatrixRMaj a) {
        Map<String, List<List<Double>>> point = new LinkedHashMap<>();
        for (String v : f.variables().keySet()) {
            if (t.point().has(v)) point.put(v, Values.rows(t.point().get(v)));
        }
        return new Judgement.Counterexample(new java.util.TreeMap<>(t.sizes()), point, Values.rows(e),
                a == null ? null : Values.rows(a));
    }
}
