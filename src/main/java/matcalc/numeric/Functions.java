package matcalc.numeric;

import java.util.function.DoubleUnaryOperator;
import matcalc.core.Expr;
import matcalc.render.TextPrinter;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/** Numeric values of the built-in functions, with domain errors that name the sub-expression. */
final class Functions {
    private Functions() {}

    static DMatrixRMaj apply(Expr.Apply e, DMatrixRMaj a) {
        return switch (e.fn()) {
            case EXP -> map(a, Math::exp);
            case LOG -> {
                requireAll(e, a, x -> x > 0, "log needs positive entries");
                yield map(a, Math::log);
            }
            case SIN -> map(a, Math::sin);
            case COS -> map(a, Math::cos);
            case TANH -> map(a, Math::tanh);
            case SIGMOID -> map(a, Functions::sigmoid);
            case RELU -> map(a, x -> Math.max(0, x));
            case SQRT -> {
                requireAll(e, a, x -> x >= 0, "sqrt needs non-negative entries");
                yield map(a, Math::sqrt);
            }
            case ABS -> map(a, Math::abs);
            case SIGN -> map(a, Math::signum);
            case STEP -> map(a, x -> x > 0 ? 1 : 0);
            case SUM -> scalar(CommonOps_DDRM.elementSum(a));
            case SOFTMAX -> softmax(a);
            case LOGSUMEXP -> scalar(logsumexp(a));
            case DIAG -> diag(a);
            case TR -> scalar(CommonOps_DDRM.trace(a));
            case DET -> scalar(CommonOps_DDRM.det(a));
            case LOGDET -> {
                double d = CommonOps_DDRM.det(a);
                if (!(d > 0)) throw domain(e, "logdet needs a positive determinant, but det = " + Values.number(d));
                yield scalar(Math.log(d));
            }
            case INV -> {
                DMatrixRMaj inv = a.copy();
                if (!CommonOps_DDRM.invert(inv) || hasNonFinite(inv)) throw domain(e, "the matrix is singular");
                yield inv;
            }
            case NORM -> scalar(NormOps_DDRM.normF(a));
        };
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double ex = Math.exp(x);
        return ex / (1 + ex);
    }

    static double logsumexp(DMatrixRMaj a) {
        double max = CommonOps_DDRM.elementMax(a);
        if (Double.isInfinite(max)) return max;
        double s = 0;
        for (int i = 0; i < a.numRows * a.numCols; i++) s += Math.exp(a.data[i] - max);
        return max + Math.log(s);
    }

    /** log(softmax(a)) = a − logsumexp(a), finite wherever a is. */
    static DMatrixRMaj logSoftmax(DMatrixRMaj a) {
        double lse = logsumexp(a);
        return map(a, x -> x - lse);
    }

    static DMatrixRMaj softmax(DMatrixRMaj a) {
        double lse = logsumexp(a);
        return map(a, x -> Math.exp(x - lse));
    }

    private static DMatrixRMaj diag(DMatrixRMaj a) {
        if (a.numCols == 1) {
            DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numRows);
            for (int i = 0; i < a.numRows; i++) m.set(i, i, a.get(i, 0));
            return m;
        }
        DMatrixRMaj v = new DMatrixRMaj(a.numRows, 1);
        for (int i = 0; i < a.numRows; i++) v.set(i, 0, a.get(i, i));
        return v;
    }

    private static DMatrixRMaj map(DMatrixRMaj a, DoubleUnaryOperator f) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < a.numRows * a.numCols; i++) out.data[i] = f.applyAsDouble(a.data[i]);
        return out;
    }

    private static DMatrixRMaj scalar(double v) {
        return new DMatrixRMaj(1, 1, true, v);
    }

    private static boolean hasNonFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows * m.numCols; i++) if (!Double.isFinite(m.data[i])) return true;
        return false;
    }

    private interface Test {
        boolean ok(double x);
    }

    private static void requireAll(Expr e, DMatrixRMaj a, Test t, String why) {
        for (int i = 0; i < a.numRows * a.numCols; i++) {
            if (!t.ok(a.data[i])) {
                String where = a.numCols == 1 ? "entry " + (i + 1) : "entry (" + (i / a.numCols + 1) + ", " + (i % a.numCols + 1) + ")";
                throw domain(e, why + ", but " + where + " of its argument is " + Values.number(a.data[i]));
            }
        }
    }

    static MatcalcException domain(Expr e, String why) {
        return MatcalcException.general(why + " in " + TextPrinter.unicode().print(e));
    }
}
