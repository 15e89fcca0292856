package matcalc.present;

import java.util.List;
import matcalc.check.Judgement;
import matcalc.core.Expr;
import matcalc.shape.Context;

/**
 * The verdict on an answer.
 *
 * @param expression the expression whose derivative was asked for
 * @param judgement  right or wrong, how it was decided, the diagnosis and a counterexample
 * @param reveal     whether to show the right derivative under a wrong answer
 */
public record CheckView(Expr expression, Judgement judgement, boolean reveal) implements View {
    /** The assumptions left out because neither the expression nor the answer has their variables. */
    public List<Context.UnusedAssumption> unused() {
        return judgement.unused();
    }

    @Override
    public String command() {
        return "check";
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.check(this);
    }
}
