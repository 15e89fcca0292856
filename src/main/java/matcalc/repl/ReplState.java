package matcalc.repl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.numeric.Point;
import matcalc.shape.Context;
import matcalc.steps.Derivation;

/**
 * What a REPL session has built up: declarations, intermediates and assumptions, the layout, the
 * values set for :eval, and the derivatives asked for. A command runs on a copy and the copy
 * replaces the state only when the command completes, so a command stopped with Ctrl-C, or one
 * that failed half-way, changes nothing.
 */
final class ReplState {
    Context context = new Context();
    Layout layout = Layout.NUMERATOR;
    /** How long a line may run (:timeout): every stage stops past it, naming itself. */
    java.time.Duration timeout = matcalc.syntax.Deadline.DEFAULT;
    Point values = new Point();
    final List<Query> derivations = new ArrayList<>();
    /** The step-by-step form of the queries that were asked for it (:steps, :latex, :save). */
    final Map<Query, Derivation> steps = new HashMap<>();

    /** One derivative query and what came of it, with the context and layout it was asked in. */
    record Query(String expression, String wrt, Context context, Layout layout, String exprText,
                 VerifiedDerivative result) {}

    ReplState copy() {
        ReplState c = new ReplState();
        c.context = context.copy();
        c.layout = layout;
        c.timeout = timeout;
        values.values().forEach(c.values::put);
        c.derivations.addAll(derivations);
        c.steps.putAll(steps);
        return c;
    }

    Query last() {
        return derivations.isEmpty() ? null : derivations.get(derivations.size() - 1);
    }
}
