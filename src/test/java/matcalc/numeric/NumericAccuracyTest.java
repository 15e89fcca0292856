package matcalc.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import matcalc.core.Kernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * det, logdet and inv on an ill-conditioned matrix whose determinant is known exactly, logdet where
 * det overflows, and log(sum(exp(z))) where sum(exp(z)) overflows.
 *
 * <p>The 5×5 matrix is A = Q Λ Qᵀ with Λ = diag(1, 2, 3, 4, 10⁶) (condition number 10⁶) and
 * Q = H(v) H(w) a product of two Householder reflections H(v) = I − 2 v vᵀ / vᵀv with
 * v = (1, 1, 1, 1, 2), w = (2, 1, 1, 1, 1): vᵀv = 8, so Q's entries are multiples of 1/16, A's are
 * multiples of 1/256 and exact in double precision. Hence det A = 24·10⁶ exactly, and the only
 * error is the factorisation's. EJML's cofactor expansion (CommonOps_DDRM.det and invert, up to
 * 5×5) had det A wrong by 8.0e-7 relative, logdet by 4.7e-8 and max |A⁻¹A − I| = 8.2e-2; through LU
 * they are 1.8e-11, 1.1e-12 and about 1e-11.
 *
 * <p>The tolerances are 1e-10 on det and 1e-11 on logdet, relative: a backward-stable factorisation
 * guarantees a relative error in det of about n ε κ = 5 · 1.1e-16 · 10⁶ ≈ 5e-10, and LU measures
 * 1e-13 to 2e-11 on matrices of this kind (1e-12 holds for some Q and not for others, so it would
 * test the choice of Q, not the code).
 */
class NumericAccuracyTest {
    static final double[] EIGENVALUES = {1, 2, 3, 4, 1e6};
    static final double DET = 24e6;

    static DMatrixRMaj householder(double... v) {
        double vv = 0;
        for (double x : v) vv += x * x;
        DMatrixRMaj h = CommonOps_DDRM.identity(v.length);
        for (int i = 0; i < v.length; i++) for (int j = 0; j < v.length; j++) h.add(i, j, -2 * v[i] * v[j] / vv);
        return h;
    }

    /** Q Λ Qᵀ, exact in double precision (see the class comment). */
    static DMatrixRMaj illConditioned() {
        DMatrixRMaj q = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.mult(householder(1, 1, 1, 1, 2), householder(2, 1, 1, 1, 1), q);
        DMatrixRMaj ql = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.mult(q, CommonOps_DDRM.diag(EIGENVALUES), ql);
        DMatrixRMaj a = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.multTransB(ql, q, a);
        return a;
    }

    static DMatrixRMaj eval(String text, String name, DMatrixRMaj value) {
        return EvalTest.eval(text, "{\"" + name + "\": " + json(value) + "}");
    }

    static String json(DMatrixRMaj m) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < m.numRows; i++) {
            b.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < m.numCols; j++) b.append(j == 0 ? "" : ", ").append(m.get(i, j));
            b.append(']');
        }
        return b.append(']').toString();
    }

    static void assertRelative(double expected, double got, double tol, String what) {
        double rel = Math.abs(got - expected) / Math.abs(expected);
        assertTrue(rel <= tol, what + ": " + got + " vs " + expected + ", relative error " + rel);
    }

    @Test
    void theTestMatrixIsExact() {
        DMatrixRMaj a = illConditioned();
        for (double x : a.data) assertEquals(0, x * 256 % 1, 0, "an entry is a multiple of 1/256: " + x);
        assertEquals(1e6, EIGENVALUES[4] / EIGENVALUES[0], "condition number");
    }

    @Test
    void detOfAnIllConditionedMatrix() {
        assertRelative(DET, eval("det(A)", "A", illConditioned()).get(0, 0), 1e-10, "det");
    }

    @Test
    void logdetOfAnIllConditionedMatrix() {
        assertRelative(Math.log(DET), eval("logdet(A)", "A", illConditioned()).get(0, 0), 1e-11, "logdet");
    }

    @Test
    void inverseTimesTheMatrixIsTheIdentity() {
        DMatrixRMaj a = illConditioned();
        DMatrixRMaj product = eval("inv(A) A", "A", a);
        DMatrixRMaj error = product.copy();
        CommonOps_DDRM.subtractEquals(error, CommonOps_DDRM.identity(5));
        double worst = CommonOps_DDRM.elementMaxAbs(error);
        assertTrue(worst <= 1e-9, "max |A⁻¹ A − I| = " + worst + " in " + Arrays.toString(product.data));
    }

    @Test
    void logdetWhereDetOverflows() {
        int n = 1000;
        DMatrixRMaj a = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.scale(300, a);
        assertEquals(Double.POSITIVE_INFINITY, Kernels.det(a), "300¹⁰⁰⁰ overflows");
        assertRelative(n * Math.log(300), Kernels.logdet(a), 1e-12, "logdet(300 I)");
    }

    @Test
    void logdetOfANegativeDeterminantIsNaNInTheKernel() {
        // a row swap: det = −1, its sign from the permutation, not from the diagonal of U
        assertTrue(Double.isNaN(Kernels.logdet(new DMatrixRMaj(new double[][] {{0, 1}, {1, 0}}))));
        assertRelative(Math.log(2), Kernels.logdet(new DMatrixRMaj(new double[][] {{0, 1}, {-2, 0}})), 1e-15, "logdet");
    }

    @Test
    void inverseOfAMatrixSingularToWorkingPrecision() {
        // exactly singular in ℝ, a pivot of about 1e-17 in double precision: singular, not 1e16
        assertTrue(error("inv(M)", "{\"M\": [[0.1, 0.2], [0.3, 0.6]]}").startsWith("error: the matrix is singular"));
        // a small scale is not singularity
        DMatrixRMaj small = CommonOps_DDRM.identity(3);
        CommonOps_DDRM.scale(1e-9, small);
        assertRelative(1e9, eval("inv(M)", "M", small).get(0, 0), 1e-15, "inv(1e-9 I)");
    }

    @Test
    void logOfSumOfExpDoesNotOverflow() {
        assertRelative(1000 + Math.log1p(Math.exp(-998)), EvalTest.eval("log(sum(exp(x)))", "{\"x\": [1000, 2]}").get(0, 0),
                1e-15, "log(sum(exp(x)))");
        assertRelative(-1000 + Math.log(2), EvalTest.eval("log(sum(exp(x)))", "{\"x\": [-1000, -1000]}").get(0, 0),
                1e-15, "log(sum(exp(x))) where exp underflows");
    }

    static String error(String text, String json) {
        return EvalTest.error(text, json);
    }
}
