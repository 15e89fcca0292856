package matcalc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Derivative;
import matcalc.calculus.Layout;
import matcalc.calculus.Verifier;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.render.LatexPrinter;
import matcalc.render.TextPrinter;
import matcalc.rewrite.Step;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;

/**
 * A derivative as users see it: its text, LaTeX and shape, how it was checked, and its value at a
 * point. For a vector-valued f and a matrix W the derivative is an order-3 tensor, given by its
 * contraction with a row vector δ ({@link #isTensor()}); its value is then the list of slices
 * ∂f_i/∂W.
 */
public final class DerivativeResult {
    private final Derivative d;
    private final Context.Checked checked;
    private final Verifier.Outcome verification;

    DerivativeResult(Derivative d, Context.Checked checked, Verifier.Outcome verification) {
        this.d = d;
        this.checked = checked;
        this.verification = verification;
    }

    public Derivative derivative() {
        return d;
    }

    public String wrt() {
        return d.wrt().name();
    }

    public Layout layout() {
        return d.layout();
    }

    /** The simplified derivative in terms of the inputs. */
    public Expr expr() {
        return d.expr();
    }

    /** The simplified derivative with the named intermediates folded in (what is printed). */
    public Expr display() {
        return d.display();
    }

    public String text() {
        return TextPrinter.unicode().print(d.display());
    }

    public String ascii() {
        return TextPrinter.ascii().print(d.display());
    }

    public String latex() {
        return new LatexPrinter().print(d.display());
    }

    public boolean isTensor() {
        return d.isTensor();
    }

    /**
     * The shape: rows × cols; for a tensor the dimensions of f (m, or m × p for a matrix F) then
     * those of each slice, leaving out the 1 of a vector variable's slice.
     */
    public List<Dim> shape() {
        List<Dim> out = new ArrayList<>();
        Shape s = d.expr().shape();
        if (d.isTensor()) {
            out.add(d.f().shape().rows());
            if (!d.f().shape().cols().isOne()) out.add(d.f().shape().cols());
            if (!s.rows().isOne()) out.add(s.rows());
            if (!s.cols().isOne()) out.add(s.cols());
            return out;
        }
        out.add(s.rows());
        out.add(s.cols());
        return out;
    }

    /** For a tensor, whether f is a matrix (contracted with a matrix Δ) rather than a vector (δ). */
    public boolean isMatrixContraction() {
        return d.isTensor() && !d.f().shape().cols().isOne();
    }

    public String shapeText() {
        StringBuilder sb = new StringBuilder();
        for (Dim x : shape()) sb.append(sb.length() == 0 ? "" : "×").append(x);
        return sb.toString();
    }

    public Verifier.Outcome verification() {
        return verification;
    }

    public List<Step> simplificationSteps() {
        return d.simplification();
    }

    public List<Step> differentiationSteps() {
        return d.differentiation();
    }

    /**
     * The value at a point: one matrix, or for a tensor one slice ∂f_i/∂W per entry of f. Named
     * intermediates that the derivative mentions are computed from their definitions.
     */
    public List<DMatrixRMaj> value(Point point) {
        Point p = new Point();
        point.values().forEach(p::put);
        for (Map.Entry<String, Expr> def : checked.definitions().entrySet()) {
            if (!p.has(def.getKey()) && mentions(d.expr(), def.getKey())) {
                p.put(def.getKey(), new Evaluator(p).evaluate(def.getValue()));
            }
        }
        // sizes come from every variable of the expression: ∂sum(W x)/∂W = 𝟏 xᵀ needs the rows of W
        if (!d.isTensor()) return List.of(evaluator(p).evaluate(d.expr()));
        List<DMatrixRMaj> slices = new ArrayList<>();
        for (DMatrixRMaj unit : Verifier.contractions(d, evaluator(p).evaluate(d.f()))) {
            p.put(d.delta().name(), unit);
            slices.add(evaluator(p).evaluate(d.expr()));
        }
        return slices;
    }

    /** The number of columns of f at the point (the slices of a matrix contraction come row by row). */
    public int columnsOfF(Point point) {
        return evaluator(point).evaluate(d.f()).numCols;
    }

    private Evaluator evaluator(Point p) {
        return new Evaluator(p).sizesFrom(checked.variables());
    }

    private static boolean mentions(Expr e, String name) {
        if (e instanceof Expr.Var v && v.name().equals(name)) return true;
        for (Expr c : e.children()) if (mentions(c, name)) return true;
        return false;
    }

    @Override
    public String toString() {
        return text();
    }
}
