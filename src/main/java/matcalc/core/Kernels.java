package matcalc.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Numeric kernels of the built-in functions that are more than one library call: stable sigmoid,
 * softmax and logsumexp, diag, the inverse. {@link Fn} names them; domains are checked by the
 * evaluator, not here.
 */
public final class Kernels {
    private Kernels() {}

    /** 1 / (1 + e⁻ˣ), without overflow for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double ex = Math.exp(x);
        return ex / (1 + ex);
    }

    public static double logsumexp(DMatrixRMaj a) {
        double max = CommonOps_DDRM.elementMax(a);
        if (Double.isInfinite(max)) return max;
        double s = 0;
        for (int i = 0; i < a.numRows * a.numCols; i++) s += Math.exp(a.data[i] - max);
        return max + Math.log(s);
    }

    public static DMatrixRMaj softmax(DMatrixRMaj a) {
        double lse = logsumexp(a);
        return map(a, x -> Math.exp(x - lse));
    }

    /** A vector to its diagonal matrix, or a square matrix to its diagonal. */
    public static DMatrixRMaj diag(DMatrixRMaj a) {
        if (a.numCols == 1) {
            DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numRows);
            for (int i = 0; i < a.numRows; i++) m.set(i, i, a.get(i, 0));
            return m;
        }
        DMatrixRMaj v = new DMatrixRMaj(a.numRows, 1);
        for (int i = 0; i < a.numRows; i++) v.set(i, 0, a.get(i, i));
        return v;
    }

    /** The inverse; NaN in every entry where the matrix is singular. Not modified: a. */
    public static DMatrixRMaj inverse(DMatrixRMaj a) {
        DMatrixRMaj inv = a.copy();
        if (!CommonOps_DDRM.invert(inv)) CommonOps_DDRM.fill(inv, Double.NaN);
        return inv;
    }

    public static DMatrixRMaj map(DMatrixRMaj a, java.util.function.DoubleUnaryOperator f) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < a.numRows * a.numCols; i++) out.data[i] = f.applyAsDouble(a.data[i]);
        return out;
    }

    public static DMatrixRMaj scalar(double v) {
        return new DMatrixRMaj(1, 1, true, v);
    }
}
