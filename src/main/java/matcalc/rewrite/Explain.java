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
                List<Integer> xs = EGraph.childIds(g.node(e.from()));
                List<Integer> ys = EGraph.childIds(g.node(e.to()));
                for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) ids(xs.get(i), ys.get(i));
                continue;
            }
            Expr before = fill.apply(why.before());
            Expr after = fill.apply(why.after());
            if (before.equals(after)) continue;
            String origin = why.origin().isEmpty() ? "e-graph" : why.origin() + ", e-graph";
            if (e.forward()) {
                out.add(new Step(why.rule(), origin, before, after));
            } else {
                out.add(new Step(reversed(why.rule()), origin, after, before));
            }
            if (out.size() >= MAX_STEPS) return;
        }
    }

    static String reversed(String rule) {
        String suffix = " (right to left)";
        return rule.endsWith(suffix) ? rule.substring(0, rule.length() - suffix.length()) : rule + suffix;
    }
}
