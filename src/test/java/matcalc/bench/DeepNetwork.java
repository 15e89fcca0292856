package matcalc.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.core.Expr;

/**
 * The slides' Algorithm 1 as a workload: a K-layer network h_i = tanh(W_i h_(i−1) + b_i),
 * h_K = W_K h_(K−1) + b_K, L = −sum(y ⊙ log(softmax(h_K))), differentiated with respect to
 * every W_i in one go.
 */
public final class DeepNetwork {
    private DeepNetwork() {}

    public static Session session(int k) {
        Session s = squaredSession(k);
        s.assume("sum(y) = 1");
        return s;
    }

    public static String loss(int k) {
        String h = "x";
        for (int i = 1; i <= k; i++) {
            String affine = "W" + i + " " + (h.equals("x") ? "x" : "(" + h + ")") + " + b" + i;
            h = i < k ? "tanh(" + affine + ")" : affine;
        }
        return "-sum(y ⊙ log(softmax(" + h + ")))";
    }

    /**
     * The workload: every layer h_i = tanh(W_i h_(i−1) + b_i), L = sum((h_K − y) ⊙ (h_K − y)).
     */
    public static String squaredLoss(int k) {
        String h = "x";
        for (int i = 1; i <= k; i++) h = "tanh(W" + i + " " + (i == 1 ? "x" : "(" + h + ")") + " + b" + i + ")";
        return "sum((" + h + " - y) ⊙ (" + h + " - y))";
    }

    /** The squared-error network's session: the declarations alone, no assumption on y. */
    public static Session squaredSession(int k) {
        Session s = new Session().verifyPoints(0);
        s.let("x: n0");
        for (int i = 1; i <= k; i++) {
            s.let("W" + i + ": n" + i + " x n" + (i - 1));
            s.let("b" + i + ": n" + i);
        }
        s.let("y: n" + k);
        return s;
    }

    public static Map<String, DerivativeResult> squaredGradients(int k) {
        return squaredSession(k).deriveAll(squaredLoss(k), weights(k));
    }

    public static List<String> weights(int k) {
        List<String> w = new ArrayList<>();
        for (int i = 1; i <= k; i++) w.add("W" + i);
        return w;
    }

    public static Map<String, DerivativeResult> gradients(int k) {
        return session(k).deriveAll(loss(k), weights(k));
    }

    /** Distinct sub-expressions of all the results together (the size of the shared DAG). */
    public static int dagSize(Iterable<DerivativeResult> results) {
        Set<Expr> seen = new HashSet<>();
        for (DerivativeResult r : results) count(r.result().derivative().expr(), seen);
        return seen.size();
    }

    /** Size of all the results written out as trees, without sharing (saturating). */
    public static long treeSize(Iterable<DerivativeResult> results) {
        long total = 0;
        java.util.Map<Expr, Long> memo = new java.util.HashMap<>();
        for (DerivativeResult r : results) total = Math.min(Long.MAX_VALUE / 2, total + tree(r.result().derivative().expr(), memo));
        return total;
    }

    private static void count(Expr e, Set<Expr> seen) {
        if (!seen.add(e)) return;
        for (Expr c : e.children()) count(c, seen);
    }

    private static long tree(Expr e, java.util.Map<Expr, Long> memo) {
        return matcalc.core.Exprs.writtenOut(e, memo);
    }
}
