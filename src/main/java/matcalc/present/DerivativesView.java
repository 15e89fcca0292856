package matcalc.present;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.shape.Context;

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

    /** The assumptions left out because the expression does not have their variables (once each). */
    public List<Context.UnusedAssumption> unused() {
        Set<Context.UnusedAssumption> out = new LinkedHashSet<>();
        for (DerivativeView item : items) out.addAll(item.result().checked().unused());
        return List.copyOf(out);
    }

    /** The same derivatives, printed with named intermediates as the mode asks (`matcalc diff --names`). */
    public DerivativesView withNames(matcalc.core.Intermediates.Mode mode) {
        List<DerivativeView> named = new java.util.ArrayList<>();
        for (DerivativeView item : items) named.add(item.withNames(mode));
        return new DerivativesView(expression, named);
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
