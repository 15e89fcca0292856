package matcalc.calculus;

import java.util.List;
import matcalc.core.Expr;
import matcalc.rewrite.Step;

/**
 * The derivative of f with respect to one variable. {@code expr} is the simplified result in
 * terms of the inputs (what evaluation uses); {@code display} is the same with the user's named
 * intermediates folded back in (what is printed). For a vector f and a matrix variable the result
 * is the slides' order-3 tensor, given by its contraction with a row vector δ: then
 * {@code delta} is that δ and {@code expr} is δ ∂f/∂W (for a matrix F, a matrix Δ and
 * Σ_ij Δ_ij ∂F_ij/∂X). The seed is a variable of the kind {@link Expr.Kind#SEED}, never the user's.
 */
public record Derivative(Expr f, Expr.Var wrt, Layout layout, Expr expr, Expr display, Expr.Var delta,
                         List<Step> differentiation, List<Step> simplification) {

    public boolean isTensor() {
        return delta != null;
    }

    /**
     * The name the seed prints with, for the text around a result ("for a row vector δ"): δ or Δ,
     * or δ1, Δ1, … where f, a named intermediate or a declaration has that name; null when the
     * result is not a tensor.
     */
    public String seedName() {
        return delta == null ? null : delta.name();
    }
}
