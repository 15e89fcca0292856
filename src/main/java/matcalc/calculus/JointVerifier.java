package matcalc.calculus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.core.Expr;
import matcalc.numeric.Interior;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.plan.Plan;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Checks the gradients G_1 … G_N of one scalar f with respect to N variables together, in time
 * linear in the size of their shared DAG: at each random point all gradients are evaluated by one
 * compiled plan (each shared node once), and one directional difference along all the variables
 * at once, (f(X + hD) − f(X − hD)) / 2h with Richardson's extrapolation from h and h/2, must equal
 * Σ_i ⟨G_i, D_i⟩. Each block D_i = s_i c_i (G_i/‖G_i‖ + R_i/‖R_i‖), R_i random, s_i = ±1 and
 * c_i ∈ [0.5, 1.5]/‖G_i‖ at random (capped so the step stays small), so that every term weighs
 * about 1 whatever the size of G_i (the vanishing gradients of early layers are not drowned), and
 * errors in two blocks cannot cancel except by chance. A single wrong block G_i ≠ ∂f/∂X_i changes
 * its term by c_i ⟨G_i − ∂f/∂X_i, G_i/‖G_i‖ + R_i/‖R_i‖⟩: for G_i scaled by 1.001 that is 10⁻³ of a
 * term of order 1, far above the tolerance {@value #TOLERANCE} × Σ|terms|. A block is covered only
 * where every error the joint check would miss in it is one its own check ({@link Verifier}) would
 * miss too; a block not covered in most directions is left to its own check.
 */
public final class JointVerifier {
    /** From this many results of one scalar f, they are checked jointly (below, one by one). */
    public static final int THRESHOLD = 16;
    /** Relative to Σ_i |⟨G_i, D_i⟩|. */
    static final double TOLERANCE = 1e-8;
    private static final double STEP = 1e-4;
    /** The largest c_i: the step in a block is at most 3·STEP·CAP. */
    private static final double CAP = 100;
    private static final int DIRECTIONS = 2;

    private final Random random;
    private final Sampler sampler;

    public JointVerifier(long seed, Map<String, List<String>> properties) {
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.sampler = new Sampler(random);
        sampler.withProperties(properties);
    }

    /** The outcome: passed at {@code points} points, and the results the joint check did not cover. */
    public record Outcome(boolean passed, int points, List<Integer> uncovered, String detail) {}

    /** Whether these results can be checked jointly: one scalar f, plain gradients, at least {@link #THRESHOLD}. */
    public static boolean applies(List<Derivative> ds) {
        if (ds.size() < THRESHOLD) return false;
        Expr f = ds.get(0).f();
        if (!f.shape().isScalar()) return false;
        java.util.Set<String> wrts = new java.util.HashSet<>();
        for (Derivative d : ds) {
            if (d.isTensor() || !d.f().equals(f) || !wrts.add(d.wrt().name())) return false;
        }
        return true;
    }

    /**
     * Checks ds (see {@link #applies}) at {@code wanted} random points. Not passed: a mismatch, or
     * no verdict (no plan, no point found); the caller then checks each result on its own.
     */
    public Outcome check(List<Derivative> ds, Map<Expr, Expr> assumptions, int wanted) {
        Expr f = ds.get(0).f();
        List<Expr> exprs = new ArrayList<>();
        for (Derivative d : ds) exprs.add(d.expr());
        Plan fPlan = Plan.tryCompile(List.of(f));
        Plan gPlan = Plan.tryCompile(exprs);
        if (fPlan == null || gPlan == null) return new Outcome(false, 0, List.of(), "no compiled plan (an undeclared function)");
        fPlan = fPlan.checkingArguments(Interior.CHECK);
        gPlan = gPlan.checkingArguments(Interior.CHECK);
        // sizes and points from f and the variables: the gradients hold no other variable, and walking
        // each of K gradients over their shared DAG would be K walks of it
        List<Expr> all = new ArrayList<>();
        all.add(f);
        for (Derivative d : ds) all.add(d.wrt());
        Expr[] every = all.toArray(new Expr[0]);
        int n = ds.size();
        int[] strong = new int[n];
        int passed = 0;
        int directions = 0;
        for (int attempt = 0; attempt < wanted * 6 && passed < wanted; attempt++) {
            Sampler.Mode mode = attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
            Map<String, Integer> sizes = sampler.sizes(every);
            if (matcalc.numeric.Footprint.tooLarge("the check", sizes, 6, every) != null) {
                return new Outcome(false, passed, List.of(), "too large");
            }
            Point p = sampler.point(sizes, mode, every);
            if (Verifier.satisfy(p, assumptions, sizes) != null) return new Outcome(false, 0, List.of(), "assumptions");
            try {
                List<DMatrixRMaj> g = new ArrayList<>();
                Plan at = gPlan.withSizes(sizes).at(p);
                for (int i = 0; i < n; i++) g.add(at.value(i));
                double fx = fPlan.withSizes(sizes).at(p).value(0).get(0, 0);
                if (!Double.isFinite(fx)) throw MatcalcException.general("f overflows at the random point");
                for (int k = 0; k < DIRECTIONS; k++) {
                    String mismatch = compare(ds, g, p, sizes, fPlan, strong);
                    if (mismatch != null) return new Outcome(false, passed, List.of(), mismatch);
                }
                directions += DIRECTIONS;
                passed++;
            } catch (MatcalcException rejected) {
                // outside a domain, or an overflow: another point
            } catch (RuntimeException unexpected) {
                // a size the gradients need that f and the variables do not give: each result on its own
                return new Outcome(false, passed, List.of(), String.valueOf(unexpected.getMessage()));
            }
        }
        if (passed < wanted) return new Outcome(false, passed, List.of(), "no verdict");
        List<Integer> uncovered = new ArrayList<>();
        for (int i = 0; i < n; i++) if (2 * strong[i] < directions) uncovered.add(i);
        return new Outcome(true, passed, uncovered, "");
    }

    /** One random direction D through all blocks: null if Σ⟨G_i, D_i⟩ matches, else why not. */
    private String compare(List<Derivative> ds, List<DMatrixRMaj> g, Point p, Map<String, Integer> sizes,
                           Plan fPlan, int[] strong) {
        int n = ds.size();
        List<DMatrixRMaj> x0 = new ArrayList<>();
        List<DMatrixRMaj> dir = new ArrayList<>();
        double sum = 0;
        double scale = 0;
        double[] weights = new double[n];
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            DMatrixRMaj x = p.get(ds.get(i).wrt().name());
            DMatrixRMaj gi = g.get(i);
            if (gi.getNumElements() != x.getNumElements()
                    || (x.numRows > 1 && x.numCols > 1 && (gi.numRows != x.numRows || gi.numCols != x.numCols))) {
                return "the result for " + ds.get(i).wrt().name() + " is " + gi.numRows + "×" + gi.numCols
                        + " for a variable of size " + x.numRows + "×" + x.numCols;
            }
            DMatrixRMaj r = sampler.direction(x.numRows, x.numCols);
            double rn = NormOps_DDRM.normF(r);
            double gn = NormOps_DDRM.normF(gi);
            double c = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble()) * Math.min(gn == 0 ? 1 : 1 / gn, CAP);
            DMatrixRMaj d = new DMatrixRMaj(x.numRows, x.numCols);
            for (int e = 0; e < d.data.length; e++) {
                d.data[e] = c * ((gn == 0 ? 0 : gi.data[e] / gn) + (rn == 0 ? 0 : r.data[e] / rn));
            }
            double term = 0;
            for (int e = 0; e < d.data.length; e++) term += gi.data[e] * d.data[e];
            sum += term;
            scale += Math.abs(term);
            weights[i] = NormOps_DDRM.normF(d);
            norms[i] = gn;
            x0.add(x);
            dir.add(d);
        }
        try {
            double fd = Double.NaN;
            // a smaller step where the first disagrees: a step along every block at once meets more curvature
            for (double h = STEP; h >= STEP / 100; h /= 10) {
                double d1 = difference(ds, p, sizes, fPlan, x0, dir, h);
                double d2 = difference(ds, p, sizes, fPlan, x0, dir, h / 2);
                fd = (4 * d2 - d1) / 3;
                if (!Double.isFinite(fd)) throw MatcalcException.general("f overflows next to the random point");
                if (Math.abs(fd - sum) <= TOLERANCE * Math.max(1, scale)) {
                    // block i is covered where an error in it this check would miss is one the check of
                    // G_i alone would miss too: below Verifier.TOLERANCE · max(1, ‖G_i‖) along a unit direction
                    double missed = TOLERANCE * Math.max(1, scale);
                    for (int i = 0; i < n; i++) {
                        if (weights[i] > 0 && missed / weights[i] <= Verifier.TOLERANCE * Math.max(1, norms[i])) strong[i]++;
                    }
                    return null;
                }
            }
            return "the gradients applied to a random direction give " + sum + " but finite differences give " + fd;
        } finally {
            for (int i = 0; i < n; i++) p.put(ds.get(i).wrt().name(), x0.get(i));
        }
    }

    private static double difference(List<Derivative> ds, Point p, Map<String, Integer> sizes, Plan fPlan,
                                     List<DMatrixRMaj> x0, List<DMatrixRMaj> dir, double h) {
        double plus = at(ds, p, sizes, fPlan, x0, dir, h);
        double minus = at(ds, p, sizes, fPlan, x0, dir, -h);
        return (plus - minus) / (2 * h);
    }

    private static double at(List<Derivative> ds, Point p, Map<String, Integer> sizes, Plan fPlan,
                             List<DMatrixRMaj> x0, List<DMatrixRMaj> dir, double h) {
        for (int i = 0; i < ds.size(); i++) {
            DMatrixRMaj moved = x0.get(i).copy();
            CommonOps_DDRM.addEquals(moved, h, dir.get(i));
            p.put(ds.get(i).wrt().name(), moved);
        }
        return fPlan.withSizes(sizes).at(p).value(0).get(0, 0);
    }
}
