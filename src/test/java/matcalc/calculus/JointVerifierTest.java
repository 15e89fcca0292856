package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import org.junit.jupiter.api.Test;

/**
 * The joint check of many gradients of one f (JointVerifier): it accepts the right gradients of
 * random K-layer networks (K = 1 … 40), and rejects each kind of single wrong block (one G_i
 * scaled by 1.001, transposed, or replaced by another layer's gradient) at a random index,
 * unless it leaves that block to its own check (uncovered), which must be rare.
 */
class JointVerifierTest {
    private record Network(List<Derivative> gradients, Map<Expr, Expr> assumptions) {}

    /** A random K-layer tanh network, square (every layer n wide: transposes fit) or not, with one of two losses. */
    private static Network network(Random r, int k, boolean square) {
        Session s = new Session().verifyPoints(0);
        s.let("x: n0");
        for (int i = 1; i <= k; i++) {
            String rows = square ? "n" : "n" + i;
            String cols = square ? (i == 1 ? "n0" : "n") : "n" + (i - 1);
            s.let("W" + i + ": " + rows + " x " + cols);
            s.let("b" + i + ": " + rows);
        }
        s.let("y: " + (square ? "n" : "n" + k));
        String h = "x";
        for (int i = 1; i <= k; i++) h = "tanh(W" + i + " " + (i == 1 ? "x" : "(" + h + ")") + " + b" + i + ")";
        String f;
        if (r.nextBoolean()) {
            f = "sum((" + h + " - y) ⊙ (" + h + " - y))";
        } else {
            s.assume("sum(y) = 1");
            f = "-sum(y ⊙ log(softmax(" + h + ")))";
        }
        List<String> wrts = new ArrayList<>();
        for (int i = 1; i <= k; i++) wrts.add("W" + i);
        Map<String, DerivativeResult> results = s.deriveAll(f, wrts);
        List<Derivative> ds = new ArrayList<>();
        Map<Expr, Expr> assumptions = null;
        for (String w : wrts) {
            ds.add(results.get(w).result().derivative());
            assumptions = results.get(w).result().checked().assumptions();
        }
        return new Network(ds, assumptions);
    }

    private static Derivative withExpr(Derivative d, Expr e) {
        return new Derivative(d.f(), d.wrt(), d.layout(), e, e, d.delta(), d.differentiation(), d.simplification());
    }

    @Test
    void acceptsTheRightGradients() {
        for (int seed = 0; seed < 24; seed++) {
            Random r = new Random(seed);
            int k = seed < 4 ? seed + 1 : 1 + r.nextInt(40);
            Network n = network(r, k, r.nextBoolean());
            JointVerifier.Outcome o = new JointVerifier(seed, Map.of()).check(n.gradients(), n.assumptions(), 3);
            assertTrue(o.passed(), "seed " + seed + ", K = " + k + ": " + o.detail());
        }
    }

    @Test
    void rejectsOneWrongBlock() {
        int caught = 0;
        int leftToOwnCheck = 0;
        int missedByBoth = 0;
        for (int seed = 0; seed < 36; seed++) {
            Random r = new Random(1000 + seed);
            int k = 2 + r.nextInt(39);
            int kind = seed % 3;
            Network n = network(r, k, kind != 0);
            List<Derivative> ds = new ArrayList<>(n.gradients());
            int i = r.nextInt(k);
            Derivative d = ds.get(i);
            Expr wrong = switch (kind) {
                case 0 -> Exprs.scale(1.001, d.expr());
                case 1 -> Exprs.transpose(d.expr());
                default -> ds.get((i + 1 + r.nextInt(k - 1)) % k).expr();
            };
            if (kind == 1 && i == 0) wrong = Exprs.scale(-1, d.expr());   // W1 is n×n0: its transpose would not fit
            ds.set(i, withExpr(d, wrong));
            JointVerifier.Outcome o = new JointVerifier(seed, Map.of()).check(ds, n.assumptions(), 3);
            String what = "seed " + seed + ", K = " + k + ", kind " + kind + ", block " + (i + 1);
            if (!o.passed()) {
                caught++;
            } else if (o.uncovered().contains(i)) {
                leftToOwnCheck++;
            } else {
                // missed jointly: only an error so small (a vanishing gradient) that its own check misses it too
                Verification alone = new Verifier(seed).check(ds.get(i), n.assumptions(), 3);
                assertTrue(alone.passed(), what + ": a wrong block passed the joint check; its own check says " + alone.detail());
                missedByBoth++;
            }
        }
        assertTrue(caught >= 30, "caught " + caught + " of 36, " + leftToOwnCheck + " left to their own checks, "
                + missedByBoth + " missed by both");
    }
}
