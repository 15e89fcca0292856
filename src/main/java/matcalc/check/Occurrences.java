package matcalc.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;

/** The occurrences of a variable in an expression read as a tree: the paths of the chain rule. */
final class Occurrences {
    private Occurrences() {}

    /** The occurrence replaced, and the smallest enclosing expression that shows where it is. */
    record Replaced(Expr expr, String parent) {}

    /** How many times x occurs in e written out as a tree, counting up to cap. */
    static int count(Expr e, Expr.Var x, int cap) {
        return count(e, x, cap, new HashMap<>());
    }

    private static int count(Expr e, Expr.Var x, int cap, Map<Expr, Integer> memo) {
        if (e.equals(x)) return 1;
        Integer known = memo.get(e);
        if (known != null) return known;
        int n = 0;
        for (Expr c : e.children()) n = Math.min(cap, n + count(c, x, cap, memo));
        memo.put(e, n);
        return n;
    }

    /** e with the k-th occurrence of x (0-based, in tree order) replaced by xk. */
    static Replaced replace(Expr e, Expr.Var x, int k, Expr.Var xk) {
        int[] left = {k};
        String[] parent = {e.toString()};
        Expr out = go(e, x, xk, left, parent, new ArrayList<>(), new HashMap<>());
        return new Replaced(out, parent[0]);
    }

    private static Expr go(Expr e, Expr.Var x, Expr.Var xk, int[] left, String[] parent, List<Expr> ancestors,
                           Map<Expr, Integer> memo) {
        if (left[0] < 0) return e;
        if (e.equals(x)) {
            if (left[0]-- == 0) {
                parent[0] = describe(ancestors);
                return xk;
            }
            return e;
        }
        int c = count(e, x, Integer.MAX_VALUE, memo);
        if (c <= left[0]) {
            left[0] -= c;
            return e;
        }
        ancestors.add(e);
        List<Expr> kids = new ArrayList<>();
        for (Expr child : e.children()) kids.add(go(child, x, xk, left, parent, ancestors, memo));
        ancestors.remove(ancestors.size() - 1);
        return Exprs.withChildren(e, kids);
    }

    /** The nearest enclosing expression that is more than a transpose of the variable. */
    private static String describe(List<Expr> ancestors) {
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            if (!(ancestors.get(i) instanceof Expr.Transpose)) return ancestors.get(i).toString();
        }
        return ancestors.isEmpty() ? "" : ancestors.get(0).toString();
    }

    /**
     * The applications of shape-preserving functions (elementwise ones, softmax, undeclared h)
     * whose argument depends on x.
     */
    static void functions(Expr e, Expr.Var x, Set<Expr> out) {
        if (count(e, x, 1) == 0) return;
        boolean shapePreserving = e instanceof Expr.Apply a && (a.fn().elementwise() || a.fn() == Fn.SOFTMAX)
                || e instanceof Expr.UserFn u && u.primes() == 0 && !Exprs.isDifferential(e);
        if (shapePreserving && e.shape().equals(e.children().get(0).shape())) out.add(e);
        for (Expr c : e.children()) functions(c, x, out);
    }
}
