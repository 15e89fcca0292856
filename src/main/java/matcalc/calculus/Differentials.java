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
    private final RuleSet rules;
    private final Dependence dependence;
    private final Map<Expr, Expr> memo = new HashMap<>();
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
        Expr target = Exprs.differential(e);
        for (Rule rule : rules.candidates(target)) {
            Matcher.Match m = Matcher.matchRoot(rule.lhs(), target, b -> constantsHold(rule, b));
            if (m == null) continue;
            Expr rhs = m.rebuild().apply(Matcher.instantiate(rule.rhs(), m.bindings()));
            Expr out = resolve(rhs, new HashMap<>());
            trace.add(new Step(rule.name(), rule.origin(), target, rhs));
            memo.put(e, out);
            return out;
        }
        throw MatcalcException.general("no derivative rule matches " + target
                + "; add one to rules/derivatives.rules");
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

    /** Replaces every d(…) left on a rule's right side by the differential it stands for. */
    private Expr resolve(Expr e, Map<Expr, Expr> seen) {
        Expr done = seen.get(e);
        if (done != null) return done;
        Expr out;
        if (Exprs.isDifferential(e)) {
            out = d(((Expr.UserFn) e).arg());
        } else if (e.children().isEmpty()) {
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
