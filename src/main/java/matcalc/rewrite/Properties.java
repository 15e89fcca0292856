package matcalc.rewrite;

import matcalc.core.Expr;
import matcalc.core.Fn;

/** Properties that follow from an expression's structure and shape alone. */
public final class Properties {
    private Properties() {}

    public static boolean structural(Expr e, String property) {
        return switch (property) {
            case "square" -> e.shape().isSquare();
            case "vector" -> e.shape().cols().isOne() && !e.shape().isScalar();
            case "row" -> e.shape().isRow();
            case "scalar" -> e.shape().isScalar();
            case "matrix" -> e.shape().isMatrix();
            case "symmetric" -> symmetric(e);
            case "diagonal" -> e instanceof Expr.Identity || (e instanceof Expr.Apply a && a.fn() == Fn.DIAG && e.shape().isMatrix());
            default -> false;
        };
    }

    /** I, diag(v), A + Aᵀ, Aᵀ A, A Aᵀ and sums and scalings of symmetric matrices. */
    static boolean symmetric(Expr e) {
        if (e.shape().isScalar() || e instanceof Expr.Identity) return true;
        if (e instanceof Expr.Apply a && a.fn() == Fn.DIAG && e.shape().isMatrix()) return true;
        if (e instanceof Expr.Add add) {
            if (add.terms().stream().allMatch(Properties::symmetric)) return true;
            return add.terms().size() == 2 && matcalc.core.Exprs.transpose(add.terms().get(0)).equals(add.terms().get(1));
        }
        if (e instanceof Expr.Mul m && m.chain().size() == 1) return symmetric(m.chain().get(0));
        if (e instanceof Expr.Mul m && m.chain().size() == 2) {
            return matcalc.core.Exprs.transpose(m.chain().get(0)).equals(m.chain().get(1));
        }
        return false;
    }
}
