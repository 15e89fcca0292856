package matcalc.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.ShapeException;

/**
 * Equality saturation (egg's runner) over an {@link EGraph}: every rule of rules/simplify.rules,
 * the `if simpler` ones also right to left ({@link #bothWays}), the built-in normalisations
 * ({@link Normalize}) and the user's assumptions are applied to every e-class, all matches of an
 * iteration first and then all their unions, then congruence is restored; until nothing new is
 * learnt (saturated) or a bound is hit: the node limit, the iteration limit or the time limit
 * ({@link Stop}). The cheapest term by {@link Cost} is then extracted, with the rewrites that lead
 * to it from the input ({@link Explain}).
 *
 * <p>Matching reuses {@link Matcher}: for a rule and an e-class, the class's nodes are written out
 * as terms down as far as the rule's left side looks ({@link #expandClass}), each sub-class the
 * pattern does not look into left as its placeholder; the matcher then matches these terms as it
 * matches any expression (sums and ⊙ commutatively, products by runs of factors, the same side
 * conditions), and a pattern variable binds a placeholder, that is an e-class. Writing a node out
 * flattens it into its parent (a sum inside a sum, a product inside a chain): that is where
 * associativity of +, ⊙ and the matrix product comes from. The written-out terms of one node are
 * capped ({@link #MAX_TERMS}), which bounds the work of a match as the node limit bounds the graph.
 */
public final class Saturation {
    /** Why saturation stopped. */
    public enum Stop {
        SATURATED("saturated"),
        NODE_LIMIT("node limit"),
        ITERATION_LIMIT("iteration limit"),
        TIME_LIMIT("time limit"),
        INPUT_TOO_LARGE("input too large");

        private final String text;

        Stop(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What one run did: why it stopped, after how many iterations, with how many nodes and classes. */
    public record Report(Stop stop, int iterations, int nodes, int classes, long micros) {
        public String describe() {
            return "equality saturation: " + stop + " after " + iterations + " iteration" + (iterations == 1 ? "" : "s")
                    + ", " + nodes + " e-nodes in " + classes + " e-classes, " + (micros / 1000) + " ms";
        }
    }

    /** The extracted term, the rewrites that lead to it from the input, and the run's report. */
    public record Result(Expr expr, List<Step> steps, Report report) {}

    /** Bounds of one run. */
    public record Bounds(int nodes, int iterations, long millis, int inputNodes) {
        /**
         * The simplifier's: 150 e-nodes, 4 iterations, 3 s (a bound against a slow machine, not the usual stop); inputs of up to 40 distinct nodes
         * (larger ones keep the bottom-up result: the e-graph's work grows faster than the input).
         */
        public static final Bounds DEFAULT = new Bounds(150, 4, 3_000, 40);
    }

    /** Written-out terms of one node for one pattern, at most (the cartesian products of its children's). */
    static final int MAX_TERMS = 16;
    /** Matches of one rule in one term, at most. */
    private static final int MAX_MATCHES = 16;
    /**
     * Rewrites of one rule in one iteration, at most (egg's scheduler bans a rule that matches too
     * often; this keeps its first matches): a rule that splits sums, such as distribute-hadamard on
     * a sum of n terms, matches once per way of splitting, and the splits multiply.
     */
    static final int MAX_PER_RULE = 250;

    private final List<Rule> rules;
    /** The rules by the node type at the head of their left side (and the function, for fn(…)). */
    private final Map<Object, List<Rule>> byHead;
    /** Each sub-pattern of a left side: the one pattern of its skeleton ({@link Prepared}). */
    private final Map<Expr, Expr> skeleton;
    /** How deep each rule's left side looks. */
    private final Map<Rule, Integer> depths;
    /** The atoms each rule's left side holds ({@link #atoms}). */
    private final Map<Rule, Set<Object>> needs;
    private final Facts facts;
    private final Map<Expr, Expr> assumptions;
    private final Bounds bounds;
    private final long deadline;
    private final EGraph g = new EGraph();
    private Map<Integer, List<Integer>> classes = Map.of();
    private Map<Integer, Expr> best = Map.of();

    /**
     * @param deadline the System.nanoTime() past which the caller's own time limit is reached; the
     *                 run stops at the earlier of it and its own time bound
     */
    public Saturation(RuleSet rules, Facts facts, Map<Expr, Expr> assumptions, Bounds bounds, long deadline) {
        Prepared prepared = prepared(rules);
        this.rules = prepared.rules();
        this.byHead = prepared.byHead();
        this.skeleton = prepared.skeleton();
        this.depths = prepared.depths();
        this.needs = prepared.needs();
        this.facts = facts;
        this.assumptions = assumptions;
        this.bounds = bounds;
        long own = System.nanoTime() + bounds.millis() * 1_000_000L;
        this.deadline = deadline - own < 0 ? deadline : own;
    }

    public Saturation(RuleSet rules) {
        this(rules, Facts.SHAPES, Map.of(), Bounds.DEFAULT, Long.MAX_VALUE);
    }

    /** Saturates from e and extracts the cheapest equal term. */
    public Result run(Expr e) {
        long start = System.nanoTime();
        int distinct = distinctNodes(e, bounds.inputNodes() + 1);
        if (distinct > bounds.inputNodes()) {
            return new Result(e, List.of(), new Report(Stop.INPUT_TOO_LARGE, 0, 0, 0, (System.nanoTime() - start) / 1000));
        }
        int root = g.add(e);
        g.rebuild();
        Stop stop = Stop.ITERATION_LIMIT;
        int iteration = 0;
        while (iteration < bounds.iterations()) {
            refresh();
            if (System.nanoTime() - deadline > 0) {
                stop = Stop.TIME_LIMIT;
                break;
            }
            iteration++;
            int unionsBefore = g.unions();
            int sizeBefore = g.size();
            Stop s = step();
            g.rebuild();
            if (s != null) {
                stop = s;
                break;
            }
            if (g.unions() == unionsBefore && g.size() == sizeBefore) {
                stop = Stop.SATURATED;
                break;
            }
        }
        refresh();
        Expr out = best.get(g.find(root));
        Report report = new Report(stop, iteration, g.size(), classes.size(), (System.nanoTime() - start) / 1000);
        // the factory may write the input with more structure than it was given (a scalar chain
        // as a factor of its own): never return more than was put in
        if (out == null || Cost.of(out).compareTo(Cost.of(e)) >= 0) return new Result(e, List.of(), report);
        return new Result(out, new Explain(g, g::fillAsAdded, bestNode).steps(root), report);
    }

    /** The classes and their cheapest terms, after a rebuild. */
    private void refresh() {
        classes = g.classes();
        present.clear();
        heads.clear();
        for (var entry : classes.entrySet()) {
            Set<Object> h = new HashSet<>();
            for (int id : entry.getValue()) h.add(head(g.node(id)));
            heads.put(entry.getKey(), h);
            present.addAll(h);
        }
        Cost.Table t = Cost.extract(g, classes);
        best = t.terms();
        bestNode = t.nodes();
        expandedNodes.clear();
        renumber();
        canonicalNodes.clear();
        work = 0;
    }

    private Map<Integer, Integer> bestNode = Map.of();

    /** One iteration: every match first, then every union. A stop reason, or null. */
    private Stop step() {
        record Pending(int id, EGraph.Justification why) {}
        List<Pending> pending = new ArrayList<>();
        // the same rewrite found again (another assignment of a commutative match, another
        // written-out form of the node) is kept once
        Set<List<Object>> seen = new HashSet<>();
        Map<Rule, Integer> perRule = new HashMap<>();
        for (var entry : classes.entrySet()) {
            for (int id : entry.getValue()) {
                if (System.nanoTime() - deadline > 0) return Stop.TIME_LIMIT;
                matcalc.syntax.Deadline.check("simplifying");
                Expr node = canonical(id);
                for (Rule rule : byHead.getOrDefault(head(node), List.of())) {
                    if (!sameHead(rule.lhs(), node) || !present.containsAll(needs.get(rule)) || !mayMatch(rule.lhs(), node)) continue;
                    List<Expr> terms = expandNode(id, rule.lhs(), depths.get(rule), true);
                    // semi-naive: a form written out in an earlier round from classes unchanged since
                    // was matched by this rule then, and its rewrites are in the graph (unless the
                    // rule hit its cap then, which drops some)
                    if (formRound < round && !capped.contains(rule)) continue;
                    for (Expr t : terms) {
                        int[] count = {0};
                        Matcher.eachMatch(rule.lhs(), t, b -> conditionsHold(rule, b), m -> {
                            Expr after;
                            try {
                                after = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
                            } catch (ShapeException | IllegalStateException x) {
                                return false;
                            }
                            if (after.equals(t)) return ++count[0] >= MAX_MATCHES;
                            if (perRule.merge(rule, 1, Integer::sum) > MAX_PER_RULE) {
                                capped.add(rule);
                            } else if (seen.add(List.of(entry.getKey(), after))) {
                                pending.add(new Pending(id, new EGraph.Justification(rule.name(), rule.origin(), t, after, false, used(t, id))));
                            }
                            return ++count[0] >= MAX_MATCHES;
                        });
                    }
                }
                // the normalisations and assumptions look at whole terms: the node with its children's
                // cheapest terms, and a sum also with each child that has a sum in its class written
                // as that sum (so that like terms of different children are collected)
                Expr filled = fillChildren(node);
                for (Expr f : node instanceof Expr.Add ? List.of(filled, flattened(node)) : List.of(filled)) {
                    Normalize.Result n = Normalize.apply(f);
                    if (n != null && !n.expr().equals(f) && seen.add(List.of(entry.getKey(), n.expr()))) {
                        pending.add(new Pending(id, new EGraph.Justification(n.name(), "built in", f, n.expr(), false)));
                    }
                }
                Expr assumed = assumptions.get(filled);
                if (assumed != null) {
                    pending.add(new Pending(id, new EGraph.Justification("assumption",
                            "assume " + filled + " = " + assumed, filled, assumed, false)));
                }
            }
        }
        for (Pending p : pending) {
            if (g.size() > bounds.nodes()) return Stop.NODE_LIMIT;
            if (System.nanoTime() - deadline > 0) return Stop.TIME_LIMIT;
            int r;
            try {
                r = g.add(p.why().after());
            } catch (ShapeException x) {
                continue;
            }
            g.union(p.id(), r, p.why());
        }
        return null;
    }

    private boolean conditionsHold(Rule rule, Bindings b) {
        for (var c : rule.conditions()) {
            if (c.variable() == null) continue;
            if (!facts.holds(fill(b.get(c.variable())), c.word())) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ writing nodes out as terms

    /** How deep a pattern looks. */
    private static int depth(Expr p) {
        int d = 0;
        for (Expr c : p.children()) d = Math.max(d, depth(c));
        return d + 1;
    }

    /** Terms written out in one iteration, at most (beyond it, matching sees placeholders only). */
    static final int MAX_WORK = 200_000;
    private int work;

    private boolean outOfWork() {
        return work > MAX_WORK || ((work & 1023) == 0 && System.nanoTime() - deadline > 0);
    }

    /** The terms of class cls down as far as pattern p looks: its placeholder if p is a variable. */
    private List<Expr> expandClass(int cls, Expr p, int depth) {
        int root = g.find(cls);
        if (p == null || Exprs.isPattern(p) || depth <= 0) return List.of(EGraph.placeholder(root, g.shape(root)));
        Key key = new Key(root, skeleton.getOrDefault(p, p), depth, CLASS);
        List<Expr> known = known(key);
        if (known != null) return known;
        int truncatedBefore = begin();
        read(root);
        List<Expr> out = new ArrayList<>();
        for (int id : classes.getOrDefault(root, List.of())) {
            if (out.size() >= MAX_TERMS || outOfWorkNoting()) break;
            if (sameHead(p, g.node(id))) out.addAll(expandNode(id, p, depth, true));
        }
        List<Expr> capped = out.size() > MAX_TERMS ? List.copyOf(out.subList(0, MAX_TERMS)) : out;
        end(key, capped, truncatedBefore);
        return capped;
    }

    /**
     * Node id written out for pattern p (same head): its children expanded where p looks into them;
     * with flatten, a child's node of the node's own kind (a sum in a sum, a product in a chain) is
     * also written out into it, one level deep.
     */
    private List<Expr> expandNode(int id, Expr p, int depth, boolean flatten) {
        Key key = new Key(id, skeleton.getOrDefault(p, p), depth, flatten ? FLATTEN : NODE);
        List<Expr> known = known(key);
        if (known != null) return known;
        int truncatedBefore = begin();
        List<Expr> out = expandNodeAnew(id, p, depth, flatten);
        end(key, out, truncatedBefore);
        formRound = round;
        return out;
    }

    /** The round in which the form the last {@link #expandNode} or {@link #known} gave was written out. */
    private int formRound;
    /** Rules that hit {@link #MAX_PER_RULE} in some round: matched again in every round. */
    private final Set<Rule> capped = new HashSet<>();

    private static final int NODE = 0;
    private static final int FLATTEN = 1;
    private static final int CLASS = 2;

    /** A written-out node (id a node) or class (id a class root) for a pattern skeleton, at a depth. */
    private record Key(int id, Expr p, int depth, int kind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id && k.p == p && k.depth == depth && k.kind == kind;
        }

        @Override
        public int hashCode() {
            int h = ((id * 31 + System.identityHashCode(p)) * 31 + depth) * 3 + kind;
            return h ^ (h >>> 15);
        }
    }

    // ------------------------------------------------------------------ writing out, across iterations

    /**
     * A written-out form, with the e-classes it read (their roots) and the round it was written in:
     * it is the same in a later round if none of those classes changed since.
     */
    private record Written(List<Expr> terms, java.util.BitSet roots, int round) {}

    /** This iteration's written-out forms. */
    private final Map<Key, Written> expandedNodes = new HashMap<>();
    /** Every written-out form made so far that was not cut short, for later iterations. */
    private final Map<Key, Written> writtenBefore = new HashMap<>();
    /** Each class's nodes and their children's classes, as of the last {@link #renumber}. */
    private final Map<Integer, List<Integer>> signature = new HashMap<>();
    /** The round in which each id last changed as a class (got other nodes, or stopped being a root). */
    private int[] changed = new int[0];
    private int round;
    /** The classes read by the forms being written out (innermost first). */
    private final java.util.ArrayDeque<java.util.BitSet> reading = new java.util.ArrayDeque<>();
    /** How many forms were cut short by the work or time bound: those are not kept for later. */
    private int truncated;

    /**
     * After a rebuild, notes which classes changed: a class is unchanged while it is still a root
     * with the same nodes, whose children are in the same classes, so that what was written out
     * from it still holds (egg's dirty classes, found by comparison).
     */
    private void renumber() {
        round++;
        if (changed.length < g.size()) changed = java.util.Arrays.copyOf(changed, Math.max(g.size(), 2 * changed.length));
        for (var it = signature.keySet().iterator(); it.hasNext(); ) {
            int root = it.next();
            if (!classes.containsKey(root)) {
                changed[root] = round;
                it.remove();
            }
        }
        for (var entry : classes.entrySet()) {
            List<Integer> sig = new ArrayList<>(entry.getValue());
            for (int id : entry.getValue()) {
                sig.add(-1);
                for (Expr c : g.node(id).children()) sig.add(g.find(EGraph.idOf(c)));
            }
            if (!sig.equals(signature.get(entry.getKey()))) {
                signature.put(entry.getKey(), sig);
                changed[entry.getKey()] = round;
            }
        }
    }

    private void read(int root) {
        java.util.BitSet top = reading.peek();
        if (top != null) top.set(root);
    }

    /** The form of key written out in this iteration, or in an earlier one from classes unchanged since. */
    private List<Expr> known(Key key) {
        Written w = expandedNodes.get(key);
        if (w == null) {
            w = writtenBefore.get(key);
            if (w == null) return null;
            for (int r = w.roots().nextSetBit(0); r >= 0; r = w.roots().nextSetBit(r + 1)) {
                if (changed[r] > w.round()) return null;
            }
            expandedNodes.put(key, w);
        }
        java.util.BitSet top = reading.peek();
        if (top != null) top.or(w.roots());
        formRound = w.round();
        return w.terms();
    }

    private int begin() {
        reading.push(new java.util.BitSet());
        return truncated;
    }

    private void end(Key key, List<Expr> terms, int truncatedBefore) {
        java.util.BitSet read = reading.pop();
        java.util.BitSet top = reading.peek();
        if (top != null) top.or(read);
        Written w = new Written(terms, read, round);
        expandedNodes.put(key, w);
        if (truncated == truncatedBefore) writtenBefore.put(key, w);
    }

    private boolean outOfWorkNoting() {
        if (!outOfWork()) return false;
        truncated++;
        return true;
    }

    private final Map<Integer, Expr> canonicalNodes = new HashMap<>();

    /** A written-out term's node and the children it was written out with. */
    private record Origin(int id, List<Expr> children) {}

    /** Each written-out term's origin, by identity (terms are built once per run; asked only of matched ones). */
    private final Map<Expr, Origin> origins = new java.util.IdentityHashMap<>();

    /** The nodes term t was written out from, other than the matched node id. */
    private List<Integer> used(Expr t, int id) {
        java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>();
        collectUsed(t, out);
        out.remove(id);
        return List.copyOf(out);
    }

    private void collectUsed(Expr t, Set<Integer> out) {
        Origin o = origins.get(t);
        if (o == null || !out.add(o.id())) return;
        for (Expr c : o.children()) collectUsed(c, out);
    }

    private Expr canonical(int id) {
        read(g.find(id));
        return canonicalNodes.computeIfAbsent(id, i -> g.canonical(g.node(i)));
    }

    private List<Expr> expandNodeAnew(int id, Expr p, int depth, boolean flatten) {
        Expr node = canonical(id);
        List<Expr> kids = node.children();
        if (kids.isEmpty() || outOfWorkNoting()) {
            origins.putIfAbsent(node, new Origin(id, List.of()));
            return List.of(node);
        }
        work++;
        List<List<Expr>> alternatives = new ArrayList<>();
        boolean nary = node instanceof Expr.Add || node instanceof Expr.Hadamard || node instanceof Expr.Mul;
        if (nary) {
            List<Expr> subs = new ArrayList<>();
            if (p.getClass() == node.getClass()) {
                List<Expr> pk = p instanceof Expr.Mul pm ? Matcher.flat(pm) : p.children();
                for (Expr s : pk) if (!Exprs.isPattern(s) && !(s instanceof Expr.Num)) subs.add(s);
            }
            for (Expr k : kids) {
                int cls = EGraph.idOf(k);
                Set<Expr> alts = new java.util.LinkedHashSet<>();
                alts.add(k);
                for (Expr s : subs) alts.addAll(expandClass(cls, s, depth - 1));
                // a node of the same kind below: flattened into this one (associativity)
                if (flatten) {
                    read(g.find(cls));
                    for (int m : classes.getOrDefault(g.find(cls), List.of())) {
                        Expr mn = g.node(m);
                        if (mn.getClass() == node.getClass() && !(mn instanceof Expr.Mul mm && mm.shape().isScalar() != node.shape().isScalar())) {
                            alts.addAll(expandNode(m, p, depth - 1, false));
                        }
                    }
                }
                alternatives.add(new ArrayList<>(alts));
            }
        } else {
            List<Expr> pk = p.children();
            if (pk.size() != kids.size()) return List.of();
            for (int i = 0; i < kids.size(); i++) {
                List<Expr> alts = expandClass(EGraph.idOf(kids.get(i)), pk.get(i), depth - 1);
                if (alts.isEmpty()) return List.of();
                alternatives.add(alts);
            }
        }
        // a sum, ⊙ or product: at most as many children written out as the pattern has parts that
        // are not variables (the others stay placeholders): writing out children no part of the
        // pattern can use only multiplies the terms
        int most = Integer.MAX_VALUE;
        if (nary) {
            List<Expr> pk = p.getClass() == node.getClass() ? (p instanceof Expr.Mul pm ? Matcher.flat(pm) : p.children()) : List.of();
            int parts = 0;
            for (Expr q : pk) if (!Exprs.isPattern(q) && !(q instanceof Expr.Num)) parts++;
            most = Math.max(1, parts);
        }
        Set<Expr> out = new java.util.LinkedHashSet<>();
        product(id, node, alternatives, 0, new ArrayList<>(), most, out);
        return new ArrayList<>(out);
    }

    /** The terms of node (id) with each child one of its alternatives, at most most of them written out. */
    private void product(int id, Expr node, List<List<Expr>> alts, int i, List<Expr> chosen, int most, Set<Expr> out) {
        if (out.size() >= MAX_TERMS) return;
        if (i == alts.size()) {
            work++;
            try {
                List<Expr> kids = new ArrayList<>(chosen);
                Expr term = Exprs.withChildren(node, kids);
                out.add(term);
                origins.putIfAbsent(term, new Origin(id, kids));
            } catch (ShapeException e) {
                // cannot happen for equal shapes; skipped if it does
            }
            return;
        }
        List<Expr> here = alts.get(i);
        for (int j = 0; j < here.size(); j++) {
            // the first alternative of a sum's, ⊙'s or product's child is its placeholder
            boolean written = j > 0 || !EGraph.isPlaceholder(here.get(j));
            if (written && most == 0) break;
            chosen.add(here.get(j));
            product(id, node, alts, i + 1, chosen, written && most != Integer.MAX_VALUE ? most - 1 : most, out);
            chosen.remove(chosen.size() - 1);
            if (out.size() >= MAX_TERMS) return;
        }
    }

    /**
     * The atoms of e: the functions it applies and the constants 𝟏, I, K and ⊗ it holds. A match
     * of a rule's left side is made of e-nodes, so a rule whose left side holds an atom that no
     * e-node holds cannot match anywhere in the graph (rules for inverses, diagonals, Kronecker
     * products, softmax and the like, on a result of sums and products).
     */
    private static void atoms(Expr e, Set<Object> out) {
        Object a = atom(e);
        if (a != null) out.add(a);
        if (Exprs.isPattern(e)) return;
        for (Expr c : e.children()) atoms(c, out);
    }

    /** The atom at e's head, or null. */
    private static Object atom(Expr e) {
        if (e instanceof Expr.Apply a) return a.fn();
        if (e instanceof Expr.Ones || e instanceof Expr.Identity || e instanceof Expr.Commutation || e instanceof Expr.Kron) return e.getClass();
        return null;
    }

    /** The heads ({@link #head}) of each class's nodes, as of the last {@link #refresh}. */
    private final Map<Integer, Set<Object>> heads = new HashMap<>();

    /**
     * A necessary condition for pattern p to match node (same head) one level down, asked before
     * writing the node out: each part of p that is not a variable or a number has, in the class of
     * the child it could match, a node with its head. For a sum, ⊙ or product, the part may match
     * any child, or a child's node of the node's own kind (flattened into it when written out).
     */
    private boolean mayMatch(Expr p, Expr node) {
        List<Expr> kids = node.children();
        if (node instanceof Expr.Add || node instanceof Expr.Hadamard || node instanceof Expr.Mul) {
            if (p.getClass() != node.getClass() || someChildHas(kids, head(node))) return true;
            List<Expr> parts = p instanceof Expr.Mul pm ? Matcher.flat(pm) : p.children();
            for (Expr q : parts) {
                if (looksInto(q) && !someChildHas(kids, head(q))) return false;
            }
            return true;
        }
        List<Expr> pk = p.children();
        if (pk.size() != kids.size()) return true;
        for (int i = 0; i < pk.size(); i++) {
            if (looksInto(pk.get(i)) && !classHas(kids.get(i), head(pk.get(i)))) return false;
        }
        return true;
    }

    /** Whether a part of a pattern asks for a node of its own head: not a variable, a number or a leaf. */
    private static boolean looksInto(Expr q) {
        return !Exprs.isPattern(q) && !(q instanceof Expr.Num) && !q.children().isEmpty();
    }

    private boolean someChildHas(List<Expr> kids, Object head) {
        for (Expr c : kids) if (classHas(c, head)) return true;
        return false;
    }

    /** Whether the class of the child placeholder c has a node with this head. */
    private boolean classHas(Expr c, Object head) {
        return heads.getOrDefault(g.find(EGraph.idOf(c)), Set.of()).contains(head);
    }

    /**
     * The heads of all the e-graph's nodes, as of the last {@link #refresh}: an atom is its node's
     * head ({@link #atom} gives the same value {@link #head} does), so a rule's atoms are present
     * when this holds them all.
     */
    private final Set<Object> present = new HashSet<>();

    /** The key rules are indexed by: the node type, or the function of fn(…). */
    private static Object head(Expr e) {
        if (e instanceof Expr.Apply a) return a.fn();
        if (Exprs.isPatternFn(e)) return Expr.UserFn.class;
        return e.getClass();
    }

    /** Whether pattern p could match node at its head (a cheap necessary condition). */
    static boolean sameHead(Expr p, Expr node) {
        if (Exprs.isPatternFn(p)) return node instanceof Expr.UserFn u && u.kind() == Expr.Kind.USER;
        if (p.getClass() != node.getClass()) return false;
        if (p instanceof Expr.Apply pa) return pa.fn() == ((Expr.Apply) node).fn();
        if (p instanceof Expr.Var || p instanceof Expr.Num) return p.equals(node);
        if (p instanceof Expr.UserFn pu) {
            Expr.UserFn u = (Expr.UserFn) node;
            return pu.kind() == u.kind() && pu.name().equals(u.name()) && pu.primes() == u.primes();
        }
        return true;
    }

    // ------------------------------------------------------------------ filling placeholders

    /** e with every placeholder replaced by its class's cheapest term. */
    Expr fill(Expr e) {
        return fill(e, new java.util.IdentityHashMap<>());
    }

    private Expr fill(Expr e, Map<Expr, Expr> done) {
        if (EGraph.isPlaceholder(e)) {
            Expr t = best.get(g.find(EGraph.idOf(e)));
            return t == null ? e : t;
        }
        Expr known = done.get(e);
        if (known != null) return known;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(fill(c, done));
        Expr out = Exprs.withChildren(e, kids);
        done.put(e, out);
        return out;
    }

    /** A sum with each child that has a sum in its class written as the cheapest such sum. */
    private Expr flattened(Expr node) {
        List<Expr> kids = new ArrayList<>();
        for (Expr c : node.children()) {
            Expr sum = null;
            for (int m : classes.getOrDefault(g.find(EGraph.idOf(c)), List.of())) {
                if (!(g.node(m) instanceof Expr.Add)) continue;
                Expr t = fillChildren(canonical(m));
                if (sum == null || Cost.of(t).compareTo(Cost.of(sum)) < 0) sum = t;
            }
            kids.add(sum != null ? sum : fill(c));
        }
        return Exprs.withChildren(node, kids);
    }

    private Expr fillChildren(Expr node) {
        List<Expr> kids = new ArrayList<>();
        for (Expr c : node.children()) kids.add(fill(c));
        return Exprs.withChildren(node, kids);
    }

    private static int distinctNodes(Expr e, int stopAt) {
        Set<Expr> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && seen.size() < stopAt) {
            Expr n = todo.pop();
            if (seen.add(n)) todo.addAll(n.children());
        }
        return seen.size();
    }

    // ------------------------------------------------------------------ rules both ways

    private static final Map<RuleSet, List<Rule>> BOTH_WAYS = Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final Map<RuleSet, Prepared> PREPARED = Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * What a run needs of a rule set, made once per set: the rules both ways, indexed by the head of
     * their left sides, how deep each left side looks, and the skeleton of each sub-pattern.
     *
     * <p>Writing a node out for a pattern ({@link #expandNode}) depends only on the pattern's
     * skeleton: its node types, functions and non-variable leaves, with every pattern variable alike
     * (a variable is never looked into, whatever its name or shape). Equal skeletons of different
     * rules (factor-left's and factor-right's left sides, ?A ?C + ?B ?C and ?C ?A + ?C ?B) share one
     * representative, so a node is written out once per skeleton, not once per rule.
     */
    private record Prepared(List<Rule> rules, Map<Object, List<Rule>> byHead, Map<Expr, Expr> skeleton, Map<Rule, Integer> depths,
            Map<Rule, Set<Object>> needs) {}

    private static Prepared prepared(RuleSet set) {
        return PREPARED.computeIfAbsent(set, s -> {
            List<Rule> rules = bothWays(s);
            Map<Object, List<Rule>> byHead = new HashMap<>();
            Map<Expr, Expr> skeleton = new java.util.IdentityHashMap<>();
            Map<List<Object>, Expr> representatives = new HashMap<>();
            Map<Rule, Integer> depths = new java.util.IdentityHashMap<>();
            Map<Rule, Set<Object>> needs = new java.util.IdentityHashMap<>();
            for (Rule r : rules) {
                byHead.computeIfAbsent(head(r.lhs()), k -> new ArrayList<>()).add(r);
                depths.put(r, depth(r.lhs()));
                skeletonOf(r.lhs(), skeleton, representatives);
                Set<Object> n = new HashSet<>();
                atoms(r.lhs(), n);
                needs.put(r, Set.copyOf(n));
            }
            return new Prepared(rules, byHead, skeleton, depths, needs);
        });
    }

    /** The skeleton of pattern p (see {@link Prepared}), recording each sub-pattern's representative. */
    private static List<Object> skeletonOf(Expr p, Map<Expr, Expr> skeleton, Map<List<Object>, Expr> representatives) {
        List<Object> key = new ArrayList<>();
        if (Exprs.isPattern(p)) {
            key.add("?");
        } else if (p.children().isEmpty()) {
            key.add(p);   // a leaf that is not a variable: sameHead compares it whole
        } else {
            key.add(p.getClass());
            if (Exprs.isPatternFn(p)) key.add("?fn");
            if (p instanceof Expr.Apply a) key.add(a.fn());
            if (p instanceof Expr.UserFn u) key.add(List.of(u.kind(), u.name(), u.primes()));
            for (Expr c : p.children()) key.add(skeletonOf(c, skeleton, representatives));
        }
        skeleton.put(p, representatives.computeIfAbsent(key, k -> p));
        return key;
    }

    /**
     * The rules, and each `if simpler` rule also right to left (named with " (right to left)") where
     * that is a rule: its right side is not a bare variable and binds every variable and size of its
     * left side, the file does not already hold the reverse (factor-right is distribute-right's),
     * and it is not in {@link #ONE_WAY}.
     * An `if simpler` rule is an equation the simplifier orients by cost; in the e-graph both
     * directions are equalities, and extraction chooses.
     */
    /**
     * `if simpler` rules kept one way: transpose-product's reverse (?Bᵀ ?Aᵀ ⇒ (?A ?B)ᵀ) would take
     * transposes off the factors, where the slides and the Cookbook write them (δᵀ xᵀ, not (x δ)ᵀ).
     */
    static final Set<String> ONE_WAY = Set.of("transpose-product");

    static List<Rule> bothWays(RuleSet set) {
        return BOTH_WAYS.computeIfAbsent(set, s -> {
            List<Rule> out = new ArrayList<>(s.rules());
            Set<String> present = new HashSet<>();
            out.removeIf(Saturation::inContext);
            for (Rule r : s.rules()) present.add(renamed(r.lhs(), r.rhs()));
            for (Rule r : s.rules()) {
                if (!r.speculative() || inContext(r) || ONE_WAY.contains(r.name()) || Exprs.isPattern(r.rhs()) || present.contains(renamed(r.rhs(), r.lhs()))) continue;
                Set<String> lhsVars = new HashSet<>();
                Set<String> rhsVars = new HashSet<>();
                names(r.lhs(), lhsVars);
                names(r.rhs(), rhsVars);
                if (!rhsVars.containsAll(lhsVars)) continue;
                out.add(new Rule(r.name() + " (right to left)", r.rhs(), r.lhs(), r.conditions(), r.span()));
            }
            return List.copyOf(out);
        });
    }

    /**
     * The equation lhs ⇒ rhs with its pattern variables renamed ?1, ?2, … in order of first
     * occurrence: two rules are the same up to their variables' names when these are equal
     * (factor-left, ?C ?A + ?C ?B ⇒ ?C (?A + ?B), is distribute-left's reverse).
     */
    static String renamed(Expr lhs, Expr rhs) {
        // a variable keeps its kind (scalar ?α, vector ?a, matrix ?A): they match different terms
        Map<String, String> kinds = new HashMap<>();
        kinds(lhs, kinds);
        kinds(rhs, kinds);
        java.util.regex.Matcher m = VARIABLE.matcher(lhs + " ⇒ " + rhs);
        Map<String, String> names = new HashMap<>();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = names.computeIfAbsent(m.group(), k -> "?" + (names.size() + 1) + kinds.getOrDefault(k, ""));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(name));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void kinds(Expr e, Map<String, String> out) {
        if (Exprs.isPattern(e)) {
            var shape = e.shape();
            out.putIfAbsent(((Expr.Var) e).name(), shape.isScalar() ? "s" : shape.cols().isOne() ? "v" : "M");
        }
        for (Expr c : e.children()) kinds(c, out);
    }

    /** A pattern variable as printed: ? and a name (letters, digits, _; ᵀ is a letter to Unicode but not part of a name). */
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\?[\\p{L}\\p{N}_&&[^ᵀ]]+");

    /**
     * A rule that rewrites part of a sum and carries the rest along as a bare variable (?D in
     * distribute-hadamard-term: (?A + ?B) ⊙ ?C + ?D ⇒ ?A ⊙ ?C + ?B ⊙ ?C + ?D). The bottom-up
     * simplifier needs these to see a rewrite that pays off only with the rest of the sum; in the
     * e-graph the part's own class is rewritten in every context (distribute-hadamard), and the
     * context rules would only repeat that once per way of splitting the sum. Left out there.
     */
    static boolean inContext(Rule r) {
        if (!(r.lhs() instanceof Expr.Add l) || !(r.rhs() instanceof Expr.Add rr)) return false;
        for (Expr t : l.terms()) if (Exprs.isPattern(t) && rr.terms().contains(t)) return true;
        return false;
    }

    /** Pattern variables, pattern functions and pattern sizes of e. */
    private static void names(Expr e, Set<String> out) {
        if (Exprs.isPattern(e)) out.add(((Expr.Var) e).name());
        if (Exprs.isPatternFn(e)) out.add(((Expr.UserFn) e).name());
        if (Exprs.isPattern(e) || e instanceof Expr.Ones || e instanceof Expr.Identity || e instanceof Expr.Zero) {
            for (var d : List.of(e.shape().rows(), e.shape().cols())) {
                if (d instanceof matcalc.core.Dim.Sym sym) out.add("dim " + sym.name());
            }
        }
        if (e instanceof Expr.Commutation k) {
            for (var d : List.of(k.m(), k.n())) if (d instanceof matcalc.core.Dim.Sym sym) out.add("dim " + sym.name());
        }
        for (Expr c : e.children()) names(c, out);
    }

    /**
     * Whether a step of an explanation is an instance of the rule it names: the rule (right to
     * left if so named) applied at the root of the step's left side, at any of its matches, gives
     * its right side; a built-in normalisation applied to the left side gives the right side.
     * Assumptions are the user's and are not checked here.
     */
    public static boolean replays(Step step, RuleSet rules) {
        if (step.rule().equals("assumption")) return true;
        if (step.origin().startsWith("built in")) {
            Normalize.Result n = Normalize.apply(step.before());
            if (n != null && n.name().equals(step.rule()) && n.expr().equals(step.after())) return true;
            Normalize.Result back = Normalize.apply(step.after());
            return back != null && Explain.reversed(back.name()).equals(step.rule()) && back.expr().equals(step.before());
        }
        for (Rule rule : bothWays(rules)) {
            boolean forward = rule.name().equals(step.rule());
            boolean backward = Explain.reversed(rule.name()).equals(step.rule());
            if (!forward && !backward) continue;
            Expr from = forward ? step.before() : step.after();
            Expr to = forward ? step.after() : step.before();
            // the left side matched in from gives to; or, where the factory's flattening hides how
            // the left side was matched ((a − y) + y is a − y + y), the right side matched in to
            // gives from
            if (instance(rule.lhs(), rule.rhs(), from, to) || instance(rule.rhs(), rule.lhs(), to, from)) return true;
        }
        return false;
    }

    /** Whether pattern matches at the root of from (at some match) with other, instantiated, giving to. */
    private static boolean instance(Expr pattern, Expr other, Expr from, Expr to) {
        boolean[] found = {false};
        Matcher.eachMatch(pattern, from, b -> true, m -> {
            try {
                found[0] = m.rebuild().apply(Matcher.instantiate(other, m.bindings())).equals(to);
            } catch (ShapeException | IllegalStateException e) {
                return false;
            }
            return found[0];
        });
        return found[0];
    }

    /** The extraction's cost of e, as "symbols, size". */
    public static String describeCost(Expr e) {
        Cost c = Cost.of(e);
        return c.symbols() + ", " + c.size();
    }

    /** Compares two terms by the extraction's cost ({@link Cost}): negative when a is cheaper. */
    public static int compareCost(Expr a, Expr b) {
        return Cost.of(a).compareTo(Cost.of(b));
    }

    /** Test access: the e-graph of the last run. */
    EGraph graph() {
        return g;
    }
}
