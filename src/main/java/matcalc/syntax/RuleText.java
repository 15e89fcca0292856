package matcalc.syntax;

import java.util.List;

/**
 * A rule as written in a rule file: `name : lhs => rhs if cond, …`. Conditions are a property of
 * a pattern variable (?A symmetric, ?β constant) or a flag (simpler: keep the rewrite only when the
 * simplified result is smaller).
 */
public record RuleText(Span span, String name, Span nameSpan, Node lhs, Node rhs, List<Condition> conditions) {

    /** ?A symmetric (variable = "?A", word = "symmetric"), or the flag simpler (variable = null). */
    public record Condition(Span span, String variable, String word) {}
}
