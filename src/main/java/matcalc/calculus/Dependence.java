package matcalc.calculus;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;

/**
 * Which sub-expressions depend on a set of variables (memoised, so it is linear on a DAG). A
 * variable is told apart by its kind as well as its name: the differential ∂X is not X.
 */
final class Dependence {
    private final Set<Expr.Var> variables;
    private final Map<Expr, Boolean> memo = new HashMap<>();

    Dependence(Set<Expr.Var> variables) {
        this.variables = variables;
    }

    boolean dependsOnVariables(Expr e) {
        Boolean known = memo.get(e);
        if (known != null) return known;
        boolean d = e instanceof Expr.Var v && variables.contains(v);
        for (Expr c : e.children()) {
            if (d) break;
            d = dependsOnVariables(c);
        }
        memo.put(e, d);
        return d;
    }
}
