package matcalc.calculus;

import java.util.List;
import matcalc.core.Expr;
import matcalc.rewrite.Step;

/**
 * The derivative of f with respect to one variable. {@code expr} is the simplified result in
 * terms of the inputs (what evaluation uses); {@code display} is the same with the user's named
 * intermediates folded back in (what is printed). For a vector f and a matrix variable the result
 * is the slides' order-3 tensor, given by its contraction with a row vector δ: then
 * {@code delta} is that δ and {@code expr} is δ ∂f/∂W.
 */
public record Derivative(Expr f, Expr.Var wrt, Layout layout, Expr expr, Expr display, Expr.Var delta,
                         List<Step> differentiation, List<Step> simplification) {

    public boolean isTensor() {
        return delta != null;
    }
}
