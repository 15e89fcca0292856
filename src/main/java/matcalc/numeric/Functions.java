package matcalc.numeric;

import java.util.function.DoublePredicate;
import matcalc.core.Domain;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Kernels;
import matcalc.core.TextPrinter;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;

/**
 * Numeric values of the built-in functions: each function's kernel ({@link Fn#value}), with its
 * {@link Domain} checked and domain errors that name the sub-expression.
 */
public final class Functions {
    private Functions() {}

    /** The value of e = fn(a), its domain checked. Not modified: a. */
    public static DMatrixRMaj apply(Expr.Apply e, DMatrixRMaj a) {
        Fn fn = e.fn();
        Domain domain = fn.domain();
        requireEntries(e, a);
        DMatrixRMaj value = fn.value(a);
        // logdet's kernel is NaN where det ≤ 0 (it factors a once; det itself may overflow where logdet does not)
        if (domain == Domain.POSITIVE_DETERMINANT && Double.isNaN(value.get(0, 0))) {
            double d = Kernels.det(a);
            throw domain(e, fn.fnName() + " needs " + domain.needs() + ", but det = " + Values.number(d));
        }
        if (domain == Domain.INVERTIBLE && hasNonFinite(value)) throw domain(e, "the matrix is singular");
        return value;
    }

    /**
     * The check of each entry of fn's argument that {@link #apply} makes (none where fn is defined on
     * all reals), for a caller computing an entrywise kernel in place (an evaluation plan).
     */
    public static void requireEntries(Expr.Apply e, DMatrixRMaj a) {
        Domain domain = e.fn().domain();
        if (domain.entries() != null) requireAll(e, a, domain.entries(), e.fn().fnName() + " needs " + domain.needs());
    }

    /** x^p for an entry x of e = base.^p, refused where it has no value as a real number. */
    public static double power(Expr e, double x, double p) {
        if (x == 0 && p < 0) throw domain(e, "division by zero (a zero entry raised to " + p + ")");
        double y = Math.pow(x, p);
        if (Double.isNaN(y)) throw domain(e, "a negative entry raised to the non-integer power " + p);
        return y;
    }

    private static boolean hasNonFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows * m.numCols; i++) if (!Double.isFinite(m.data[i])) return true;
        return false;
    }

    private static void requireAll(Expr e, DMatrixRMaj a, DoublePredicate t, String why) {
        for (int i = 0; i < a.numRows * a.numCols; i++) {
            if (!t.test(a.data[i])) {
                String where = a.numCols == 1 ? "entry " + (i + 1) : "entry (" + (i / a.numCols + 1) + ", " + (i % a.numCols + 1) + ")";
                throw domain(e, why + ", but " + where + " of its argument is " + Values.number(a.data[i]));
            }
        }
    }

    static MatcalcException domain(Expr e, String why) {
        return MatcalcException.general(why + " in " + TextPrinter.unicode().print(e));
    }
}
