package matcalc.present;

import java.util.List;
import matcalc.core.Expr;
import matcalc.steps.Derivation;

/**
 * Derivations worked out step by step, one per variable.
 *
 * @param expression the expression
 * @param items      the derivations, in the order the variables were asked for
 * @param standalone with LaTeX, a complete document for pdflatex rather than fragments
 */
public record StepsView(Expr expression, List<Derivation> items, boolean standalone) implements View {
    public StepsView {
        items = List.copyOf(items);
    }

    @Override
    public String command() {
        return "steps";
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.steps(this);
    }
}
