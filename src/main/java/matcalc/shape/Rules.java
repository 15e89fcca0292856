package matcalc.shape;

import matcalc.core.Expr;
import matcalc.syntax.RuleText;

/** Type-checks the two sides of a rule: pattern variables get shapes from their spelling. */
public final class Rules {
    private Rules() {}

    public record Sides(Expr lhs, Expr rhs) {}

    public static Sides check(RuleText rule) {
        java.util.Set<String> square = new java.util.HashSet<>();
        for (RuleText.Condition c : rule.conditions()) {
            if (c.variable() != null && java.util.List.of("symmetric", "spd", "diagonal", "orthogonal", "square").contains(c.word())) {
                square.add(c.variable());
            }
        }
        Checker.RuleSides s = new Checker(new Context(), true).checkRule(rule.lhs(), rule.rhs(), rule.span(), square);
        return new Sides(s.lhs(), s.rhs());
    }
}
