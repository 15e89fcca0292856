package matcalc.core;

import org.ejml.UtilEjml;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * Numeric kernels of the built-in functions that are more than one library call: stable sigmoid,
 * softmax and logsumexp, diag, and det, logdet and the inverse through an LU factorisation with
 * partial pivoting at every size (EJML's {@code CommonOps_DDRM.det} and {@code invert} expand
 * cofactors up to 5×5, which lost 1e-8 to 6e-6 relative in det on 5×5 matrices of condition 10⁶,
 * where LU loses 1e-13 to 2e-11).
 * {@link Fn} names them; domains are checked by the evaluator, not here.
 */
public final class Kernels {
    private Kernels() {}

    /** 1 / (1 + e⁻ˣ), without overflow for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double ex = Math.exp(x);
        return ex / (1 + ex);
    }

    /** log(1 + eˣ) as max(x, 0) + log1p(e^−|x|): no overflow for large x, no rounding to 0 for very negative x. */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^−|x|): finite for every finite x (−800 at x = −800). */
    public static double logSigmoid(double x) {
        return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** The slope of leakyrelu for x &lt; 0. */
    public static final double LEAKY_SLOPE = 0.01;

    public static double leakyRelu(double x) {
        return x > 0 ? x : LEAKY_SLOPE * x;
    }

    /** elu with α = 1: x for x &gt; 0, else eˣ − 1 (expm1, exact near 0). */
    public static double elu(double x) {
        return x > 0 ? x : Math.expm1(x);
    }

    /** 2√(2/π): gelu(x) = x σ(GELU_SCALE (x + 0.044715 x³)). */
    public static final double GELU_SCALE = 2 * Math.sqrt(2 / Math.PI);

    /**
     * The tanh approximation 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))), computed as x σ(2√(2/π)(x + 0.044715 x³))
     * (0.5 (1 + tanh u) = σ(2u)), which keeps its relative precision for very negative x where 1 + tanh u cancels.
     */
    public static double gelu(double x) {
        return x * sigmoid(GELU_SCALE * (x + 0.044715 * x * x * x));
    }

    public static double logsumexp(DMatrixRMaj a) {
        double max = CommonOps_DDRM.elementMax(a);
        if (Double.isInfinite(max)) return max;
        double s = 0;
        for (int i = 0; i < a.numRows * a.numCols; i++) s += Math.exp(a.data[i] - max);
        return max + Math.log(s);
    }

    /** The logsumexp of each column, shifted by the column's maximum: 1×B for a d×B matrix. Not modified: a. */
    public static DMatrixRMaj logsumexpColumns(DMatrixRMaj a) {
        DMatrixRMaj out = new DMatrixRMaj(1, a.numCols);
        logsumexpColumns(a, out);
        return out;
    }

    /** The same into out (1×B), for a caller with its own buffers (an evaluation plan). Not modified: a. */
    public static void logsumexpColumns(DMatrixRMaj a, DMatrixRMaj out) {
        for (int j = 0; j < a.numCols; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < a.numRows; i++) max = Math.max(max, a.get(i, j));
            if (Double.isInfinite(max) || Double.isNaN(max)) {
                out.set(0, j, max);
                continue;
            }
            double s = 0;
            for (int i = 0; i < a.numRows; i++) s += Math.exp(a.get(i, j) - max);
            out.set(0, j, max + Math.log(s));
        }
    }

    /** Each column minus its logsumexp: log(softmax(a)) column by column, finite wherever a is. Not modified: a. */
    public static DMatrixRMaj logSoftmaxColumns(DMatrixRMaj a) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
        logSoftmaxColumns(a, new DMatrixRMaj(1, a.numCols), out);
        return out;
    }

    /** The same into out (a's shape), with lse (1×B) as scratch: for a caller with its own buffers. Not modified: a. */
    public static void logSoftmaxColumns(DMatrixRMaj a, DMatrixRMaj lse, DMatrixRMaj out) {
        logsumexpColumns(a, lse);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) out.set(i, j, a.get(i, j) - lse.get(0, j));
        }
    }

    /** The softmax of each column into out (a's shape), with lse (1×B) as scratch. Not modified: a. */
    public static void softmax(DMatrixRMaj a, DMatrixRMaj lse, DMatrixRMaj out) {
        logSoftmaxColumns(a, lse, out);
        for (int i = 0; i < out.numRows * out.numCols; i++) out.data[i] = Math.exp(out.data[i]);
    }

    /** The softmax of each column (samples as columns): a vector's softmax for a vector. Not modified: a. */
    public static DMatrixRMaj softmax(DMatrixRMaj a) {
        DMatrixRMaj out = logSoftmaxColumns(a);
        for (int i = 0; i < out.numRows * out.numCols; i++) out.data[i] = Math.exp(out.data[i]);
        return out;
    }

    /** A vector to its diagonal matrix, or a square matrix to its diagonal. */
    /** vec(A): the columns of A stacked, column-major. Not modified: a. */
    public static DMatrixRMaj vec(DMatrixRMaj a) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows * a.numCols, 1);
        for (int j = 0; j < a.numCols; j++) {
            for (int i = 0; i < a.numRows; i++) out.data[j * a.numRows + i] = a.get(i, j);
        }
        return out;
    }

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

    /** The determinant, from the LU factorisation. Not modified: a. */
    public static double det(DMatrixRMaj a) {
        return lu(a).computeDeterminant().real;
    }

    /**
     * log det a, summed from the LU's diagonal as Σ log|uᵢᵢ|, so that it is finite where det itself
     * overflows (logdet(300 I) of size 1000 is 1000 log 300, though det is 300¹⁰⁰⁰); NaN where
     * det ≤ 0, as log is. Not modified: a.
     */
    public static double logdet(DMatrixRMaj a) {
        LUDecompositionAlt_DDRM lu = lu(a);
        DMatrixRMaj u = lu.getLU();
        int n = u.numRows;
        double sign = 1;
        double log = 0;
        for (int i = 0; i < n; i++) {
            double d = u.unsafe_get(i, i);
            if (d == 0 || Double.isNaN(d)) return Double.NaN;
            if (d < 0) sign = -sign;
            log += Math.log(Math.abs(d));
        }
        return sign * pivotSign(lu) > 0 ? log : Double.NaN;
    }

    /**
     * The inverse, from the LU factorisation; NaN in every entry where the matrix is singular to
     * working precision: a pivot |uᵢᵢ| ≤ n ε max|aᵢⱼ|, or an entry that is not finite. The bound is
     * relative, so 10⁻⁹ I is invertible (EJML's own test, |uᵢᵢ| &lt; ε, is absolute). Not modified: a.
     */
    public static DMatrixRMaj inverse(DMatrixRMaj a) {
        int n = a.numRows;
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(new LUDecompositionAlt_DDRM());
        solver.setA(a.copy());   // its answer is EJML's absolute test; the relative one is below
        DMatrixRMaj u = solver.getDecomposition().getLU();
        double tiny = n * UtilEjml.EPS * CommonOps_DDRM.elementMaxAbs(a);
        boolean singular = false;
        for (int i = 0; i < n && !singular; i++) singular = !(Math.abs(u.unsafe_get(i, i)) > tiny);
        if (singular) CommonOps_DDRM.fill(inv, Double.NaN);
        else solver.invert(inv);
        return inv;
    }

    private static LUDecompositionAlt_DDRM lu(DMatrixRMaj a) {
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        lu.decompose(a.copy());
        return lu;
    }

    /** ±1: the sign of the row permutation. */
    private static double pivotSign(LUDecompositionAlt_DDRM lu) {
        int[] pivot = lu.getPivot();
        boolean[] seen = new boolean[pivot.length];
        double sign = 1;
        for (int i = 0; i < pivot.length; i++) {
            if (seen[i]) continue;
            int length = 0;
            for (int j = i; !seen[j]; j = pivot[j]) { seen[j] = true; length++; }
            if (length % 2 == 0) sign = -sign;
        }
        return sign;
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
