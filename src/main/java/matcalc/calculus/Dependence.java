package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;

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

    /** A product as its first scalar factor that depends on the variables, and the rest of it. */
    record ScalarSplit(Expr factor, Expr rest) {}

    /** c S A with the first scalar factor of S that depends on the variables split off, or null if none does. */
    ScalarSplit varyingScalar(Expr.Mul m) {
        List<Expr> scalars = m.scalars();
        for (int i = 0; i < scalars.size(); i++) {
            if (!dependsOnVariables(scalars.get(i))) continue;
            List<Expr> others = new ArrayList<>(scalars);
            others.remove(i);
            return new ScalarSplit(scalars.get(i), Exprs.product(m.coef(), others, m.chain()));
        }
        return null;
    }
}
