package matcalc.present;

import java.util.List;
import matcalc.core.Expr;

/**
 * Derivatives of one expression, as `matcalc diff` and the REPL's d/dW show them: one per
 * variable asked for, in order.
 *
 * @param expression the expression as typed, checked (what the header shows)
 * @param items      one derivative per variable
 */
public record DerivativesView(Expr expression, List<DerivativeView> items) implements View {
    public DerivativesView {
        items = List.copyOf(items);
    }

    @Override
    public String command() {
        return "diff";
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.derivatives(this);
    }
}
