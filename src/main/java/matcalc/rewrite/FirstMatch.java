package matcalc.rewrite;

import java.util.function.BiFunction;
import java.util.function.Predicate;
import matcalc.core.Expr;
import matcalc.core.ShapeException;

/**
 * A directed rewrite by a rule set, one step at a time, for an engine that decides where to
 * rewrite (the forward Jacobian rewrites the one node it cannot read yet): the first rule, in file
 * order, whose left side matches the whole of an expression and whose conditions hold fires.
 * Nothing of a sum or product is left around the match: `diag(?a) ?b` fires on diag(v) W x, with
 * ?b = W x, not on a window of a longer product. Each node the right side builds goes through
 * {@code built}, with the rule that builds it, as soon as it is made (innermost first); what a
 * pattern variable stands for is never looked inside. Rules marked `if simpler` do not fire here:
 * there is nothing to compare.
 */
public final class FirstMatch {
    private final RuleSet rules;
    private final Facts facts;
    private final BiFunction<Rule, Expr, Expr> built;

    public FirstMatch(RuleSet rules, Facts facts, BiFunction<Rule, Expr, Expr> built) {
        this.rules = rules;
        this.facts = facts;
        this.built = built;
    }

    /** e rewritten by the first rule that applies to all of it, or null when none does. */
    public Expr rewrite(Expr e) {
        return rewrite(e, rule -> true);
    }

    /** The same with only the rules that allowed accepts. */
    public Expr rewrite(Expr e, Predicate<Rule> allowed) {
        for (Rule rule : rules.candidates(e)) {
            if (rule.speculative() || !allowed.test(rule)) continue;
            Bindings b = Matcher.matchWhole(rule.lhs(), e, bound -> conditionsHold(rule, bound));
            if (b == null) continue;
            Expr out;
            try {
                out = Matcher.instantiate(rule.rhs(), b, node -> built.apply(rule, node));
            } catch (ShapeException mismatch) {
                continue;
            }
            if (!out.equals(e)) return out;
        }
        return null;
    }

    private boolean conditionsHold(Rule rule, Bindings b) {
        for (var c : rule.conditions()) {
            if (c.variable() != null && !facts.holds(b.get(c.variable()), c.word())) return false;
        }
        return true;
    }
}
