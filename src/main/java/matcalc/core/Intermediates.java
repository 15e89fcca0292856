package matcalc.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A result written with named intermediates: the result in terms of names, and each name's
 * definition, in the order they can be computed. A derivative held as a DAG can be far smaller
 * than its text written out as a tree: the gradient of a K-layer network repeats every activation
 * h_i in every δ below it, quadratic in K; named, each part is printed once and the text is linear.
 *
 * <p>What is named: every non-trivial part that occurs more than once; every activation (a function
 * applied to a part of the expression differentiated) below a named one, so that the layers read
 * h1, h2, …; and every back-propagated factor of a matrix product (a part of a product's chain that
 * is not a part of the expression differentiated: δ in δ xᵀ and Wᵀ δ). Names follow the slides'
 * Algorithm 1: h for forward activations, δ for what is propagated backward, u for the rest; a
 * letter the expression already uses with digits is passed over (h → a → z, δ → ε → g, u → v → t).
 *
 * <p>Substituting the definitions back, in order, gives the result exactly: each name stands for a
 * sub-expression of it.
 */
public record Intermediates(Expr result, List<Definition> definitions) {
    /** One name and the expression it stands for (in terms of the names before it). */
    public record Definition(Expr.Var name, Expr body) {}

    public Intermediates {
        definitions = List.copyOf(definitions);
    }

    /** When to print a result with named intermediates. */
    public enum Mode {
        /** When written out as a tree it is larger than {@link #AUTO_SIZE} symbols and named it is at least a quarter shorter. */
        auto,
        /** Always (when anything can be named). */
        on,
        /** Never: the result written out. */
        off
    }

    /** Written out, a result larger than this is printed with named intermediates in {@link Mode#auto}. */
    public static final long AUTO_SIZE = 150;

    /**
     * The result with named intermediates as the mode asks, or null to print it as it is.
     *
     * @param result  the result as displayed
     * @param forward the expression differentiated (its parts are the forward values)
     * @param taken   names that must not be used (the user's variables and intermediates)
     */
    public static Intermediates of(Expr result, Expr forward, Set<String> taken, Mode mode) {
        if (mode == Mode.off) return null;
        if (mode == Mode.auto && Exprs.writtenOut(result, new IdentityHashMap<>()) <= AUTO_SIZE) return null;
        Intermediates named = name(result, forward, taken);
        if (named.definitions.isEmpty()) return null;
        if (mode == Mode.auto && 4 * named.size() > 3 * Exprs.writtenOut(result, new IdentityHashMap<>())) return null;
        return named;
    }

    /** Symbols of the named form: the result and every definition written out. */
    public long size() {
        Map<Expr, Long> memo = new IdentityHashMap<>();
        long n = Exprs.writtenOut(result, memo);
        for (Definition d : definitions) n += 1 + Exprs.writtenOut(d.body(), memo);
        return n;
    }


    /**
     * Several results of one expression (all K gradients of a network) with ONE list of
     * definitions: a part shared by several results is named once, with the same name in each, so
     * the text is linear in the number of results where each written with its own list would be
     * quadratic. The expression's header is written in the same names.
     *
     * @param results    the results as displayed, in order
     * @param expression the expression as it is printed above each result (named parts of it take their names)
     * @param definitions every name any result uses, in the order they can be computed
     */
    public record Joint(List<Expr> results, Expr expression, List<Definition> definitions) {
        public Joint {
            results = List.copyOf(results);
            definitions = List.copyOf(definitions);
        }

        /** Symbols of the joint form: each result, the expression once per result, and every definition written out once. */
        public long size() {
            Map<Expr, Long> memo = new IdentityHashMap<>();
            long n = 0;
            for (Expr r : results) n += Exprs.writtenOut(r, memo) + Exprs.writtenOut(expression, memo);
            for (Definition d : definitions) n += 1 + Exprs.writtenOut(d.body(), memo);
            return n;
        }
    }

    /**
     * The results with one shared list of named intermediates as the mode asks, or null to write
     * them all out: in {@link Mode#auto} when written out (each result with the expression above
     * it) they are larger than {@link #AUTO_SIZE} symbols and the joint form is a quarter shorter.
     */
    public static Joint joint(List<Expr> results, Expr expression, Expr forward, Set<String> taken, Mode mode) {
        if (mode == Mode.off) return null;
        long written = 0;
        Map<Expr, Long> memo = new IdentityHashMap<>();
        for (Expr r : results) written = Math.min(Long.MAX_VALUE / 4, written + Exprs.writtenOut(r, memo) + Exprs.writtenOut(expression, memo));
        if (mode == Mode.auto && written <= AUTO_SIZE) return null;
        Intermediates.Built built = nameAll(results, forward, taken);
        if (built.definitions.isEmpty()) return null;
        Map<Expr, Expr> memoNames = new HashMap<>();
        Joint joint = new Joint(built.results, substitute(expression, built.names, memoNames, true), built.definitions);
        if (mode == Mode.auto && 4 * joint.size() > 3 * written) return null;
        return joint;
    }

    /** Names the parts of result as described above, whatever its size. */
    public static Intermediates name(Expr result, Expr forward, Set<String> taken) {
        Built built = nameAll(List.of(result), forward, taken);
        return new Intermediates(built.results.get(0), built.definitions);
    }

    /** Results in names, the names (part → name) and their definitions. */
    private record Built(List<Expr> results, Map<Expr, Expr> names, List<Definition> definitions) {}

    /** Names the parts of all the results together: one set of names, counting uses across the results. */
    private static Built nameAll(List<Expr> results, Expr forward, Set<String> taken) {
        Set<Expr> forwardParts = parts(forward);
        // uses of each distinct part (structurally), counting each parent once per occurrence
        Map<Expr, Integer> uses = new HashMap<>();
        List<Expr> order = new ArrayList<>();   // each distinct part once, children before parents
        Set<Expr> done = new HashSet<>();
        Set<Expr> entered = new HashSet<>();
        for (Expr result : results) postOrder(result, uses, order, done, entered);
        Set<Expr> tops = Collections.newSetFromMap(new IdentityHashMap<>());
        tops.addAll(results);
        Set<Expr> named = new HashSet<>();
        for (Expr e : order) {
            if (tops.contains(e) || trivial(e)) continue;
            if (uses.getOrDefault(e, 0) > 1) named.add(e);
        }
        // the back-propagated factors of matrix products: δ in δ xᵀ, Wᵀ δ
        for (Expr e : order) {
            if (!(e instanceof Expr.Mul m) || m.chain().size() < 2) continue;
            for (Expr f : m.chain()) {
                boolean forwardOrPlain = trivial(f) || forwardParts.contains(f)
                        || (f instanceof Expr.Transpose t && (trivial(t.arg()) || forwardParts.contains(t.arg())));
                if (!forwardOrPlain) {
                    named.add(f);
                }
            }
        }
        // the activations below a named activation, so that every layer has its name: a worklist,
        // each named activation looked below once (passes over the whole order until nothing grew
        // took one pass per layer: quadratic in K)
        ArrayDeque<Expr> todo = new ArrayDeque<>();
        for (Expr e : order) if (named.contains(e) && activation(e, forwardParts)) todo.add(e);
        while (!todo.isEmpty()) {
            for (Expr below : activationsBelow(todo.pop(), forwardParts)) {
                if (named.add(below)) todo.add(below);
            }
        }
        return build(results, tops, order, named, forwardParts, taken);
    }

    private static Built build(List<Expr> results, Set<Expr> tops, List<Expr> order, Set<Expr> named,
                               Set<Expr> forwardParts, Set<String> taken) {
        List<Expr> defs = new ArrayList<>();
        for (Expr e : order) if (named.contains(e) && !tops.contains(e)) defs.add(e);
        int hs = 0;
        int deltas = 0;
        for (Expr e : defs) {
            if (activation(e, forwardParts)) hs++;
            else if (!forwardParts.contains(e)) deltas++;
        }
        Set<String> all = new HashSet<>(taken);
        // the results' variables, from their parts listed once (a walk per result was quadratic in K)
        for (Expr e : order) if (e instanceof Expr.Var v && v.kind() == Expr.Kind.USER) all.add(v.name());
        String h = letter(all, "h", "a", "z");
        String delta = letter(all, "δ", "ε", "g");
        String other = letter(all, "u", "v", "t");
        Map<Expr, Expr> names = new LinkedHashMap<>();
        int hi = 0;
        int di = Math.max(hs, deltas) + 1;   // δ's are met from the output backward: δ_K first
        int ui = 0;
        for (Expr e : defs) {
            String name;
            if (activation(e, forwardParts)) name = h + (++hi);
            else if (!forwardParts.contains(e)) name = delta + (--di);
            else name = other + (++ui);
            names.put(e, Exprs.var(name, e.shape()));
        }
        Map<Expr, Expr> memo = new HashMap<>();
        List<Definition> out = new ArrayList<>();
        for (Expr e : defs) {
            out.add(new Definition((Expr.Var) names.get(e), substitute(e, names, memo, true)));
        }
        List<Expr> inNames = new ArrayList<>();
        for (Expr result : results) inNames.add(substitute(result, names, memo, true));
        return new Built(inNames, names, out);
    }

    /** e with every named part (below it, or e itself unless top) replaced by its name. */
    private static Expr substitute(Expr e, Map<Expr, Expr> names, Map<Expr, Expr> memo, boolean top) {
        if (!top) {
            Expr name = names.get(e);
            if (name != null) return name;
        }
        if (!top || !names.containsKey(e)) {
            Expr done = memo.get(e);
            if (done != null) return done;
        }
        List<Expr> kids = new ArrayList<>(e.children().size());
        for (Expr c : e.children()) kids.add(substitute(c, names, memo, false));
        Expr out = Exprs.withChildren(e, kids);
        if (!names.containsKey(e)) memo.put(e, out);
        return out;
    }

    /** The first letter none of whose numbered names (letter1, letter2, …) is taken. */
    private static String letter(Set<String> taken, String... letters) {
        for (String l : letters) {
            boolean free = true;
            for (String t : taken) {
                if (t.startsWith(l) && t.length() > l.length() && t.substring(l.length()).chars().allMatch(Character::isDigit)) {
                    free = false;
                    break;
                }
            }
            if (free) return l;
        }
        return letters[0] + "_";
    }

    private static boolean trivial(Expr e) {
        return e.children().isEmpty() || (e instanceof Expr.Transpose t && t.arg().children().isEmpty());
    }

    /** A function applied to a part of the expression differentiated: tanh(W1 x + b1). */
    private static boolean activation(Expr e, Set<Expr> forwardParts) {
        return (e instanceof Expr.Apply || e instanceof Expr.UserFn) && forwardParts.contains(e);
    }

    /** The activations inside e's argument, not looking inside another activation. */
    private static List<Expr> activationsBelow(Expr e, Set<Expr> forwardParts) {
        List<Expr> out = new ArrayList<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Expr> todo = new ArrayDeque<>(e.children());
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (!seen.add(x)) continue;
            if (activation(x, forwardParts) && !trivial(x)) {
                out.add(x);
                continue;
            }
            todo.addAll(x.children());
        }
        return out;
    }

    /** Every sub-expression of e (structurally). */
    private static Set<Expr> parts(Expr e) {
        Set<Expr> out = new HashSet<>();
        ArrayDeque<Expr> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (out.add(x)) todo.addAll(x.children());
        }
        return out;
    }

    /** Counts the uses of each part and lists the distinct parts children first, without recursion. */
    private static void postOrder(Expr root, Map<Expr, Integer> uses, List<Expr> order, Set<Expr> done, Set<Expr> entered) {
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        uses.merge(root, 1, Integer::sum);
        if (!entered.add(root)) return;   // met inside an earlier result: its parts are counted already
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Expr e = (Expr) top[0];
            int i = (Integer) top[1];
            if (i < e.children().size()) {
                top[1] = i + 1;
                Expr c = e.children().get(i);
                uses.merge(c, 1, Integer::sum);
                if (entered.add(c)) stack.push(new Object[] {c, 0});
            } else {
                stack.pop();
                if (done.add(e)) order.add(e);
            }
        }
    }
}
