package matcalc.rewrite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import matcalc.core.Expr;

/**
 * Explanations (egg's proof forest): the rewrites that lead from the term the e-graph was seeded
 * with to the extracted one, as {@link Step}s naming their rules. For the root and then each
 * extracted node's children, the proof-forest path between the node as added and the node
 * extraction chose; a rule edge is a step (walked backwards, the rule right to left), a congruence
 * edge is explained by the paths between the two nodes' children. A step's sub-terms that the rule
 * did not look into (its placeholders) are written as extracted, so each step is an instance of its
 * rule on the terms the reader sees in the result.
 */
final class Explain {
    /** Steps listed at most (an explanation longer than this is cut: the result stands regardless). */
    static final int MAX_STEPS = 200;

    private final EGraph g;
    private final UnaryOperator<Expr> fill;
    private final Map<Integer, Integer> bestNode;
    private final Set<Long> explained = new HashSet<>();
    private final Set<Integer> termsDone = new HashSet<>();
    private final List<Step> out = new ArrayList<>();

    Explain(EGraph g, UnaryOperator<Expr> fill, Map<Integer, Integer> bestNode) {
        this.g = g;
        this.fill = fill;
        this.bestNode = bestNode;
    }

    List<Step> steps(int root) {
        term(root);
        return out;
    }

    /** From the node id as added to its class's extracted node, then the same for that node's children. */
    private void term(int id) {
        if (out.size() >= MAX_STEPS || !termsDone.add(id)) return;
        Integer target = bestNode.get(g.find(id));
        if (target == null) return;
        ids(id, target);
        for (int child : EGraph.childIds(g.node(target))) term(child);
    }

    /** The rewrites between two nodes of one class. */
    private void ids(int a, int b) {
        if (a == b || out.size() >= MAX_STEPS || !explained.add(((long) a << 32) | b)) return;
        for (EGraph.Edge e : g.path(a, b)) {
            EGraph.Justification why = e.why();
            if (why.congruence()) {
                // children paired by class, not by position: the terms of + and ⊙ are hash-consed
                // in class order, so two congruent sums may list equal children in different places
                List<Integer> xs = EGraph.childIds(g.node(e.from()));
                List<Integer> ys = new ArrayList<>(EGraph.childIds(g.node(e.to())));
                for (int x : xs) {
                    for (int j = 0; j < ys.size(); j++) {
                        if (g.find(ys.get(j)) == g.find(x)) {
                            ids(x, ys.remove(j));
                            break;
                        }
                    }
                }
                continue;
            }
            Expr before = fill.apply(why.before());
            Expr after = fill.apply(why.after());
            if (before.equals(after)) continue;
            String origin = why.origin().isEmpty() ? "e-graph" : why.origin() + ", e-graph";
            // the nodes the rule's term was written out from: how the matched node's children
            // became them comes before the step (after it, walked backwards)
            List<int[]> subs = used(e.forward() ? e.from() : e.to(), why.used());
            if (e.forward()) {
                for (int[] s : subs) ids(s[0], s[1]);
                out.add(new Step(why.rule(), origin, before, after));
            } else {
                out.add(new Step(reversed(why.rule()), origin, after, before));
                for (int[] s : subs) ids(s[1], s[0]);
            }
            if (out.size() >= MAX_STEPS) return;
        }
    }

    /**
     * For each node u a rule's term was written out from, the child it stands for: a child of the
     * matched node, or of another node used, in u's class (as {child, u}).
     */
    private List<int[]> used(int matched, List<Integer> used) {
        List<int[]> out = new ArrayList<>();
        for (int u : used) {
            int cls = g.find(u);
            List<Integer> candidates = new ArrayList<>(EGraph.childIds(g.node(matched)));
            for (int v : used) if (v != u) candidates.addAll(EGraph.childIds(g.node(v)));
            for (int c : candidates) {
                if (c != u && g.find(c) == cls) {
                    out.add(new int[] {c, u});
                    break;
                }
            }
        }
        return out;
    }

    static String reversed(String rule) {
        String suffix = " (right to left)";
        return rule.endsWith(suffix) ? rule.substring(0, rule.length() - suffix.length()) : rule + suffix;
    }
}
