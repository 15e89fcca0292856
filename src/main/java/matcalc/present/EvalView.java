package matcalc.present;

import matcalc.core.Expr;
import org.ejml.data.DMatrixRMaj;

/** The value of an expression at a point. */
public record EvalView(Expr expression, DMatrixRMaj value) implements View {
    @Override
    public String command() {
        return "eval";
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.eval(this);
    }
}
