package matcalc.calculus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.numeric.Admissible;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.plan.Plan;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;

/**
 * What the {@link Engine} returns: a derivative, the checked expression it came from (its named
 * intermediates and variables, to evaluate it), and how it was verified. For a vector f and a
 * matrix W the derivative is an order-3 tensor given by its contraction with a row vector δ
 * ({@link Derivative#isTensor()}); for a matrix F, with a matrix Δ.
 */
public record VerifiedDerivative(Derivative derivative, Context.Checked checked, Verification verification) {

    /**
     * The shape: rows × cols; for a tensor the dimensions of f (m, or m × p for a matrix F) then
     * those of each slice, leaving out the 1 of a vector variable's slice.
     */
    public List<Dim> shape() {
        List<Dim> out = new ArrayList<>();
        Shape s = derivative.expr().shape();
        if (derivative.isTensor()) {
            out.add(derivative.f().shape().rows());
            if (!derivative.f().shape().cols().isOne()) out.add(derivative.f().shape().cols());
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
        return derivative.isTensor() && !derivative.f().shape().cols().isOne();
    }

    /**
     * The value at a point: one matrix, or for a tensor one slice ∂f_i/∂W (∂F_ij/∂X, row by row)
     * per entry of f. Named intermediates that the derivative mentions are computed from their
     * definitions.
     */
    public List<DMatrixRMaj> value(Point point) {
        valueOfExpression(point);
        Point p = withIntermediates(point, derivative.expr());
        String what = "the derivative";
        // sizes come from every variable of the expression: ∂sum(W x)/∂W = 𝟏 xᵀ needs the rows of W
        if (!derivative.isTensor()) return List.of(Admissible.requireFinite(what, evaluate(derivative.expr(), p)));
        List<DMatrixRMaj> slices = new ArrayList<>();
        // one contraction per entry of f: the derivative compiled once, evaluated at each unit seed
        Plan plan = Plan.tryCompile(List.of(derivative.expr()));
        if (plan != null) plan.withSizes(evaluator(p).sizes());   // the variables' sizes: the same for every seed
        for (DMatrixRMaj unit : Verifier.contractions(derivative, evaluate(derivative.f(), p))) {
            p.put(derivative.delta().name(), unit);
            DMatrixRMaj slice = plan == null ? evaluator(p).evaluate(derivative.expr()) : plan.at(p).value(0);
            slices.add(Admissible.requireFinite(what, slice));
        }
        return slices;
    }

    /**
     * The expression itself at the point, as eval computes it, when the point gives all its
     * variables: a point outside a function's domain (log of a negative entry, logdet of a matrix
     * with det &lt; 0) is refused for the derivative as it is for the value, and so is one where the
     * value overflows. Null if the point leaves out a variable of the expression.
     */
    private DMatrixRMaj valueOfExpression(Point point) {
        Expr e = checked.expr();
        for (String name : checked.variables().keySet()) {
            if (!point.has(name) && !checked.definitions().containsKey(name) && Exprs.mentions(e, name)) return null;
        }
        return Admissible.requireFinite(e, evaluate(e, withIntermediates(point, e)));
    }

    /** The value of f itself at the point (its columns number the slices of a matrix contraction). */
    public DMatrixRMaj valueOfF(Point point) {
        return evaluator(withIntermediates(point, derivative.expr())).evaluate(derivative.f());
    }

    private Point withIntermediates(Point point, Expr uses) {
        Point p = new Point();
        point.values().forEach(p::put);
        for (Map.Entry<String, Expr> def : checked.definitions().entrySet()) {
            if (!p.has(def.getKey()) && Exprs.mentions(uses, def.getKey())) {
                p.put(def.getKey(), new Evaluator(p).evaluate(def.getValue()));
            }
        }
        return p;
    }

    private Evaluator evaluator(Point p) {
        return new Evaluator(p).sizesFrom(checked.variables());
    }

    /** x at p, its sizes from every variable of the expression (∂sum(W x)/∂W = 𝟏 xᵀ needs the rows of W). */
    private DMatrixRMaj evaluate(Expr x, Point p) {
        return Plan.evaluateOnce(x, p, checked.variables());
    }

}
