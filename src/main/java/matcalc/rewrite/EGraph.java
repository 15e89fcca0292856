package matcalc.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;

/**
 * An e-graph over core expressions (egg's data structure, in the form matcalc's n-ary canonical
 * nodes need): hash-consed e-nodes, a union-find of their ids into e-classes, congruence closure by
 * {@link #rebuild}, a shape analysis (every node of a class has the class's shape: a union of two
 * shapes is refused), a constant analysis (a class holding a number), and egg's proof forest for
 * explanations.
 *
 * <p>An e-node is an {@link Expr} built by {@link Exprs} whose children are <em>placeholders</em>:
 * variables named after an e-class id, of that class's shape ({@link #placeholder}). So a node is
 * canonical as the factory makes every expression (n-ary sums and ⊙, products as coefficient,
 * scalars and chain), and filling its placeholders with terms flattens them: a + (b + c) is the sum
 * a + b + c, and A (B C) the chain A B C. Associativity of +, ⊙ and the matrix product is thus the
 * factory's, not a rule's; commutativity of + and ⊙ is the matcher's.
 *
 * <p>Every node added gets its own id (which is also an e-class id until it is merged). The node
 * keeps the ids its children had when it was added, so that an explanation can replay it; its
 * canonical form (children's current class ids) is the hash-cons key.
 */
final class EGraph {
    /** Placeholder names start with this (a control character no user can type). */
    static final String MARK = "\u0001e";

    /**
     * Why two nodes are equal: a rule (or built-in normalisation) on a term, or congruence. A rule's
     * term may be written out from other nodes than the matched node's children (a sum flattened
     * into a sum, a node of a child's class written out for the pattern): those are the nodes used,
     * whose own rewrites explain how the matched node's children became them.
     */
    record Justification(String rule, String origin, Expr before, Expr after, boolean congruence, List<Integer> used) {
        static final Justification CONGRUENCE = new Justification("congruence", "", null, null, true);

        Justification(String rule, String origin, Expr before, Expr after, boolean congruence) {
            this(rule, origin, before, after, congruence, List.of());
        }
    }

    private final List<Expr> nodes = new ArrayList<>();        // id -> node with its children's ids as added
    private final List<Integer> parent = new ArrayList<>();    // union-find
    private final List<Integer> proofParent = new ArrayList<>();
    private final List<Justification> proofWhy = new ArrayList<>();
    /** Whether the edge from id to its proof parent was rewritten in that direction (id before, parent after). */
    private final List<Boolean> proofForward = new ArrayList<>();
    private final Map<Expr, Integer> memo = new HashMap<>();   // canonical node -> an id
    private int unions;

    /** The placeholder for e-class id, of that shape. */
    static Expr placeholder(int id, Shape shape) {
        return Exprs.var(MARK + id, shape);
    }

    static boolean isPlaceholder(Expr e) {
        return e instanceof Expr.Var v && v.kind() == Expr.Kind.USER && v.name().startsWith(MARK);
    }

    static int idOf(Expr placeholder) {
        // asked for at every child of every node looked at: digits read in place, no substring
        String name = ((Expr.Var) placeholder).name();
        if (!name.startsWith(MARK) || name.length() == MARK.length()) throw new NumberFormatException(name);
        int id = 0;
        for (int i = MARK.length(); i < name.length(); i++) {
            int d = name.charAt(i) - '0';
            if (d < 0 || d > 9) throw new NumberFormatException(name);
            id = id * 10 + d;
        }
        return id;
    }

    int size() {
        return nodes.size();
    }

    /** How many merges so far (the runner's measure of progress). */
    int unions() {
        return unions;
    }

    Expr node(int id) {
        return nodes.get(id);
    }

    Shape shape(int id) {
        return nodes.get(id).shape();
    }

    int find(int id) {
        int root = id;
        while (parent.get(root) != root) root = parent.get(root);
        while (parent.get(id) != root) {   // path compression
            int next = parent.get(id);
            parent.set(id, root);
            id = next;
        }
        return root;
    }

    private final Map<Integer, Expr> asAdded = new HashMap<>();

    /**
     * The term node id stood for when it was added: its children's terms as added, recursively
     * (children are always added before their parents, so this ends). Explanations write their
     * steps with these, so that a step's left side is what the expression held at that point.
     */
    Expr asAdded(int id) {
        Expr known = asAdded.get(id);
        if (known != null) return known;
        Expr node = nodes.get(id);
        List<Expr> kids = new ArrayList<>();
        for (Expr c : node.children()) kids.add(asAdded(idOf(c)));
        Expr out = kids.isEmpty() ? node : Exprs.withChildren(node, kids);
        asAdded.put(id, out);
        return out;
    }

    /** e with each placeholder replaced by the term its id stood for when added. */
    Expr fillAsAdded(Expr e) {
        if (isPlaceholder(e)) return asAdded(idOf(e));
        if (e.children().isEmpty()) return e;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(fillAsAdded(c));
        return Exprs.withChildren(e, kids);
    }

    /**
     * The hash-cons key of a node: its canonical form, with the terms of a sum or ⊙ in the order of
     * their class ids, so that a + b and b + a are one e-node (commutativity in the table: without
     * it every permutation of a sum a rule writes would be a node of its own). The node itself
     * keeps the order it was added in, which is the order printed.
     */
    Expr key(Expr node) {
        Expr c = canonical(node);
        if (!(c instanceof Expr.Add || c instanceof Expr.Hadamard)) return c;
        List<Expr> kids = new ArrayList<>(c.children());
        kids.sort(java.util.Comparator.comparingInt(EGraph::idOf));
        return c instanceof Expr.Add ? Exprs.add(kids) : Exprs.hadamard(kids);
    }

    /** The child ids of node id, as added. */
    static List<Integer> childIds(Expr node) {
        List<Integer> out = new ArrayList<>();
        for (Expr c : node.children()) out.add(idOf(c));
        return out;
    }

    /** The node with its children's current e-class ids: the hash-cons key. */
    Expr canonical(Expr node) {
        List<Expr> kids = node.children();
        if (kids.isEmpty()) return node;
        List<Expr> canon = new ArrayList<>(kids.size());
        boolean same = true;
        for (Expr k : kids) {
            int id = idOf(k);
            int root = find(id);
            same &= root == id;
            canon.add(root == id ? k : placeholder(root, k.shape()));
        }
        return same ? node : Exprs.withChildren(node, canon);
    }

    /**
     * Adds a term whose leaves may be placeholders of existing classes; the id of its class's node.
     * Each sub-term is added first (children before parents), equal nodes shared.
     */
    int add(Expr term) {
        return add(term, new java.util.IdentityHashMap<>());
    }

    private int add(Expr term, Map<Expr, Integer> done) {
        if (isPlaceholder(term)) return idOf(term);
        Integer known = done.get(term);
        if (known != null) return known;
        List<Expr> kids = term.children();
        List<Expr> ph = new ArrayList<>(kids.size());
        for (Expr k : kids) ph.add(placeholder(add(k, done), k.shape()));
        Expr node = kids.isEmpty() ? term : Exprs.withChildren(term, ph);
        int id;
        if (isPlaceholder(node)) {
            id = idOf(node);   // the factory collapsed the node to one child (never for a canonical term)
        } else if (!allPlaceholders(node)) {
            id = add(node, done);   // the factory rebuilt it with new structure: add that
        } else {
            id = addNode(node);
        }
        done.put(term, id);
        return id;
    }

    private static boolean allPlaceholders(Expr node) {
        for (Expr c : node.children()) if (!isPlaceholder(c)) return false;
        return true;
    }

    private int addNode(Expr node) {
        Expr key = key(node);
        Integer existing = memo.get(key);
        if (existing != null) return existing;
        int id = nodes.size();
        nodes.add(node);
        parent.add(id);
        proofParent.add(id);
        proofWhy.add(null);
        proofForward.add(true);
        memo.put(key, id);
        return id;
    }

    /**
     * Merges the classes of a and b, for the reason why (recorded in the proof forest between these
     * two ids). False when they were already one class, or when their shapes differ (refused: the
     * shape analysis is what makes a class's placeholder meaningful).
     */
    boolean union(int a, int b, Justification why) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) return false;
        if (!shape(ra).equals(shape(rb))) return false;
        // the proof forest: make a the root of its tree, then hang it under b
        reroot(a);
        proofParent.set(a, b);
        proofWhy.set(a, why);
        proofForward.set(a, true);
        // the older id stays the root: the seed's classes keep their ids
        if (ra < rb) parent.set(rb, ra);
        else parent.set(ra, rb);
        unions++;
        return true;
    }

    private void reroot(int a) {
        int cur = a;
        // reverse the edges from a up to the root
        List<Integer> path = new ArrayList<>();
        List<Justification> whys = new ArrayList<>();
        List<Boolean> forward = new ArrayList<>();
        while (proofParent.get(cur) != cur) {
            path.add(cur);
            whys.add(proofWhy.get(cur));
            forward.add(proofForward.get(cur));
            cur = proofParent.get(cur);
        }
        path.add(cur);
        for (int i = path.size() - 1; i > 0; i--) {
            proofParent.set(path.get(i), path.get(i - 1));
            proofWhy.set(path.get(i), whys.get(i - 1));
            proofForward.set(path.get(i), !forward.get(i - 1));
        }
        proofParent.set(a, a);
        proofWhy.set(a, null);
    }

    /**
     * Restores congruence: nodes whose canonical forms became equal are merged (recorded as
     * congruence), until nothing changes. The hash-cons table is rebuilt on the canonical forms.
     */
    void rebuild() {
        boolean changed = true;
        while (changed) {
            changed = false;
            memo.clear();
            for (int id = 0; id < nodes.size(); id++) {
                Expr key = key(nodes.get(id));
                Integer other = memo.putIfAbsent(key, id);
                if (other != null && find(other) != find(id)) {
                    changed |= union(id, other, Justification.CONGRUENCE);
                }
            }
        }
    }

    /** The e-classes: each root id with its distinct nodes (one id per canonical form), in id order. */
    Map<Integer, List<Integer>> classes() {
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        Map<Expr, Boolean> seen = new HashMap<>();
        for (int id = 0; id < nodes.size(); id++) {
            if (seen.putIfAbsent(key(nodes.get(id)), true) != null) continue;
            out.computeIfAbsent(find(id), k -> new ArrayList<>()).add(id);
        }
        return out;
    }

    /** The number the class of id holds, if it holds one (the constant analysis), else null. */
    Double constant(int id, Map<Integer, List<Integer>> classes) {
        for (int n : classes.getOrDefault(find(id), List.of())) {
            if (nodes.get(n) instanceof Expr.Num num) return num.value();
        }
        return null;
    }

    /**
     * The proof-forest path from a to b (same class): the edges as (from, to, why) with the
     * direction in which each was recorded (forward: from was rewritten to to).
     */
    List<Edge> path(int a, int b) {
        List<Integer> up = new ArrayList<>();
        for (int cur = a; ; cur = proofParent.get(cur)) {
            up.add(cur);
            if (proofParent.get(cur) == cur) break;
        }
        Map<Integer, Integer> indexA = new HashMap<>();
        for (int i = 0; i < up.size(); i++) indexA.put(up.get(i), i);
        List<Integer> fromB = new ArrayList<>();
        int cur = b;
        while (!indexA.containsKey(cur)) {
            fromB.add(cur);
            int p = proofParent.get(cur);
            if (p == cur) throw new IllegalStateException("no proof path between " + a + " and " + b);
            cur = p;
        }
        int lca = cur;
        List<Edge> out = new ArrayList<>();
        for (int i = 0; up.get(i) != lca; i++) {
            int x = up.get(i);
            out.add(new Edge(x, proofParent.get(x), proofWhy.get(x), proofForward.get(x)));
        }
        for (int i = fromB.size() - 1; i >= 0; i--) {
            int y = fromB.get(i);
            out.add(new Edge(proofParent.get(y), y, proofWhy.get(y), !proofForward.get(y)));
        }
        return out;
    }

    /** One proof-forest edge walked from {@code from} to {@code to}; forward when recorded that way. */
    record Edge(int from, int to, Justification why, boolean forward) {}
}
