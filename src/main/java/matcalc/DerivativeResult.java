package matcalc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.calculus.Verification;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Dim;
import matcalc.numeric.Point;
import matcalc.present.DerivativesView;
import matcalc.present.LatexRenderer;
import matcalc.present.TextRenderer;
import matcalc.present.View;
import matcalc.present.Views;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;

/**
 * A derivative as users see it: its text, LaTeX and shape, how it was checked, and its value at a
 * point. For a vector-valued f and a matrix W the derivative is an order-3 tensor, given by its
 * contraction with a row vector δ ({@link #isTensor()}); its value is then the list of slices
 * ∂f_i/∂W ({@link #slices}).
 */
public final class DerivativeResult {
    private final VerifiedDerivative result;
    private final View view;

    /** The derivative and how it is shown: a derivative of an expression, or a Hessian. */
    DerivativeResult(VerifiedDerivative result, View view) {
        this.result = result;
        this.view = view;
    }

    /** ∂expression/∂(r's variable), shown as `matcalc diff` shows it. */
    static DerivativeResult of(VerifiedDerivative r, Context context, String expression) {
        return of(r, context, context.check("input", expression).expr());
    }

    /** The same, with the expression already checked: {@code Session.deriveAll} checks it once for all its results. */
    static DerivativeResult of(VerifiedDerivative r, Context context, matcalc.core.Expr checkedExpression) {
        return new DerivativeResult(r, new DerivativesView(checkedExpression, List.of(Views.derivative(context, r, null))));
    }

    /** The engine's result, for matcalc's own edges. */
    public VerifiedDerivative result() {
        return result;
    }

    public String wrt() {
        return result.derivative().wrt().name();
    }

    public Layout layout() {
        return result.derivative().layout();
    }

    /** The derivative with the named intermediates folded in, as printed: (ŷ − y) xᵀ. */
    public String text() {
        return matcalc.core.TextPrinter.unicode().print(result.derivative().display());
    }

    public String ascii() {
        return matcalc.core.TextPrinter.ascii().print(result.derivative().display());
    }

    public String latex() {
        return new matcalc.render.LatexPrinter().print(result.derivative().display());
    }

    /** What `matcalc diff` (or `matcalc hessian`) prints for it: the question, the answer, its shape and how it was checked. */
    public String report() {
        return TextRenderer.unicode().render(view);
    }

    /** The whole equation in LaTeX: \frac{\partial}{\partial W}[…] = …. */
    public String equation() {
        return new LatexRenderer().render(view);
    }

    public boolean isTensor() {
        return result.derivative().isTensor();
    }

    /**
     * The shape: rows, cols; for a tensor the dimensions of f (m, or m × p for a matrix F) then
     * those of each slice, leaving out the 1 of a vector variable's slice. Symbolic dimensions by
     * name ("d"), sizes as numbers ("3").
     */
    public List<String> shape() {
        List<String> out = new ArrayList<>();
        for (Dim d : result.shape()) out.add(d.toString());
        return out;
    }

    /** d×n. */
    public String shapeText() {
        return String.join("×", shape());
    }

    /** Whether it agreed with finite differences at every random point it was checked at. */
    public boolean verified() {
        return result.verification().passed();
    }

    /** How it was checked: passed at some points, or why there is no verdict. */
    public Verification verification() {
        return result.verification();
    }

    /**
     * The value at a point; values by name (named intermediates that the derivative mentions are
     * computed from their definitions). For a tensor, use {@link #slices}.
     */
    public Matrix value(Map<String, Matrix> point) {
        if (isTensor()) {
            throw new IllegalStateException("∂f/∂" + wrt() + " is a tensor (" + shapeText() + "): its value is slices(point)");
        }
        return Matrix.fromEjml(result.value(Session.point(point)).get(0));
    }

    /** The value of a tensor derivative: one slice ∂f_i/∂W per entry of f (∂F_ij/∂X row by row for a matrix F). */
    public List<Matrix> slices(Map<String, Matrix> point) {
        List<Matrix> out = new ArrayList<>();
        for (DMatrixRMaj m : result.value(Session.point(point))) out.add(Matrix.fromEjml(m));
        return out;
    }

    @Override
    public String toString() {
        return text();
    }
}
