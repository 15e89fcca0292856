package matcalc.calculus;

import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Interior;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.plan.Plan;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Checks a derivative against central finite differences: at random sizes for every symbolic
 * dimension and random points inside the functions' domains, along random directions V,
 * (f(X + hV) − f(X − hV)) / 2h must equal the derivative applied to V, to a relative tolerance
 * of {@value #TOLERANCE}. Undeclared functions (h, g) are replaced by smooth stand-ins with known
 * derivatives; points are drawn to satisfy assumptions of the form sum(y) = c or α = c.
 */
public final class Verifier {
    public static final double TOLERANCE = 1e-5;
    private static final double STEP = 1e-6;

    private final Random random;
    private final Sampler sampler;

    public Verifier(long seed) {
        this.random = new Random(seed);
        this.sampler = new Sampler(random);
    }

    private Map<String, matcalc.core.Elementwise> stated = Map.of();

    /** The stated derivatives (h'(u) = 1 − h(u).^2): h is drawn as a solution of each. */
    public Verifier withStated(Map<String, matcalc.core.Elementwise> statedDerivatives) {
        this.stated = Map.copyOf(statedDerivatives);
        return this;
    }

    /** Declared properties of the variables (symmetric, spd, …), respected by the random points. */
    public Verifier withProperties(Map<String, java.util.List<String>> properties) {
        sampler.withProperties(properties);
        return this;
    }

    /**
     * f and the derivative compiled once per check (null where they call an undeclared function:
     * the evaluator with its stand-ins computes those): the finite differences evaluate f many times.
     */
    private Plan fPlan;
    private Plan derivativePlan;

    /** Checks d at {@code wanted} random points (each with its own sizes and two directions). */
    public Verification check(Derivative d, Map<Expr, Expr> assumptions, int wanted) {
        fPlan = plan(d.f());
        derivativePlan = d.isTensor() ? plan(d.expr()) : null;
        int passed = 0;
        Interior.Misses misses = new Interior.Misses();
        for (int attempt = 0; attempt < wanted * 6 && passed < wanted; attempt++) {
            Sampler.Mode mode = attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
            // the variable too: it may not occur in the expression at all (the derivative is then 0)
            Map<String, Integer> sizes = sampler.sizes(d.f(), d.expr(), d.wrt());
            // the point, f's and the derivative's values, and x ± hV, V, …: at a huge declared size, say so
            String tooLarge = matcalc.numeric.Footprint.tooLarge("the check", sizes, 6, d.f(), d.expr(), d.wrt());
            if (tooLarge != null) return new Verification.Unchecked(passed, tooLarge);
            Point p = sampler.point(sizes, mode, d.f(), d.expr(), d.wrt());
            String unmet = satisfy(p, assumptions, sizes);
            if (unmet != null) return new Verification.Unchecked(0, unmet);
            try {
                String mismatch = compare(d, p, sizes);
                if (mismatch != null) return new Verification.Mismatch(passed, mismatch);
                passed++;
            } catch (MatcalcException rejected) {
                misses.record(rejected);
            }
        }
        if (passed >= wanted) return new Verification.Passed(passed);
        String lastProblem = misses.problem() != null ? misses.problem() : "no point inside the functions' domains was found";
        return new Verification.Unchecked(passed, misses.condition() == null ? lastProblem
                : "no point found where " + misses.condition() + " (" + lastProblem + ")");
    }

    /** Adjusts the point so that the assumptions hold; returns why it cannot, or null. */
    public static String satisfy(Point p, Map<Expr, Expr> assumptions, Map<String, Integer> sizes) {
        for (var a : assumptions.entrySet()) {
            Expr lhs = a.getKey();
            Double each = onesRowMultiple(a.getValue());
            if (each != null && lhs instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                    && m.chain().get(0) instanceof Expr.Transpose t && t.arg() instanceof Expr.Ones
                    && m.chain().get(1) instanceof Expr.Var v && p.has(v.name())) {
                // 𝟏ᵀ Y = c 𝟏ᵀ: every column of Y sums to c (one-hot labels, samples as columns)
                DMatrixRMaj val = p.get(v.name());
                for (int j = 0; j < val.numCols; j++) {
                    double sum = 0;
                    for (int i = 0; i < val.numRows; i++) sum += val.get(i, j);
                    if (Math.abs(sum) < 1e-3) return "cannot draw points where " + lhs + " = " + a.getValue();
                    for (int i = 0; i < val.numRows; i++) val.set(i, j, val.get(i, j) * each / sum);
                }
                continue;
            }
            if (!(a.getValue() instanceof Expr.Num c)) return "cannot draw points where " + lhs + " = " + a.getValue();
            if (lhs instanceof Expr.Apply s && s.fn() == Fn.SUM && s.arg() instanceof Expr.Var v && p.has(v.name())) {
                DMatrixRMaj val = p.get(v.name());
                double sum = CommonOps_DDRM.elementSum(val);
                if (Math.abs(sum) < 1e-3) return "cannot draw points where " + lhs + " = " + c;
                CommonOps_DDRM.scale(c.value() / sum, val);
            } else if (lhs instanceof Expr.Var v && v.shape().isScalar()) {
                p.put(v.name(), c.value());
            } else if (lhs instanceof Expr.Apply n && n.fn() == Fn.NORM && n.arg() instanceof Expr.Var v && p.has(v.name())) {
                DMatrixRMaj val = p.get(v.name());
                CommonOps_DDRM.scale(c.value() / NormOps_DDRM.normF(val), val);
            } else {
                return "cannot draw points where " + lhs + " = " + c;
            }
        }
        return null;
    }

    /** c for c 𝟏ᵀ (1 for 𝟏ᵀ), else null. */
    private static Double onesRowMultiple(Expr e) {
        if (e instanceof Expr.Transpose t && t.arg() instanceof Expr.Ones) return 1.0;
        if (e instanceof Expr.Mul m && m.scalars().isEmpty() && m.chain().size() == 1
                && m.chain().get(0) instanceof Expr.Transpose t && t.arg() instanceof Expr.Ones) return m.coef();
        return null;
    }

    /**
     * Compares along two random directions; returns a description of a mismatch, or null. The
     * central difference D(h), h = {@value #STEP}·max(1, ‖X‖), agrees to {@value #TOLERANCE}
     * relative for most f; or the discrepancy is below the round-off of f's values over h. Where
     * neither holds, {@link #secondLook} decides with more steps; a point where f or its
     * differences overflow, or where they do not settle, is treated like one outside the domain:
     * another point is drawn.
     */
    private String compare(Derivative d, Point p, Map<String, Integer> sizes) {
        String x = d.wrt().name();
        DMatrixRMaj x0 = p.get(x);
        Evaluator base = evaluator(p, d, sizes);
        DMatrixRMaj fx = base.evaluate(d.f());
        if (!finite(fx)) throw MatcalcException.general("f overflows at the random point");
        DMatrixRMaj deriv = d.isTensor() ? null : base.evaluate(d.expr());
        for (int k = 0; k < 2; k++) {
            DMatrixRMaj v = sampler.direction(x0.numRows, x0.numCols);
            double h = STEP * Math.max(1, NormOps_DDRM.normF(x0));
            DMatrixRMaj fd = finiteDifference(d, p, sizes, x, x0, v, h);
            if (!finite(fd)) throw MatcalcException.general("f overflows next to the random point");
            DMatrixRMaj symbolic = d.isTensor() ? tensorApplied(d, p, sizes, v, fx) : applied(d, deriv, v);
            double err = relativeError(fd, symbolic);
            if (err <= TOLERANCE) continue;
            // below this, a difference of two values of f is round-off (f = 10⁷ + a small part)
            double roundOff = 64 * Math.ulp(NormOps_DDRM.normF(fx)) / h;
            if (absoluteError(fd, symbolic) <= roundOff) continue;
            Boolean agrees = secondLook(d, p, sizes, x, x0, v, h, fd, symbolic);
            if (agrees == null) {
                throw MatcalcException.general("finite differences do not settle at the random points (f varies faster "
                        + "than they can follow, or its values round off)");
            }
            if (!agrees) {
                return "the derivative applied to a random direction gives " + show(symbolic)
                        + " but finite differences give " + show(fd) + " (relative error " + String.format("%.2g", err) + ")";
            }
        }
        return null;
    }

    /** The steps of the second look, as multiples of h: smaller steps cut truncation, larger ones round-off. */
    private static final double[] SCALES = {1, 10, 0.1, 100};
    /** 1/φ: a step ratio that is not a power of two, so the two steps round differently. */
    private static final double RATIO = 0.6180339887498949;

    /**
     * Where D(h) disagrees: true if the derivative agrees with finite differences after all, false if
     * it is wrong, null if finite differences cannot tell at this point. At steps H = s·h (s in
     * {@link #SCALES}) it takes D(H), D(H/2) and D(rH), r = 1/φ, and the two Richardson
     * extrapolations that cancel their H² error, E₂ = (4 D(H/2) − D(H))/3 and
     * E_r = (D(rH) − r² D(H))/(1 − r²). It agrees if E₂ does at the first step (as before), or if
     * both do at any step. It is wrong only where the differences have settled, D(H), D(H/2),
     * D(rH), E₂ and E_r all within {@value #TOLERANCE}/10 of each other, and still disagree:
     * three steps that are not multiples of each other round differently, so round-off that is
     * the same at H and H/2 (sin(α − 10⁹): α + H − 10⁹ is rounded to a multiple of ulp(10⁹))
     * no longer passes for a settled value, and a fast-varying f (truncation) does not settle
     * either; nor do differences that are all 0 where the derivative is not (a step swallowed by
     * rounding). Steps that leave a domain skip to the next scale.
     */
    private Boolean secondLook(Derivative d, Point p, Map<String, Integer> sizes, String x, DMatrixRMaj x0,
                               DMatrixRMaj v, double h, DMatrixRMaj fd, DMatrixRMaj symbolic) {
        for (double s : SCALES) {
            double step = s * h;
            try {
                DMatrixRMaj d1 = s == 1 ? fd : finiteDifference(d, p, sizes, x, x0, v, step);
                DMatrixRMaj d2 = finiteDifference(d, p, sizes, x, x0, v, step / 2);
                DMatrixRMaj d3 = finiteDifference(d, p, sizes, x, x0, v, RATIO * step);
                DMatrixRMaj e2 = combine(4.0 / 3, d2, -1.0 / 3, d1);
                DMatrixRMaj e3 = combine(1 / (1 - RATIO * RATIO), d3, -RATIO * RATIO / (1 - RATIO * RATIO), d1);
                if (!finite(e2) || !finite(e3)) continue;
                boolean agree2 = relativeError(e2, symbolic) <= TOLERANCE;
                if (agree2 && (s == 1 || relativeError(e3, symbolic) <= TOLERANCE)) return true;
                // a step swallowed by rounding (α ± H − 10²⁰ = −10²⁰) gives f(X + Hv) = f(X − Hv): no estimate
                boolean resolved = NormOps_DDRM.normF(symbolic) == 0
                        || NormOps_DDRM.normF(d1) > 0 && NormOps_DDRM.normF(d2) > 0 && NormOps_DDRM.normF(d3) > 0;
                double settle = TOLERANCE / 10;
                boolean settled = resolved && relativeError(d1, d2) <= settle && relativeError(d1, d3) <= settle
                        && relativeError(e2, e3) <= settle && relativeError(e2, d2) <= settle;
                if (settled) return false;
            } catch (MatcalcException outsideDomain) {
                // a step this large leaves a domain (or nears its edge): try the next scale
            } finally {
                p.put(x, x0);
            }
        }
        return null;
    }

    private static DMatrixRMaj combine(double a, DMatrixRMaj x, double b, DMatrixRMaj y) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols);
        CommonOps_DDRM.add(a, x, b, y, out);
        return out;
    }

    private static double absoluteError(DMatrixRMaj fd, DMatrixRMaj symbolic) {
        DMatrixRMaj diff = fd.copy();
        CommonOps_DDRM.subtractEquals(diff, symbolic);
        return NormOps_DDRM.normF(diff);
    }

    private static double relativeError(DMatrixRMaj fd, DMatrixRMaj symbolic) {
        double scale = Math.max(1, Math.max(NormOps_DDRM.normF(fd), NormOps_DDRM.normF(symbolic)));
        DMatrixRMaj diff = fd.copy();
        CommonOps_DDRM.subtractEquals(diff, symbolic);
        return NormOps_DDRM.normF(diff) / scale;
    }

    private static boolean finite(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows * m.numCols; i++) if (!Double.isFinite(m.data[i])) return false;
        return true;
    }

    private static Plan plan(Expr e) {
        Plan plan = Plan.tryCompile(List.of(e));
        return plan == null ? null : plan.checkingArguments(Interior.CHECK);
    }

    /**
     * The value of e (d's f or its derivative) at p, by its plan where it has one: what
     * {@code evaluator(p, d, sizes).evaluate(e)} gives, the same value or the same refusal.
     */
    private DMatrixRMaj value(Plan plan, Point p, Derivative d, Map<String, Integer> sizes, Expr e) {
        if (plan == null) return evaluator(p, d, sizes).evaluate(e);
        return plan.withSizes(sizes).at(p).value(0);
    }

    private Evaluator evaluator(Point p, Derivative d, Map<String, Integer> sizes) {
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), stated, d.f(), d.expr()).checkingArguments(Interior.CHECK);
        sizes.forEach(ev::withSize);
        return ev;
    }

    private DMatrixRMaj finiteDifference(Derivative d, Point p, Map<String, Integer> sizes, String x,
                                         DMatrixRMaj x0, DMatrixRMaj v, double h) {
        DMatrixRMaj plus = x0.copy();
        CommonOps_DDRM.addEquals(plus, h, v);
        DMatrixRMaj minus = x0.copy();
        CommonOps_DDRM.addEquals(minus, -h, v);
        p.put(x, plus);
        DMatrixRMaj fPlus = value(fPlan, p, d, sizes, d.f());
        p.put(x, minus);
        DMatrixRMaj fMinus = value(fPlan, p, d, sizes, d.f());
        p.put(x, x0);
        DMatrixRMaj fd = fPlus.copy();
        CommonOps_DDRM.subtractEquals(fd, fMinus);
        CommonOps_DDRM.scale(1 / (2 * h), fd);
        return fd;
    }

    /** The derivative applied to the direction v, in the derivative's layout. */
    static DMatrixRMaj applied(Derivative d, DMatrixRMaj deriv, DMatrixRMaj v) {
        if (d.f().shape().isScalar()) {
            // ∂f/∂vec(X) of diff --explicit, a row of m·n entries in vec order: ⟨J, vec(V)⟩
            if (v.numRows > 1 && v.numCols > 1 && deriv.numRows == 1 && deriv.numCols == v.getNumElements()) {
                return scalar(inner(deriv, matcalc.core.Kernels.vec(v)));
            }
            // a gradient (any layout): same entries as V, maybe transposed for a vector X
            return scalar(inner(deriv, v));
        }
        if (d.wrt().shape().isScalar() && !d.f().shape().cols().isOne()) {
            // a matrix (or row) F of a scalar: ∂F/∂α has F's shape
            DMatrixRMaj out = deriv.copy();
            CommonOps_DDRM.scale(v.get(0, 0), out);
            return out;
        }
        DMatrixRMaj j = d.layout() == Layout.DENOMINATOR ? CommonOps_DDRM.transpose(deriv, null) : deriv;
        // ∂vec(F)/∂vec(X) for a matrix X: J vec(V), against finite differences of vec(F)
        if (v.numCols != 1) v = matcalc.core.Kernels.vec(v);
        DMatrixRMaj out = new DMatrixRMaj(j.numRows, 1);
        CommonOps_DDRM.mult(j, v, out);
        return out;
    }

    /** Σ a_i v_i over the entries in row-major order (a may be the transpose of a vector v). */
    private static double inner(DMatrixRMaj a, DMatrixRMaj v) {
        if (a.getNumElements() != v.getNumElements()) {
            throw new IllegalStateException("derivative of size " + a.numRows + "×" + a.numCols
                    + " for a variable of size " + v.numRows + "×" + v.numCols);
        }
        double s = 0;
        for (int i = 0; i < v.getNumElements(); i++) s += a.data[i] * v.data[i];
        return s;
    }

    /** For δ ∂f/∂W: slice i is the value at δ = e_i; the result's entry i is ⟨slice i, V⟩. */
    private DMatrixRMaj tensorApplied(Derivative d, Point p, Map<String, Integer> sizes, DMatrixRMaj v, DMatrixRMaj fx) {
        DMatrixRMaj out = new DMatrixRMaj(fx.numRows, fx.numCols);
        List<DMatrixRMaj> units = contractions(d, fx);
        for (int i = 0; i < units.size(); i++) {
            p.put(d.delta().name(), units.get(i));
            DMatrixRMaj slice = value(derivativePlan, p, d, sizes, d.expr());
            out.data[i] = inner(slice, v);
        }
        return out;
    }

    /**
     * The values of δ (or Δ) that pick out each entry of f in turn, in row-major order: e_i as a
     * row for a vector f, the unit matrices E_ij for a matrix F.
     */
    public static List<DMatrixRMaj> contractions(Derivative d, DMatrixRMaj fx) {
        int n = fx.numRows * fx.numCols;
        boolean row = d.delta().shape().rows().isOne() && fx.numCols == 1;
        List<DMatrixRMaj> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            DMatrixRMaj e = row ? new DMatrixRMaj(1, n) : new DMatrixRMaj(fx.numRows, fx.numCols);
            e.data[i] = 1;
            out.add(e);
        }
        return out;
    }

    private static DMatrixRMaj scalar(double x) {
        return new DMatrixRMaj(1, 1, true, x);
    }

    private static String show(DMatrixRMaj m) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(4, m.numRows * m.numCols); i++) {
            if (i > 0) sb.append(", ");
            sb.append(matcalc.numeric.Values.number(m.data[i]));
        }
        if (m.numRows * m.numCols > 4) sb.append(", …");
        return sb.append("]").toString();
    }
}
