package matcalc.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Engine;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Expr;
import matcalc.numeric.Admissible;
import matcalc.numeric.Point;
import matcalc.shape.Context;
import matcalc.syntax.Deadline;

/** Builds views from what the engine returns; the one place that decides what a result shows. */
public final class Views {
    private Views() {}

    /** The derivatives of expression (as checked) by each variable, with values at the point if one is given. */
    public static DerivativesView derivatives(Engine engine, String expression,
                                              Map<String, VerifiedDerivative> results, Point point) {
        List<DerivativeView> items = new ArrayList<>();
        for (VerifiedDerivative r : results.values()) items.add(derivative(engine.context(), r, point));
        return new DerivativesView(engine.check(expression).expr(), items);
    }

    public static DerivativeView derivative(Context context, VerifiedDerivative r, Point point) {
        ValueView value = null;
        if (point != null) {
            Admissible.check(point, context.properties());
            value = Deadline.during("evaluating at the point", () -> new ValueView(r.value(point), r.isMatrixContraction() ? r.valueOfF(point).numCols : 1));
        }
        Map<String, Integer> sizes = Shapes.sizes(r.checked().variables(), point);
        return new DerivativeView(r, nameOf(context, r.derivative().f()), Shapes.of(r.shape(), sizes), value);
    }

    public static HessianView hessian(Engine engine, String expression, String wrt, VerifiedDerivative h, Point point) {
        Context.Checked checked = engine.check(expression);
        Expr.Var x = Engine.variable(checked, wrt);
        if (point != null) Admissible.check(point, engine.properties());
        ValueView value = point == null ? null : Deadline.during("evaluating at the point", () -> ValueView.of(h.value(point).get(0)));
        Map<String, Integer> sizes = Shapes.sizes(h.checked().variables(), point);
        return new HessianView(checked.expr(), x, h, Shapes.of(h.shape(), sizes), value);
    }

    /** The name of the user's intermediate whose body is f (L for L = −sum(…)), or null. */
    private static String nameOf(Context context, Expr f) {
        for (String name : context.definitions().keySet()) {
            if (context.check("input", name).expr().equals(f)) return name;
        }
        return null;
    }
}
