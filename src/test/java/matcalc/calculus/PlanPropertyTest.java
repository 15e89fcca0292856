package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.core.Expr;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.plan.Plan;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The compiled evaluation plan against the evaluator on seeded random expressions (the cases of
 * {@link DerivativePropertyTest}): f and every derivative compiled into one plan, evaluated at several
 * random points of two sets of sizes (so buffers are reused and reallocated); every value must equal
 * the evaluator's (sizes bound from the variables of all the roots, as the plan binds them), entry by entry, to 1e-12·max(1, largest entry), and at points pushed outside the
 * domains (values negated, scaled up, zeroed) the plan must refuse exactly where the evaluator does,
 * with the same message. Only undeclared functions (h, g: no formula) and tensor derivatives (a δ
 * the generator does not draw) are left out. Run more with {@code -Dplan.cases=2000 -Dplan.seed=…}.
 */
class PlanPropertyTest {
    static final int CASES = Integer.getInteger("plan.cases", 300);
    static final long SEED = Long.getLong("plan.seed", 20260301L);
    static final double TOLERANCE = 1e-12;

    @Test
    void planValuesAndRefusalsAreTheEvaluators() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        int compared = 0;
        int refusalsCompared = 0;
        int handedOver = 0;
        for (int i = 0; i < CASES; i++) {
            DerivativePropertyTest.Case c = DerivativePropertyTest.generate(SEED + i);
            String expression = c.problem().expression();
            List<String> wrts = DerivativePropertyTest.together(c) ? DerivativePropertyTest.alongWith(c) : List.of(c.wrt());
            Engine engine = c.session().engine();
            Map<String, VerifiedDerivative> ds;
            try {
                ds = engine.derive(expression, wrts, c.layout());
            } catch (MatcalcException | VerificationException e) {
                skipped.merge("diff refuses", 1, Integer::sum);
                continue;
            }
            Context.Checked checked = engine.check(expression);
            List<Expr> roots = new ArrayList<>(List.of(checked.expr()));
            for (VerifiedDerivative d : ds.values()) {
                if (!d.derivative().isTensor()) roots.add(d.derivative().expr());
            }
            Plan plan = Plan.tryCompile(roots);
            if (plan == null) {
                skipped.merge("no formula (h, g)", 1, Integer::sum);
                continue;
            }
            Random r = new Random(c.seed() * 17 + 3);
            for (int k = 0; k < 6; k++) {
                // two points at one set of sizes, then another set: buffers reused, then reallocated
                Map<String, Integer> sizes = Map.of("n", 2 + (k / 2) % 3, "m", 2 + (k / 2 + 1) % 3);
                Point p = point(r, sizes, checked, roots);
                if (k % 2 == 1) p = pushedOut(r, p);
                String where = c.describe() + "\n  point " + k + ": " + p.values().keySet();
                plan.at(p);
                if (plan.handedToEvaluator()) handedOver++;
                for (int j = 0; j < roots.size(); j++) {
                    String planError = null;
                    String evalError = null;
                    DMatrixRMaj planValue = null;
                    DMatrixRMaj evalValue = null;
                    try {
                        planValue = plan.value(j);
                    } catch (MatcalcException e) {
                        planError = e.getMessage();
                    }
                    try {
                        evalValue = new Evaluator(p).sizesFrom(plan.variables()).evaluate(roots.get(j));
                    } catch (MatcalcException e) {
                        evalError = e.getMessage();
                    }
                    if (evalError != null || planError != null) {
                        refusalsCompared++;
                        if (evalError == null || !evalError.equals(planError)) {
                            failures.add(where + "\n  root " + j + ": the evaluator " + (evalError == null ? "computes it"
                                    : "refuses: " + evalError) + "\n  the plan " + (planError == null ? "computes it" : "refuses: " + planError));
                        }
                        break;   // the evaluator stops there too: the later roots share the failing steps
                    }
                    compared++;
                    String diff = difference(planValue, evalValue);
                    if (diff != null) failures.add(where + "\n  root " + j + " (" + roots.get(j) + "): " + diff);
                }
            }
        }
        System.out.println("PlanPropertyTest: " + compared + " values and " + refusalsCompared
                + " refusals compared; points handed to the evaluator " + handedOver + "; cases skipped " + skipped);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failures");
        assertTrue(compared >= CASES, "only " + compared + " values compared: " + skipped);
        // the rest: a 𝟏 or I whose size no value fixes, which the evaluator refuses itself
        assertTrue(handedOver <= 6 * CASES / 20, handedOver + " points handed to the evaluator: the plan should compute them");
        assertTrue(refusalsCompared >= CASES / 10, "only " + refusalsCompared + " refusals compared");
    }

    /** Values for the variables (definitions computed from them, as VerifiedDerivative does). */
    private static Point point(Random r, Map<String, Integer> sizes, Context.Checked checked, List<Expr> roots) {
        List<Expr> all = new ArrayList<>(roots);
        all.addAll(checked.definitions().values());
        Point drawn = DerivativePropertyTest.point(r, sizes, all.toArray(new Expr[0]));
        Point p = new Point();
        drawn.values().forEach((k, v) -> {
            if (!checked.definitions().containsKey(k)) p.put(k, v);
        });
        for (Map.Entry<String, Expr> def : checked.definitions().entrySet()) {
            try {
                p.put(def.getKey(), new Evaluator(p).evaluate(def.getValue()));
            } catch (MatcalcException e) {
                // not needed, or outside a domain: the roots' refusals are compared
            }
        }
        return p;
    }

    /** The point with some values negated, scaled up or zeroed: outside log's, sqrt's, inv's domains. */
    private static Point pushedOut(Random r, Point p) {
        Point out = new Point();
        p.values().forEach((k, v) -> {
            DMatrixRMaj m = v.copy();
            switch (r.nextInt(4)) {
                case 0 -> { for (int i = 0; i < m.getNumElements(); i++) m.data[i] = -m.data[i]; }
                case 1 -> { for (int i = 0; i < m.getNumElements(); i++) m.data[i] *= 300; }
                case 2 -> m.zero();
                default -> { }
            }
            out.put(k, m);
        });
        return out;
    }

    private static String difference(DMatrixRMaj plan, DMatrixRMaj eval) {
        if (plan.numRows != eval.numRows || plan.numCols != eval.numCols) {
            return "the plan's value is " + plan.numRows + "×" + plan.numCols + ", the evaluator's " + eval.numRows + "×" + eval.numCols;
        }
        double scale = 1;
        for (int i = 0; i < eval.getNumElements(); i++) if (Double.isFinite(eval.data[i])) scale = Math.max(scale, Math.abs(eval.data[i]));
        for (int i = 0; i < eval.getNumElements(); i++) {
            double a = plan.data[i];
            double b = eval.data[i];
            boolean same = Double.isNaN(a) ? Double.isNaN(b) : Double.isInfinite(a) ? a == b : Math.abs(a - b) <= TOLERANCE * scale;
            if (!same) return "entry " + i + ": the plan gives " + a + ", the evaluator " + b;
        }
        return null;
    }
}
