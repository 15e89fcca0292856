package matcalc.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import matcalc.calculus.Verifier;
import matcalc.core.Dim;
import matcalc.core.Expr;
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
 * The random points at which an answer is compared with the derivative: several sets of concrete
 * sizes for the symbolic dimensions (all but the first with pairwise different sizes, so that an
 * answer right only for square or 1×1 cases is caught), several points per set, inputs inside the
 * functions' domains (Sampler) and satisfying the assumptions.
 *
 * <p>A point is kept only where the function and the derivative are well inside every function's
 * domain ({@link Interior}: Xᵀ S X invertible and well conditioned, log of entries away from 0);
 * sizes are drawn so that every matrix under inv, det and logdet can have full rank
 * ({@link Sampler#rankConstraints}: n ≥ m for Xᵀ S X with X: n×m), and a set of sizes at which no
 * point is found is drawn again, up to {@value #SIZE_DRAWS} times. When no point is found at all,
 * there are no trials and {@link #undecided()} says why: an answer is then neither right nor wrong.
 */
final class Trials {
    /** Two values agree when ‖a − b‖ ≤ TOLERANCE · max(1, ‖a‖, ‖b‖) (Frobenius norms). */
    static final double TOLERANCE = 1e-7;
    static final int SIZE_SETS = 3;
    static final int POINTS_PER_SET = 4;
    /** How many sets of sizes are drawn, per wanted set, before that set is given up. */
    static final int SIZE_DRAWS = 4;

    record Trial(Map<String, Integer> sizes, Point point) {}

    /**
     * What the trials are drawn from (the assumptions, the aliases and the expressions' {@link
     * Sampler#signature}, with the properties, stated derivatives and seed of the checker that holds
     * them): two answers with equal keys get the same trials, so a checker draws them once.
     */
    record Key(Map<Expr, Expr> assumptions, Map<String, Dim> aliases, List<Object> signature) {
        static Key of(Expr[] base, Map<Expr, Expr> assumptions, Map<String, Dim> aliases) {
            return new Key(Map.copyOf(assumptions), Map.copyOf(aliases), Sampler.signature(base));
        }
    }

    private final List<Trial> trials = new ArrayList<>();
    /** Every set of sizes whose footprint was required, in order, so that another answer's can be required alike. */
    private final List<Map<String, Integer>> required = new ArrayList<>();
    private final Expr[] base;
    private final Map<String, matcalc.core.Elementwise> stated;
    private String undecided;

    /**
     * Draws the trials for the given expressions (the function, the derivative and the answer);
     * every later evaluation gives undeclared functions the same stand-ins. The answer's own free
     * dimensions are sized like the derivative's dimensions they stand for ({@code aliases}).
     */
    Trials(Expr[] base, Map<Expr, Expr> assumptions, Map<String, Dim> aliases,
           Map<String, List<String>> properties, long seed) {
        this(base, assumptions, aliases, properties, Map.of(), seed);
    }

    /** The same, where each function with a stated derivative is drawn as a solution of it (h'(u) = 1 − h(u).^2). */
    Trials(Expr[] base, Map<Expr, Expr> assumptions, Map<String, Dim> aliases,
           Map<String, List<String>> properties, Map<String, matcalc.core.Elementwise> stated, long seed) {
        this.base = base;
        this.stated = Map.copyOf(stated);
        Random random = new Random(seed);
        Sampler sampler = new Sampler(random).withProperties(properties);
        // the function's and the derivative's: the answer must be defined where they are, not narrow the sizes
        List<Dim[]> ranks = Sampler.rankConstraints(base[0], base[1]);
        Interior.Misses misses = new Interior.Misses();
        List<String> triedSizes = new ArrayList<>();
        for (int set = 0; set < SIZE_SETS; set++) {
            for (int draw = 0; draw < SIZE_DRAWS; draw++) {
                Map<String, Integer> sizes = sampler.sizes(ranks, base);
                if (set > 0) distinct(sizes, Sampler.dimensions(base), ranks, random);
                aliases.forEach((alias, dim) -> {
                    int fallback = 2 + random.nextInt(4);
                    Integer n = Sampler.size(dim, sizes);
                    sizes.put(alias, n != null ? n : fallback);
                });
                // every trial's point is kept: refuse, with the estimate, sizes whose points cannot all fit the heap
                required.add(new LinkedHashMap<>(sizes));
                matcalc.numeric.Footprint.require("checking the answer numerically", sizes, SIZE_SETS * POINTS_PER_SET, base);
                int found = 0;
                for (int attempt = 0; attempt < POINTS_PER_SET * 8 && found < POINTS_PER_SET; attempt++) {
                    Sampler.Mode mode = attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
                    Point p = sampler.point(sizes, mode, base);
                    String unmet = Verifier.satisfy(p, assumptions, sizes);
                    if (unmet != null) {
                        undecided = unmet;
                        return;
                    }
                    try {
                        requireFinite(evaluate(new Trial(sizes, p), base[0]));
                        requireFinite(evaluate(new Trial(sizes, p), base[1]));
                        trials.add(new Trial(sizes, p));
                        found++;
                    } catch (MatcalcException rejected) {
                        misses.record(rejected);
                    }
                }
                if (found > 0) break;
                String shown = show(sizes);
                if (!sizes.isEmpty() && !triedSizes.contains(shown)) triedSizes.add(shown);
            }
        }
        if (trials.isEmpty()) {
            String where = misses.condition() != null ? "no point found where " + misses.condition()
                    : "no point found inside the functions' domains";
            String sizes = triedSizes.isEmpty() ? "" : " at the sizes tried ("
                    + String.join("; ", triedSizes.subList(0, Math.min(3, triedSizes.size())))
                    + (triedSizes.size() > 3 ? "; …" : "") + ")";
            undecided = where + sizes + (misses.problem() != null ? "; at the last such point: " + misses.problem() : "");
        }
    }

    /**
     * Refuses, as drawing these trials for {@code other} (expressions with the same {@link Key})
     * would have, sizes at which other's values cannot all fit the heap.
     */
    void requireFits(Expr[] other) {
        for (Map<String, Integer> sizes : required) {
            matcalc.numeric.Footprint.require("checking the answer numerically", sizes, SIZE_SETS * POINTS_PER_SET, other);
        }
    }

    private static String show(Map<String, Integer> sizes) {
        List<String> out = new ArrayList<>();
        sizes.forEach((d, n) -> out.add(d + " = " + n));
        return String.join(", ", out);
    }

    /** Why no point was found (no trials), or null when there are trials. */
    String undecided() {
        return undecided;
    }

    private static void requireFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) throw MatcalcException.general("a value is not finite at the random point");
        }
    }

    /**
     * Pairwise different sizes 2, 3, … in random order, so no two dimensions coincide; a few more
     * shuffles where a product (n·m, the size of each factor multiplied) would equal another
     * dimension of the expressions, or where a matrix under inv, det or logdet could not have full
     * rank (the rank constraints come first: without them there is no point at all).
     */
    private static void distinct(Map<String, Integer> sizes, Set<Dim> dims, List<Dim[]> ranks, Random random) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) values.add(2 + i);
        Map<String, Integer> ranked = null;
        for (int attempt = 0; attempt < 20 || ranked == null && attempt < 60; attempt++) {
            Collections.shuffle(values, random);
            int i = 0;
            for (String d : new ArrayList<>(sizes.keySet())) sizes.put(d, values.get(i++));
            if (!Sampler.satisfies(sizes, ranks)) continue;
            if (ranked == null) ranked = new LinkedHashMap<>(sizes);
            Set<Integer> seen = new HashSet<>();
            // (the answer's own dimensions get their sizes later, from the aliases)
            if (dims.stream().map(d -> Sampler.size(d, sizes)).filter(n -> n != null).allMatch(seen::add)) return;
        }
        if (ranked != null && !Sampler.satisfies(sizes, ranks)) sizes.putAll(ranked);
    }

    /**
     * Each expression evaluated at the trials, compiled once (the same values and refusals as the
     * evaluator's); {@link #NO_PLAN} where it calls an undeclared function, which the evaluator's
     * stand-ins compute.
     */
    private final Map<Expr, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        /** Trials shared by many answers keep the plans evaluated most recently (the derivative's, the mistakes'), not every answer's. */
        @Override
        protected boolean removeEldestEntry(Map.Entry<Expr, Plan> eldest) {
            return size() > PLANS_KEPT;
        }
    };
    private static final int PLANS_KEPT = 64;
    private static final Plan NO_PLAN = Plan.compile(List.of());

    private static Plan plan(Expr e) {
        Plan plan = Plan.tryCompile(List.of(e));
        return plan == null ? NO_PLAN : plan.checkingArguments(Interior.CHECK);
    }

    List<Trial> all() {
        return trials;
    }

    DMatrixRMaj evaluate(Trial t, Expr e) {
        return evaluate(t, e, Map.of());
    }

    /** The value of e at the trial's point, with extra variables (a path's copy of x, a constant). */
    DMatrixRMaj evaluate(Trial t, Expr e, Map<String, DMatrixRMaj> extra) {
        Point p = t.point();   // read, not changed, by the plan and the evaluator
        if (!extra.isEmpty()) {
            p = new Point();
            t.point().values().forEach(p::put);
            extra.forEach(p::put);
        }
        Plan plan = plans.computeIfAbsent(e, Trials::plan);
        if (plan != NO_PLAN) return plan.withSizes(t.sizes()).at(p).value(0);
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), stated, base).checkingArguments(Interior.CHECK);
        t.sizes().forEach(ev::withSize);
        return ev.evaluate(e);
    }

    static boolean close(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) return false;
        DMatrixRMaj diff = a.copy();
        CommonOps_DDRM.subtractEquals(diff, b);
        double scale = Math.max(1, Math.max(NormOps_DDRM.normF(a), NormOps_DDRM.normF(b)));
        return NormOps_DDRM.normF(diff) <= TOLERANCE * scale;
    }
}
