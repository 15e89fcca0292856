package matcalc.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.ShapeException;
import matcalc.syntax.MatcalcException;

/**
 * Rewrites to a fixpoint, bottom up: children first, then the node itself until no rule applies.
 * At each node it tries, in order, the built-in normalisations ({@link Normalize}), the user's
 * assumptions, the ordinary rules, and last the rules marked `if simpler`, which are kept only
 * when the fully simplified result costs less. Every rewrite is recorded as a {@link Step}; a step
 * budget turns a rewrite loop into an error naming the rules that kept firing. Results are
 * memoised, so shared sub-expressions are simplified once and stay shared.
 *
 * <p>Trying an `if simpler` rule means simplifying its result, which may try more of them: on a
 * long sum of long products the candidates multiply (hundreds of thousands, seconds of work, for
 * a derivative of a few lines). {@link #SPECULATION_BUDGET} bounds the candidates one top-level
 * call may try, each weighed by its size (one per {@link #CANDIDATE_SIZE} nodes, so the slides'
 * candidates count one each and (A A … A x)ᵀ over 10,000 factors does not try 5,000 splits of
 * 10,000 factors each); past it the result is still correct, just less tidy.
 */
public final class Simplifier {
    private static final int MAX_SPECULATION = 6;
    /** How many `if simpler` candidates one call of {@link #simplify} may try (the slides' need under 100). */
    public static final int SPECULATION_BUDGET = 5_000;
    /** A candidate counts one against the budget per this many nodes (a tree's size, as {@link #cost}). */
    static final int CANDIDATE_SIZE = 25;

    private final RuleSet rules;
    private final Facts facts;
    private final Map<Expr, Expr> assumptions;
    private final Limits limits;
    private final long deadline;
    private final Map<Expr, Expr> memo = new HashMap<>();
    private final Map<Expr, Expr> interned = new HashMap<>();
    private final Map<Expr, Long> costs = new HashMap<>();
    private final Deque<List<Step>> traces = new ArrayDeque<>();
    private int steps;
    private long stepLimit;
    private int speculation;
    private long candidates;
    private int depth;

    /** The limits' time runs from here. */
    public Simplifier(RuleSet rules, Facts facts, Map<Expr, Expr> assumptions, Limits limits) {
        this.rules = rules;
        this.facts = facts;
        this.assumptions = assumptions;
        this.limits = limits;
        this.deadline = limits.deadline();
        traces.push(new ArrayList<>());
    }

    public Simplifier(RuleSet rules) {
        this(rules, Facts.SHAPES, Map.of(), Limits.DEFAULT);
    }

    /** The rewrites that fired so far, in order. */
    public List<Step> trace() {
        return traces.getLast();
    }

    public Expr simplify(Expr e) {
        matcalc.syntax.Deadline.check("simplifying");
        Expr done = memo.get(e);
        if (done != null) return done;
        if (depth++ == 0) {
            candidates = 0;
            stepLimit = Math.max(stepLimit, stepsFor(e));
        }
        try {
            Expr cur = settle(withSimplifiedChildren(e));
            if (depth == 1 && speculation == 0 && saturating()) cur = saturate(cur);
            // an equal result met before is returned as the same object: parents built on it then
            // compare their children by identity; equal copies compared deeply at every level of a
            // chain (the K gradients of a K-layer network) were quadratic in its length
            cur = interned.computeIfAbsent(cur, c -> c);
            memo.put(e, cur);
            memo.put(cur, cur);
            return cur;
        } finally {
            depth--;
        }
    }

    private Expr withSimplifiedChildren(Expr e) {
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(simplify(c));
        return Exprs.withChildren(e, kids);
    }

    private Expr settle(Expr cur) {
        while (true) {
            // past the deadline, or Ctrl-C in the REPL (which interrupts the worker): stop here
            matcalc.syntax.Deadline.check("simplifying");
            if (System.nanoTime() - deadline > 0) {
                throw MatcalcException.general("simplification stopped at its time limit (" + limits.time().toSeconds()
                        + " s) after " + steps + " rewrites; the last rules to fire were " + lastRules());
            }
            Expr next = rewriteOnce(cur);
            if (next == null) return cur;
            if (++steps > stepLimit) {
                throw MatcalcException.general("simplification stopped after " + stepLimit + " rewrites without "
                        + "settling; the last rules to fire were " + lastRules() + " (they may undo each other)");
            }
            cur = withSimplifiedChildren(next);
        }
    }

    /**
     * Whether the result of each top-level call is also run through equality saturation
     * ({@link Saturation}): on unless the system property matcalc.saturation is "off" (for comparing
     * the two, as SaturationRegressionTest does).
     */
    static final boolean SATURATE = !"off".equals(System.getProperty("matcalc.saturation"));

    private static volatile Boolean override;

    private static boolean saturating() {
        Boolean o = override;
        return o != null ? o : SATURATE;
    }

    /**
     * Runs work with equality saturation on or off, whatever matcalc.saturation says, in every
     * thread (a derivation may run on a worker): for comparing the two, one comparison at a time
     * (SaturationRegressionTest, the benchmarks).
     */
    public static synchronized <T> T withSaturation(boolean on, java.util.function.Supplier<T> work) {
        Boolean before = override;
        override = on;
        try {
            return work.get();
        } finally {
            override = before;
        }
    }

    private Saturation.Report lastSaturation;

    /** What the last equality saturation did (null if none ran yet). */
    public Saturation.Report lastSaturation() {
        return lastSaturation;
    }

    /**
     * The bottom-up result, or (when it holds a sum) the e-graph's extraction seeded with it when that costs less
     * ({@link Cost}) and is no larger by {@link #cost}; the explanation's steps are then appended
     * to the trace.
     */
    private Expr saturate(Expr cur) {
        // without a sum there is nothing to factor, collect or distribute, and the bottom-up pass
        // has applied every other rule to a fixpoint: the e-graph could only rearrange transposes;
        // nor in a sum with at most one compound term (A x + b, Cᵀ + C, μ − x): leaves have no
        // factor to share, and the bottom-up pass has collected like ones
        if (!Exprs.anyNode(cur, Simplifier::factorable)) return cur;
        Saturation.Result r = new Saturation(rules, facts, assumptions, Saturation.Bounds.DEFAULT, deadline).run(cur);
        lastSaturation = r.report();
        // cheaper by the extraction's cost, and never larger by the simplifier's own
        if (r.expr() == null || Cost.of(r.expr()).compareTo(Cost.of(cur)) >= 0 || cost(r.expr()) > cost(cur)) return cur;
        traces.peek().addAll(r.steps());
        return r.expr();
    }

    /**
     * A sum the e-graph could make shorter: two or more compound terms (a term other than a leaf, a
     * leaf's transpose or a multiple of either) of which one holds a sum to distribute, or two
     * share a factor to take out (an end of a product, seen through a transpose, a scalar factor,
     * a factor of ⊙, or a coefficient other than ±1). On the goldens every sum the e-graph
     * shortened is one; diag(s) − s sᵀ, A x + b or softmax(z) − y are not.
     */
    static boolean factorable(Expr n) {
        if (!(n instanceof Expr.Add)) return false;
        List<Expr> compound = new ArrayList<>();
        for (Expr t : n.children()) {
            Expr u = t;
            // a multiple of a leaf (−y, 2 y) is a leaf here: it shares at most a number with the
            // other terms, and no rule takes a number out of a sum (2 a − 2 b saturates unchanged)
            if (u instanceof Expr.Mul m && m.children().size() == 1) u = m.children().get(0);
            if (u instanceof Expr.Transpose) u = u.children().get(0);
            if (!u.children().isEmpty()) compound.add(t);
        }
        if (compound.size() < 2) return false;
        Set<Expr> shared = new HashSet<>();
        for (Expr t : compound) {
            if (Exprs.anyNode(t, x -> x != t && x instanceof Expr.Add)) return true;
            for (Expr f : new HashSet<>(factors(t))) if (!shared.add(f)) return true;
        }
        return false;
    }

    /** What a term could share with another to be taken out of their sum (see {@link #factorable}). */
    private static List<Expr> factors(Expr t) {
        List<Expr> out = new ArrayList<>();
        if (t instanceof Expr.Transpose tr) {
            for (Expr f : factors(tr.children().get(0))) out.add(Exprs.transpose(f));
            return out;
        }
        if (t instanceof Expr.Mul m) {
            if (Math.abs(m.coef()) != 1) out.add(Exprs.num(Math.abs(m.coef())));
            out.addAll(m.scalars());
            if (!m.chain().isEmpty()) {
                out.add(m.chain().get(0));
                out.add(m.chain().get(m.chain().size() - 1));
            }
            return out;
        }
        if (t instanceof Expr.Hadamard h) return h.factors();
        out.add(t);
        return out;
    }

    /** The rewrites allowed for simplifying e (see {@link Limits}). */
    private long stepsFor(Expr e) {
        if (limits.stepsPerNode() == 0) return limits.steps();
        // the nodes of every input so far, each counted once: the rewrites are counted over all the
        // calls too, and the K gradients of a K-layer network share most of their nodes (counting
        // each input afresh was quadratic in K)
        Deque<Expr> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr n = todo.pop();
            if (sized.add(n)) todo.addAll(n.children());
        }
        return Math.max(limits.steps(), (long) limits.stepsPerNode() * sized.size());
    }

    private final java.util.Set<Expr> sized = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private String lastRules() {
        List<Step> t = traces.peek();
        List<String> names = new ArrayList<>();
        for (int i = Math.max(0, t.size() - 6); i < t.size(); i++) {
            if (!names.contains(t.get(i).rule())) names.add(t.get(i).rule());
        }
        return String.join(", ", names);
    }

    private void record(String rule, String origin, Expr before, Expr after) {
        traces.peek().add(new Step(rule, origin, before, after));
    }

    /**
     * An assumption whose left side is a product (𝟏ᵀ Y = 𝟏ᵀ) applied to a stretch of a longer
     * product's chain (𝟏 𝟏ᵀ Y ⊘ … → 𝟏 𝟏ᵀ); null when there is none.
     */
    private Expr assumedInChain(Expr cur) {
        if (!(cur instanceof Expr.Mul m) || m.chain().size() < 3) return null;
        for (var a : assumptions.entrySet()) {
            if (!(a.getKey() instanceof Expr.Mul l) || l.coef() != 1 || !l.scalars().isEmpty()) continue;
            int k = l.chain().size();
            if (k < 2 || k >= m.chain().size()) continue;
            for (int i = 0; i + k <= m.chain().size(); i++) {
                if (!m.chain().subList(i, i + k).equals(l.chain())) continue;
                List<Expr> operands = new ArrayList<>();
                operands.add(Exprs.num(m.coef()));
                operands.addAll(m.scalars());
                operands.addAll(m.chain().subList(0, i));
                operands.add(a.getValue());
                operands.addAll(m.chain().subList(i + k, m.chain().size()));
                Expr after = Exprs.mul(operands);
                record("assumption", TextAssumption.describe(a.getKey(), a.getValue()), cur, after);
                return after;
            }
        }
        return null;
    }

    /** One rewrite at the root of cur, or null when nothing applies. */
    private Expr rewriteOnce(Expr cur) {
        Normalize.Result n = Normalize.apply(cur);
        if (n != null && !n.expr().equals(cur)) {
            record(n.name(), "built in", cur, n.expr());
            return n.expr();
        }
        Expr assumed = assumptions.get(cur);
        if (assumed != null) {
            record("assumption", TextAssumption.describe(cur, assumed), cur, assumed);
            return assumed;
        }
        Expr inChain = assumedInChain(cur);
        if (inChain != null) return inChain;
        List<Rule> here = rules.candidates(cur);
        for (int i = 0, count = here.size(); i < count; i++) {
            Rule rule = here.get(i);
            if (rule.speculative()) continue;
            Expr r = apply(rule, cur);
            if (r != null) {
                record(rule.name(), rule.origin(), cur, r);
                return r;
            }
        }
        if (speculation >= MAX_SPECULATION || candidates >= SPECULATION_BUDGET) return null;
        // rules marked `if simpler`: try every place they apply, keep the cheapest result
        long bestCost = cost(cur);
        Expr best = null;
        Expr bestRewrite = null;
        Rule bestRule = null;
        List<Step> bestSteps = null;
        for (Rule rule : rules.candidates(cur)) {
            if (!rule.speculative()) continue;
            for (Expr r : applyEverywhere(rule, cur, SPECULATION_BUDGET - candidates)) {
                if (candidates >= SPECULATION_BUDGET) break;
                candidates += weight(r);
                speculation++;
                traces.push(new ArrayList<>());
                Expr candidate;
                try {
                    candidate = simplify(r);
                } finally {
                    speculation--;
                }
                List<Step> sub = traces.pop();
                long c = cost(candidate);
                if (c < bestCost) {
                    bestCost = c;
                    best = candidate;
                    bestRewrite = r;
                    bestRule = rule;
                    bestSteps = sub;
                }
            }
        }
        if (best == null) return null;
        record(bestRule.name(), bestRule.origin(), cur, bestRewrite);
        traces.peek().addAll(bestSteps);
        return best;
    }

    /** The distinct rewrites of cur by rule, wherever it applies at the root, up to a total weight of budget. */
    private List<Expr> applyEverywhere(Rule rule, Expr cur, long budget) {
        List<Expr> out = new ArrayList<>();
        java.util.Set<Expr> seen = new java.util.HashSet<>();
        if (budget <= 0) return out;
        long[] spent = {0};
        Matcher.eachMatch(rule.lhs(), cur, b -> conditionsHold(rule, b), m -> {
            try {
                Expr r = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
                if (!r.equals(cur) && seen.add(r)) {
                    out.add(r);
                    spent[0] += weight(r);
                }
            } catch (ShapeException e) {
                // this placement does not type-check; others may
            }
            return spent[0] >= budget;
        });
        return out;
    }

    /** What trying candidate r counts against the speculation budget. */
    private long weight(Expr r) {
        return 1 + cost(r) / CANDIDATE_SIZE;
    }

    /** The rewrite of cur by rule at its root, or null. */
    public Expr apply(Rule rule, Expr cur) {
        Matcher.Match m = Matcher.matchRoot(rule.lhs(), cur, b -> conditionsHold(rule, b));
        if (m == null) return null;
        try {
            Expr r = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
            return r.equals(cur) ? null : r;
        } catch (ShapeException e) {
            return null;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("rule " + rule.name() + " on " + cur + ": " + e.getMessage(), e);
        }
    }

    private boolean conditionsHold(Rule rule, Bindings b) {
        for (var c : rule.conditions()) {
            if (c.variable() == null) continue;
            if (!facts.holds(b.get(c.variable()), c.word())) return false;
        }
        return true;
    }

    /**
     * Size of the expression as a tree (what a reader reads), saturating. The all-ones matrix 𝟏 𝟏ᵀ
     * counts as one symbol, as 𝟏 does: σ(X) ⊙ (𝟏 𝟏ᵀ − σ(X)) reads as σ(x) ⊙ (𝟏 − σ(x)) does.
     */
    public long cost(Expr e) {
        Long known = costs.get(e);
        if (known != null) return known;
        if (isOnesMatrix(e)) return 1;
        long c = 1;
        if (e instanceof Expr.Mul m && m.coef() != 1) c++;
        for (Expr k : e.children()) c = Math.min(Long.MAX_VALUE / 4, c + cost(k));
        costs.put(e, c);
        return c;
    }

    private static boolean isOnesMatrix(Expr e) {
        return e instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                && m.chain().get(0) instanceof Expr.Ones && m.chain().get(1) instanceof Expr.Transpose t
                && t.arg() instanceof Expr.Ones;
    }

    /** Describes an assumption for the trace. */
    private static final class TextAssumption {
        static String describe(Expr lhs, Expr rhs) {
            return "assume " + lhs + " = " + rhs;
        }
    }
}
