package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;

/** The occurrences of a variable in an expression read as a tree: the paths of the chain rule. */
public final class Occurrences {
    private Occurrences() {}

    /** The occurrence replaced, and where it is. */
    public record Replaced(Expr expr, Place place) {
        /** Where it is in words: "x in W x", "the second x in xᵀ A x". */
        public String where() {
            return place.toString();
        }
    }

    /**
     * Where an occurrence of x is: the {@code occurrence}-th (from 1, in tree order) of the
     * {@code occurrences} x in {@code in}, the nearest enclosing expression that is more than a
     * transpose of x; or, where that would not tell it from a look-alike, in the whole expression
     * ({@code whole}). {@code in} is null when x is the whole expression.
     */
    public record Place(Expr.Var x, int occurrence, int occurrences, Expr in, boolean whole) {
        /** In words, with the Unicode printer: "x in W x", "the first x in xᵀ A x", "the second x of …". */
        @Override
        public String toString() {
            return words(Expr::toString, n -> n);
        }

        /** In words, with expressions and names written by the given printers (ASCII, say). */
        public String words(java.util.function.Function<Expr, String> print, java.util.function.UnaryOperator<String> name) {
            String v = name.apply(x.name());
            if (in == null) return v;
            String which = occurrences == 1 ? v : "the " + ordinal(occurrence - 1) + " " + v;
            return which + (whole ? " of " : " in ") + print.apply(in);
        }
    }

    /** How many times x occurs in e written out as a tree, counting up to cap. */
    public static int count(Expr e, Expr.Var x, int cap) {
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
    public static Replaced replace(Expr e, Expr.Var x, int k, Expr.Var xk) {
        int[] left = {k};
        Place[] place = {new Place(x, 1, 1, null, false)};
        Expr out = go(e, x, xk, left, place, new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        Place where = place[0];
        // two occurrences in look-alike places (the two X W of (X W − Y)ᵀ (X W − Y)) are told apart
        // by their place in the whole expression
        int n = count(e, x, Integer.MAX_VALUE);
        for (int j = 0; j < n; j++) {
            if (j != k && describeOnly(e, x, j).toString().equals(where.toString())) {
                where = new Place(x, k + 1, n, e, true);
                break;
            }
        }
        return new Replaced(out, where);
    }

    private static Place describeOnly(Expr e, Expr.Var x, int k) {
        int[] left = {k};
        Place[] place = {new Place(x, 1, 1, null, false)};
        go(e, x, x, left, place, new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        return place[0];
    }

    private static Expr go(Expr e, Expr.Var x, Expr.Var xk, int[] left, Place[] parent, List<Expr> ancestors,
                           List<Integer> before, Map<Expr, Integer> memo) {
        if (left[0] < 0) return e;
        if (e.equals(x)) {
            if (left[0]-- == 0) {
                parent[0] = describe(x, ancestors, before, memo);
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
        before.add(left[0]);
        List<Expr> kids = new ArrayList<>();
        for (Expr child : e.children()) kids.add(go(child, x, xk, left, parent, ancestors, before, memo));
        ancestors.remove(ancestors.size() - 1);
        before.remove(before.size() - 1);
        return Exprs.withChildren(e, kids);
    }

    /**
     * The nearest enclosing expression that is more than a transpose of the variable, and which
     * of its occurrences of x this is (before: occurrences inside each ancestor ahead of this one).
     */
    private static Place describe(Expr.Var x, List<Expr> ancestors, List<Integer> before, Map<Expr, Integer> memo) {
        int i = ancestors.size() - 1;
        while (i > 0 && ancestors.get(i) instanceof Expr.Transpose) i--;
        if (i < 0) return new Place(x, 1, 1, null, false);
        Expr p = ancestors.get(i);
        return new Place(x, before.get(i) + 1, count(p, x, Integer.MAX_VALUE, memo), p, false);
    }

    public static String ordinal(int k) {
        String[] words = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth"};
        return k < words.length ? words[k] : (k + 1) + "th";
    }

    /**
     * The applications of shape-preserving functions (elementwise ones, softmax, undeclared h)
     * whose argument depends on x.
     */
    public static void functions(Expr e, Expr.Var x, Set<Expr> out) {
        functions(e, x, out, new java.util.HashSet<>());
    }

    private static void functions(Expr e, Expr.Var x, Set<Expr> out, Set<Expr> seen) {
        if (!seen.add(e) || count(e, x, 1) == 0) return;
        boolean shapePreserving = e instanceof Expr.Apply a && (a.fn().elementwise() || a.fn() == Fn.SOFTMAX)
                || e instanceof Expr.UserFn u && u.primes() == 0 && !Exprs.isDifferential(e);
        if (shapePreserving && e.shape().equals(e.children().get(0).shape())) out.add(e);
        for (Expr c : e.children()) functions(c, x, out, seen);
    }
}
