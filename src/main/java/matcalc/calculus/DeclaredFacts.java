package matcalc.calculus;

import matcalc.core.Expr;
import matcalc.rewrite.Facts;
import matcalc.rewrite.Properties;
import matcalc.shape.Context;

/** Rule conditions answered from structure and from the user's declarations (A: n x n symmetric). */
public final class DeclaredFacts implements Facts {
    private final Context context;

    public DeclaredFacts(Context context) {
        this.context = context;
    }

    @Override
    public boolean holds(Expr e, String property) {
        if (Properties.structural(e, property)) return true;
        // the inverse of a symmetric (or positive definite) matrix is too
        if (e instanceof Expr.Apply a && a.fn() == matcalc.core.Fn.INV && (property.equals("symmetric")
                || property.equals("spd"))) {
            return holds(a.arg(), property);
        }
        // only the user's variables were declared: a seed Δ is not the user's symmetric Δ
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.USER) {
            var declared = context.properties(v.name());
            if (declared.contains(property)) return true;
            // positive definite and diagonal matrices are symmetric
            return property.equals("symmetric") && (declared.contains("spd") || declared.contains("diagonal"));
        }
        return false;
    }
}
