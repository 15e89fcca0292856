package matcalc.present;

import java.util.List;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Expr;
import matcalc.shape.Context;

/**
 * A Hessian ∂²f/∂x∂xᵀ, or the mixed ∂/∂y (∂f/∂x)ᵀ.
 *
 * @param expression the scalar expression
 * @param x          the variable of the gradient
 * @param result     the second derivative (its wrt is y), verified against differences of the gradient
 * @param shape      its dimensions (see {@link Shapes})
 * @param value      its value at the user's point, or null
 */
public record HessianView(Expr expression, Expr.Var x, VerifiedDerivative result, List<Object> shape, ValueView value)
        implements View {
    public HessianView {
        shape = List.copyOf(shape);
    }

    public Expr.Var y() {
        return result.derivative().wrt();
    }

    /** The assumptions left out because the expression does not have their variables. */
    public List<Context.UnusedAssumption> unused() {
        return result.checked().unused();
    }

    @Override
    public String command() {
        return "hessian";
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.hessian(this);
    }
}
