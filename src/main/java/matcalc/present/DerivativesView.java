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

    /**
     * Two or more results printed with ONE list of named intermediates (`diff --wrt W1,…,WK`), or
     * null to write them out; a single result is named on its own ({@link DerivativeView#intermediates()}).
     * The mode is the items' (`--names`), decided on all the results together.
     */
    public matcalc.core.Intermediates.Joint joint() {
        if (items.size() < 2) return null;
        Set<String> taken = new java.util.HashSet<>();
        List<Expr> results = new java.util.ArrayList<>();
        for (DerivativeView item : items) {
            taken.addAll(item.result().checked().variables().keySet());
            taken.addAll(item.result().checked().definitions().keySet());
            results.add(item.result().derivative().display());
        }
        return matcalc.core.Intermediates.joint(results, expression, items.get(0).result().derivative().f(), taken,
                items.get(0).names());
    }

    /** The items as they print with a joint list or none: each written in full unless {@link #joint()} names them. */
    public DerivativeView item(int i) {
        return items.size() < 2 ? items.get(i) : items.get(i).withNames(matcalc.core.Intermediates.Mode.off);
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
