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
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The random points at which an answer is compared with the derivative: several sets of concrete
 * sizes for the symbolic dimensions (all but the first with pairwise different sizes, so that an
 * answer right only for square or 1×1 cases is caught), several points per set, inputs inside the
 * functions' domains (Sampler) and satisfying the assumptions.
 */
final class Trials {
    /** Two values agree when ‖a − b‖ ≤ TOLERANCE · max(1, ‖a‖, ‖b‖) (Frobenius norms). */
    static final double TOLERANCE = 1e-7;
    static final int SIZE_SETS = 3;
    static final int POINTS_PER_SET = 4;

    record Trial(Map<String, Integer> sizes, Point point) {}

    private final List<Trial> trials = new ArrayList<>();
    private final Expr[] base;

    /**
     * Draws the trials for the given expressions (the function, the derivative and the answer);
     * every later evaluation gives undeclared functions the same stand-ins. The answer's own free
     * dimensions are sized like the derivative's dimensions they stand for ({@code aliases}).
     */
    Trials(Expr[] base, Map<Expr, Expr> assumptions, Map<String, Dim> aliases,
           Map<String, List<String>> properties, long seed) {
        this.base = base;
        Random random = new Random(seed);
        Sampler sampler = new Sampler(random).withProperties(properties);
        String problem = "no point inside the functions' domains was found";
        for (int set = 0; set < SIZE_SETS; set++) {
            Map<String, Integer> sizes = sampler.sizes(base);
            if (set > 0) distinct(sizes, Sampler.dimensions(base), random);
            aliases.forEach((alias, dim) -> {
                int fallback = 2 + random.nextInt(4);
                Integer n = Sampler.size(dim, sizes);
                sizes.put(alias, n != null ? n : fallback);
            });
            // every trial's point is kept: refuse, with the estimate, sizes whose points cannot all fit the heap
            matcalc.numeric.Footprint.require("checking the answer numerically", sizes, SIZE_SETS * POINTS_PER_SET, base);
            int found = 0;
            for (int attempt = 0; attempt < POINTS_PER_SET * 8 && found < POINTS_PER_SET; attempt++) {
                Sampler.Mode mode = attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
                Point p = sampler.point(sizes, mode, base);
                String unmet = Verifier.satisfy(p, assumptions, sizes);
                if (unmet != null) throw MatcalcException.general(unmet);
                try {
                    evaluate(new Trial(sizes, p), base[0]);
                    evaluate(new Trial(sizes, p), base[1]);
                    trials.add(new Trial(sizes, p));
                    found++;
                } catch (MatcalcException outsideDomain) {
                    problem = outsideDomain.getMessage();
                }
            }
        }
        if (trials.isEmpty()) throw MatcalcException.general("cannot compare numerically: " + problem);
    }

    /**
     * Pairwise different sizes 2, 3, … in random order, so no two dimensions coincide; a few more
     * shuffles where a product (n·m, the size of each factor multiplied) would equal another
     * dimension of the expressions.
     */
    private static void distinct(Map<String, Integer> sizes, Set<Dim> dims, Random random) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) values.add(2 + i);
        for (int attempt = 0; attempt < 20; attempt++) {
            Collections.shuffle(values, random);
            int i = 0;
            for (String d : new ArrayList<>(sizes.keySet())) sizes.put(d, values.get(i++));
            Set<Integer> seen = new HashSet<>();
            // (the answer's own dimensions get their sizes later, from the aliases)
            if (dims.stream().map(d -> Sampler.size(d, sizes)).filter(n -> n != null).allMatch(seen::add)) return;
        }
    }

    List<Trial> all() {
        return trials;
    }

    DMatrixRMaj evaluate(Trial t, Expr e) {
        return evaluate(t, e, Map.of());
    }

    /** The value of e at the trial's point, with extra variables (a path's copy of x, a constant). */
    DMatrixRMaj evaluate(Trial t, Expr e, Map<String, DMatrixRMaj> extra) {
        Point p = new Point();
        t.point().values().forEach(p::put);
        extra.forEach(p::put);
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), base);
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
