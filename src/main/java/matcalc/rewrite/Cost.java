package matcalc.rewrite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;

/**
 * The cost that extraction minimises, compared in order:
 * <ol>
 *   <li>symbols: the leaves of the expression written out as a tree (names, numbers, 𝟏, I; a
 *       product's numeric coefficient other than ±1 is one more; the all-ones matrix 𝟏 𝟏ᵀ is one,
 *       as 𝟏 is), each shared part counted at every use, as a reader reads them. Distributing
 *       repeats symbols and factoring removes them, so factored common terms win: 2 X (Xᵀ w − y)
 *       has 5 symbols, 2 X Xᵀ w − 2 X y 7;</li>
 *   <li>size: the nodes of that tree, a product's coefficient other than 1 one more, as
 *       {@link Simplifier#cost} counts them, except that a negation −X counts as X (it is written
 *       with a sign, a − X, so −(X + Y) is not smaller than −X − Y): (ŷ − y)ᵀ has 4, ŷᵀ − yᵀ 5;</li>
 *   <li>untidiness: one per transpose, per negation and per sum that starts with a minus, fewer being better,
 *       so that of two forms of one size (A x)ᵀ is preferred to xᵀ Aᵀ and s − y to −y + s.</li>
 * </ol>
 * Ties keep the earlier node: the bottom-up simplifier's own result, which is the e-graph's seed.
 */
record Cost(long symbols, long size, long untidy) implements Comparable<Cost> {
    private static final long CAP = Long.MAX_VALUE / 4;

    @Override
    public int compareTo(Cost o) {
        int c = Long.compare(symbols, o.symbols);
        if (c == 0) c = Long.compare(size, o.size);
        return c != 0 ? c : Long.compare(untidy, o.untidy);
    }

    Cost plus(Cost o) {
        return new Cost(Math.min(CAP, symbols + o.symbols), Math.min(CAP, size + o.size), Math.min(CAP, untidy + o.untidy));
    }

    /** The cost of a term (as extraction would count it). */
    static Cost of(Expr e) {
        return of(e, new HashMap<>());
    }

    private static Cost of(Expr e, Map<Expr, Cost> memo) {
        Cost known = memo.get(e);
        if (known != null) return known;
        Cost c;
        if (isOnesMatrix(e)) {
            c = new Cost(1, 1, 0);
        } else {
            c = own(e);
            for (Expr k : e.children()) c = c.plus(of(k, memo));
        }
        memo.put(e, c);
        return c;
    }

    private static Cost own(Expr node) {
        boolean coefficient = node instanceof Expr.Mul m && m.coef() != 1;
        long symbols = (node.children().isEmpty() ? 1 : 0)
                + (coefficient && Math.abs(((Expr.Mul) node).coef()) != 1 ? 1 : 0);
        boolean minusFirst = node instanceof Expr.Add a && Normalize.isNegative(a.terms().get(0));
        // −X is written with a sign, not a node: a − X, −X + Y; so −(X + Y) is not smaller than −X − Y
        boolean negation = coefficient && ((Expr.Mul) node).coef() == -1 && node.children().size() == 1;
        long size = negation ? 0 : 1 + (coefficient ? 1 : 0);
        // a negation is still one untidiness, so that no cost stays the same round a cycle −(−X)
        return new Cost(symbols, size, node instanceof Expr.Transpose || minusFirst || negation ? 1 : 0);
    }

    static boolean isOnesMatrix(Expr e) {
        return e instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                && m.chain().get(0) instanceof Expr.Ones && m.chain().get(1) instanceof Expr.Transpose t
                && t.arg() instanceof Expr.Ones;
    }

    /** The cheapest node of each class and the term it makes. */
    record Table(Map<Integer, Expr> terms, Map<Integer, Integer> nodes) {}

    /** Extraction: the cheapest node of every class, to a fixpoint (the graph may have cycles). */
    static Table extract(EGraph g, Map<Integer, List<Integer>> classes) {
        Map<Integer, Cost> cost = new HashMap<>();
        Map<Integer, Integer> choice = new HashMap<>();
        boolean changed = true;
        for (int pass = 0; changed && pass < 10_000; pass++) {
            changed = false;
            for (var entry : classes.entrySet()) {
                int cls = entry.getKey();
                for (int id : entry.getValue()) {
                    Cost c = nodeCost(g, classes, id, cost);
                    if (c == null) continue;
                    Cost old = cost.get(cls);
                    int cmp = old == null ? -1 : c.compareTo(old);
                    // equal costs: the lower id, so the seed's own nodes (added first) win ties
                    if (cmp < 0 || (cmp == 0 && id < choice.get(cls))) {
                        cost.put(cls, c);
                        choice.put(cls, id);
                        changed = true;
                    }
                }
            }
        }
        Map<Integer, Expr> terms = new HashMap<>();
        java.util.Set<Integer> open = new java.util.HashSet<>();
        for (int cls : classes.keySet()) term(g, cls, choice, terms, open);
        return new Table(terms, choice);
    }

    private static Cost nodeCost(EGraph g, Map<Integer, List<Integer>> classes, int id, Map<Integer, Cost> cost) {
        Expr node = g.node(id);
        if (node instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                && holds(g, classes, m.chain().get(0), n -> n instanceof Expr.Ones)
                && holds(g, classes, m.chain().get(1), n -> n instanceof Expr.Transpose t
                        && holds(g, classes, t.arg(), o -> o instanceof Expr.Ones))) {
            return new Cost(1, 1, 0);
        }
        Cost c = own(node);
        for (Expr k : node.children()) {
            Cost kc = cost.get(g.find(EGraph.idOf(k)));
            if (kc == null) return null;
            c = c.plus(kc);
        }
        return c;
    }

    /** Whether the class of placeholder ph has a node that passes test. */
    private static boolean holds(EGraph g, Map<Integer, List<Integer>> classes, Expr ph,
                                 java.util.function.Predicate<Expr> test) {
        if (!EGraph.isPlaceholder(ph)) return false;
        for (int n : classes.getOrDefault(g.find(EGraph.idOf(ph)), List.of())) if (test.test(g.node(n))) return true;
        return false;
    }

    private static Expr term(EGraph g, int cls, Map<Integer, Integer> choice, Map<Integer, Expr> terms, java.util.Set<Integer> open) {
        Expr known = terms.get(cls);
        if (known != null) return known;
        Integer id = choice.get(cls);
        // costs grow strictly from child to parent, so choices have no cycle; checked all the same
        if (id == null || !open.add(cls)) return null;
        Expr node = g.node(id);
        List<Expr> kids = new java.util.ArrayList<>();
        for (Expr k : node.children()) {
            Expr t = term(g, g.find(EGraph.idOf(k)), choice, terms, open);
            if (t == null) {
                open.remove(cls);
                return null;
            }
            kids.add(t);
        }
        Expr out = kids.isEmpty() ? node : Exprs.withChildren(node, kids);
        open.remove(cls);
        terms.put(cls, out);
        return out;
    }
}
