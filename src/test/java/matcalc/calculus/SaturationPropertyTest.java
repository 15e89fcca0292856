package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.core.Expr;
import matcalc.numeric.Point;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.Saturation;
import matcalc.rewrite.Step;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Equality saturation on random expressions (DerivativePropertyTest's generator): the extracted
 * term equals the input at random points, is never more expensive by the extraction's cost, and
 * every step of its explanation is an instance of the rule it names. Seeded; a failure prints the
 * seed and the expression. More cases with -Dsaturation.cases=N.
 */
class SaturationPropertyTest {
    static final int CASES = Integer.getInteger("saturation.cases", 150);
    static final double TOLERANCE = 1e-7;

    @Test
    void extractionKeepsTheValueAndExplanationsReplay() {
        RuleSet rules = Engine.simplifyRules();
        int checked = 0;
        int steps = 0;
        List<String> notReplayed = new ArrayList<>();
        for (int seed = 0; seed < CASES; seed++) {
            DerivativePropertyTest.Case c = DerivativePropertyTest.generate(seed);
            Expr f = c.session().context().check("input", c.problem().expression()).expr();
            Saturation.Result r = new Saturation(rules).run(f);
            Expr g = r.expr();
            String where = "seed " + seed + ": " + f + "\n  extracted: " + g + "\n  " + r.report().describe();
            assertTrue(Saturation.compareCost(g, f) <= 0, where + "\n  is more expensive than the input");
            for (Step s : r.steps()) {
                steps++;
                // every step keeps the value; nearly every one re-applies literally (see ARCHITECTURE.md:
                // a step whose sub-terms the factory flattened or the e-graph wrote in another member of
                // their class may not)
                sameValue(seed, s.before(), s.after(), where + "\n  the step " + s.rule() + ": " + s.before() + " ⇒ " + s.after());
                if (!Saturation.replays(s, rules)) notReplayed.add("seed " + seed + ": " + s.rule() + ": " + s.before() + " ⇒ " + s.after());
            }
            if (g.equals(f)) continue;
            if (sameValue(seed, f, g, where)) checked++;
        }
        assertTrue(checked > 0, "no case changed: the test would not notice a wrong extraction");
        System.out.println("SaturationPropertyTest: " + CASES + " cases, " + checked + " changed and compared, " + steps
                + " explanation steps, " + notReplayed.size() + " not re-applied literally" + (notReplayed.isEmpty() ? "" : ":\n  ")
                + String.join("\n  ", notReplayed.subList(0, Math.min(10, notReplayed.size()))));
        assertTrue(notReplayed.size() * 20 <= steps, "over 5% of the explanation steps are not instances of their rules:\n  "
                + String.join("\n  ", notReplayed));
    }

    /** Whether f and g were compared at a usable point (false if none was found); fails if they differ. */
    private static boolean sameValue(long seed, Expr f, Expr g, String where) {
        Random r = new Random(seed * 17 + 3);
        for (int attempt = 0; attempt < 8; attempt++) {
            Map<String, Integer> sizes = DerivativePropertyTest.sizes(r, f, g);
            Point p = DerivativePropertyTest.point(r, sizes, f, g);
            DMatrixRMaj a;
            DMatrixRMaj b;
            try {
                if (DerivativePropertyTest.extreme(p, sizes, f, f) != null) continue;
                a = DerivativePropertyTest.evaluate(p, sizes, f, f, g);
                b = DerivativePropertyTest.evaluate(p, sizes, g, f, g);
            } catch (MatcalcException e) {
                continue;
            }
            if (!DerivativePropertyTest.finite(a)) continue;
            for (int i = 0; i < a.getNumElements(); i++) {
                double scale = Math.max(1, Math.abs(a.data[i]));
                if (!(Math.abs(a.data[i] - b.data[i]) <= TOLERANCE * scale)) {
                    fail(where + "\n  differ at " + DerivativePropertyTest.show(p) + ": " + DerivativePropertyTest.show(a)
                            + " against " + DerivativePropertyTest.show(b));
                }
            }
            return true;
        }
        return false;
    }
}
