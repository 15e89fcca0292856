package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.rewrite.Matcher;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.Step;
import matcalc.syntax.MatcalcException;

/**
 * Builds the differential d(e) with respect to the variables being differentiated, using the
 * rules of rules/derivatives.rules: d(e) is matched against each rule's left side, and the
 * differentials left on its right side are computed the same way. Results are memoised per
 * sub-expression, so a shared sub-expression is differentiated once. The differential of a
 * variable X is the variable ∂X (of the kind {@link Expr.Kind#DIFFERENTIAL}); everything that does
 * not depend on the variables has d = 0.
 */
final class Differentials {
    /** Sums longer than this are differentiated term by term in one step ({@link #termwise}). */
    static final int LINEAR_SPLIT = 16;

    /** A differential larger than this written out is refused ({@link #refuseIfHuge}). */
    static final long MAX_DIFFERENTIAL = 10 * Deriver.MAX_WRITTEN_OUT;

    /** Past this many factors in all, the derivative of a product is refused ({@link #leibniz}). */
    static final long MAX_WRITTEN = 2_000_000;

    private final RuleSet rules;
    private final Dependence dependence;
    private final Map<Expr, Expr> memo = new HashMap<>();
    private final Map<Expr, Boolean> holdsD = new HashMap<>();
    private final java.util.Set<Expr> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private long stored;
    private final List<Step> trace = new ArrayList<>();

    Differentials(RuleSet rules, Dependence dependence) {
        this.rules = rules;
        this.dependence = dependence;
    }

    List<Step> trace() {
        return trace;
    }

    Expr d(Expr e) {
        matcalc.syntax.Deadline.check("differentiating");
        if (!dependence.dependsOnVariables(e)) return Exprs.zero(e.shape());
        if (e instanceof Expr.Var v) return Exprs.differentialOf(v);
        Expr done = memo.get(e);
        if (done != null) return done;
        if (e instanceof Expr.Add sum && sum.terms().size() > LINEAR_SPLIT) {
            Expr out = termwise(sum);
            if (out != null) {
                memo.put(e, out);
                return out;
            }
        }
        if (e instanceof Expr.Mul product && factors(product).size() > LINEAR_SPLIT) {
            Expr out = leibniz(product);
            if (out != null) {
                memo.put(e, out);
                return out;
            }
        }
        Expr target = Exprs.differential(e);
        for (Rule rule : rules.candidates(target)) {
            Matcher.Match m = Matcher.matchRoot(rule.lhs(), target, b -> constantsHold(rule, b));
            if (m == null) continue;
            Expr rhs = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
            Expr out = resolve(rhs, new HashMap<>());
            refuseIfHuge(e, out);
            trace.add(new Step(rule.name(), rule.origin(), target, rhs));
            memo.put(e, out);
            return out;
        }
        throw MatcalcException.general("no derivative rule matches " + target
                + "; add one to rules/derivatives.rules");
    }

    /**
     * d(t1 + … + tn) = d(t1) + … + d(tn) in one pass, for a long sum, when that is what the rule set
     * says of a sum: the rule that fires on d(t1 + t2) must give d(t1) + d(t2). Applied rule by
     * rule, a rule d(?A + ?B) => d(?A) + d(?B) peels one term at a time and builds the sum of the
     * remaining terms each time, quadratic in n (a sum of 10,000 terms took 20 s); here the same
     * rule is recorded once, d(t1 + … + tn) ⇒ d(t1) + … + d(tn). Null when the rule set says
     * something else of a sum (the rules then apply as for any node).
     */
    private Expr termwise(Expr.Add sum) {
        List<Expr> terms = sum.terms();
        Expr probe = Exprs.differential(Exprs.add(terms.get(0), terms.get(1)));
        for (Rule rule : rules.candidates(probe)) {
            Matcher.Match m = Matcher.matchRoot(rule.lhs(), probe, b -> constantsHold(rule, b));
            if (m == null) continue;
            Expr rhs = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
            Expr linear = Exprs.add(Exprs.differential(terms.get(0)), Exprs.differential(terms.get(1)));
            if (!rhs.equals(linear)) return null;
            List<Expr> ds = new ArrayList<>(terms.size());
            List<Expr> formal = new ArrayList<>(terms.size());
            for (Expr t : terms) {
                ds.add(d(t));
                formal.add(Exprs.differential(t));
            }
            trace.add(new Step(rule.name(), rule.origin(), Exprs.differential(sum), Exprs.add(formal)));
            return Exprs.add(ds);
        }
        return null;
    }

    /**
     * d(f1 f2 … fn) = Σ_k f1 … d(fk) … fn over the factors fk that depend on the variables, in one
     * pass, for a long product, when that is what the rule set says of a product (the rule that
     * fires on d(f1 f2) must give d(f1) f2 + f1 d(f2)). Rule by rule, d(?A ?B) peels one factor at a
     * time and builds the product of the remaining ones each time, quadratic in n; here the same
     * rule is recorded once. With k varying factors the result has k terms of n factors each: past
     * {@link #MAX_WRITTEN} factors in all it is refused with that estimate rather than built.
     * Null when the rule set says something else of a product.
     */
    private Expr leibniz(Expr.Mul product) {
        List<Expr> fs = factors(product);
        Expr probe = Exprs.differential(Exprs.mul(fs.get(0), fs.get(1)));
        Expr leibnizProbe = Exprs.add(Exprs.mul(Exprs.differential(fs.get(0)), fs.get(1)),
                Exprs.mul(fs.get(0), Exprs.differential(fs.get(1))));
        Rule fired = null;
        for (Rule rule : rules.candidates(probe)) {
            Matcher.Match m = Matcher.matchRoot(rule.lhs(), probe, b -> constantsHold(rule, b));
            if (m == null) continue;
            Expr rhs = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
            if (!rhs.equals(leibnizProbe)) return null;
            fired = rule;
            break;
        }
        if (fired == null) return null;
        List<Integer> varying = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) if (dependence.dependsOnVariables(fs.get(i))) varying.add(i);
        long written = (long) varying.size() * fs.size();
        if (written > MAX_WRITTEN) {
            throw MatcalcException.general("the derivative of this product written out would have ~" + written
                    + " factors (" + varying.size() + " of its " + fs.size() + " factors depend on the variable, and"
                    + " each gives a term with all the others); matcalc does not expand products that large");
        }
        List<Expr> terms = new ArrayList<>(varying.size());
        List<Expr> formal = new ArrayList<>(varying.size());
        for (int k : varying) {
            List<Expr> with = new ArrayList<>(fs);
            with.set(k, d(fs.get(k)));
            terms.add(Exprs.product(product.coef(), with.subList(0, product.scalars().size()),
                    with.subList(product.scalars().size(), with.size())));
            with.set(k, Exprs.differential(fs.get(k)));
            formal.add(Exprs.product(product.coef(), with.subList(0, product.scalars().size()),
                    with.subList(product.scalars().size(), with.size())));
        }
        trace.add(new Step(fired.name(), fired.origin(), Exprs.differential(product),
                formal.isEmpty() ? Exprs.zero(product.shape()) : Exprs.add(formal)));
        return terms.isEmpty() ? Exprs.zero(product.shape()) : Exprs.add(terms);
    }

    /** The factors of a product, scalars then the chain (its coefficient apart). */
    private static List<Expr> factors(Expr.Mul m) {
        List<Expr> out = new ArrayList<>(m.scalars());
        out.addAll(m.chain());
        return out;
    }

    private boolean constantsHold(Rule rule, matcalc.rewrite.Bindings b) {
        for (var c : rule.conditions()) {
            if (c.variable() == null) continue;
            Expr bound = b.get(c.variable());
            if (c.word().equals("constant")) {
                if (dependence.dependsOnVariables(bound)) return false;
            } else if (!matcalc.rewrite.Properties.structural(bound, c.word())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a differential that holds more than {@link #MAX_DIFFERENTIAL} symbols as built, each
     * shared part counted once (a node and the list of its children), as soon as one is built: d of
     * 100,000 nested exp is a ⊙ of 100,000 factors, each holding the exps below it, and the
     * flattened ⊙ of every level along the way is quadratic to build and to hold. The count is
     * incremental (each node is counted once over the whole differentiation), so it stays linear in
     * what was built. What is merely shared is not refused: the gradient of a K-layer network
     * written out as a tree is quadratic in K, but built and printed with named intermediates it is
     * linear.
     */
    private void refuseIfHuge(Expr e, Expr out) {
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>();
        todo.push(out);
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (!counted.add(x)) continue;
            stored += 1 + x.children().size();
            for (Expr c : x.children()) todo.push(c);
        }
        if (stored > MAX_DIFFERENTIAL) {
            throw MatcalcException.general("the derivative written out would have more than ~"
                    + String.format("%.0e", (double) MAX_DIFFERENTIAL) + " symbols (the differential of a part of "
                    + "depth " + depth(e) + " already holds " + String.format("%.1e", (double) stored) + ", each shared"
                    + " part counted once): each level of the nesting repeats all the levels below it; differentiate a"
                    + " smaller expression, or name an intermediate (--let 'h = …') and differentiate by it");
        }
    }

    private static int depth(Expr e) {
        int d = 0;
        for (Expr x = e; !x.children().isEmpty(); x = x.children().get(x.children().size() - 1)) d++;
        return d;
    }

    /**
     * Whether a d(…) occurs in e, memoised over the whole differentiation: a rule's right side
     * such as exp(?A) ⊙ d(?A) holds ?A whole, and for 1,000 nested exp looking through it again
     * at every level was quadratic.
     */
    private boolean holdsDifferential(Expr e) {
        Boolean known = holdsD.get(e);
        if (known != null) return known;
        boolean found = Exprs.isDifferential(e);
        for (Expr c : e.children()) {
            if (found) break;
            found = holdsDifferential(c);
        }
        holdsD.put(e, found);
        return found;
    }

    /** Replaces every d(…) left on a rule's right side by the differential it stands for. */
    private Expr resolve(Expr e, Map<Expr, Expr> seen) {
        Expr done = seen.get(e);
        if (done != null) return done;
        Expr out;
        if (Exprs.isDifferential(e)) {
            out = d(((Expr.UserFn) e).arg());
        } else if (e.children().isEmpty() || !holdsDifferential(e)) {
            out = e;
        } else {
            List<Expr> kids = new ArrayList<>();
            for (Expr c : e.children()) kids.add(resolve(c, seen));
            out = Exprs.withChildren(e, kids);
        }
        seen.put(e, out);
        return out;
    }
}
