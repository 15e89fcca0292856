package matcalc.rewrite;

import java.util.List;
import matcalc.core.Expr;
import matcalc.syntax.RuleText;
import matcalc.syntax.Span;

/**
 * A named rewrite lhs ⇒ rhs over core expressions with pattern variables (?a vector, ?α scalar,
 * ?A any shape, ?h(…) any undeclared function). A rule marked `if simpler` is kept only when the
 * simplified result is smaller than what it replaced.
 */
public record Rule(String name, Expr lhs, Expr rhs, List<RuleText.Condition> conditions, Span span) {

    public boolean speculative() {
        // asked for every rule at every node the simplifier visits: a loop, not a stream
        for (RuleText.Condition c : conditions) {
            if (c.variable() == null && c.word().equals("simpler")) return true;
        }
        return false;
    }

    /** Rules' origins, worked out once: finding a line scans the rule file, and a derivation asks at every step. */
    private static final java.util.Map<Span, String> ORIGINS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where the rule comes from: rules/simplify.rules:12. */
    public String origin() {
        return span == null ? "built in" : ORIGINS.computeIfAbsent(span, s -> s.source().name() + ":" + s.line());
    }

    @Override
    public String toString() {
        return name + ": " + lhs + " ⇒ " + rhs;
    }
}
