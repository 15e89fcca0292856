package matcalc.shape;

import matcalc.core.Expr;
import matcalc.syntax.RuleText;

/** Type-checks the two sides of a rule: pattern variables get shapes from their spelling. */
public final class Rules {
    private Rules() {}

    public record Sides(Expr lhs, Expr rhs) {}

    public static Sides check(RuleText rule) {
        Checker.RuleSides s = new Checker(new Context(), true).checkRule(rule.lhs(), rule.rhs(), rule.span());
        return new Sides(s.lhs(), s.rhs());
    }
}
