package matcalc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import matcalc.Matrix;
import matcalc.Session;
import matcalc.numeric.Point;
import matcalc.plan.Plan;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's hand-written gradient is the one matcalc derives: at random sizes and points the
 * loss and the four gradients agree with matcalc's results evaluated there (∂L/∂b is a row in
 * numerator layout, the hand-written b's a column).
 */
class HandMlpTest {
    static final String LET = "X: n x B; W1: k x n; b1: k; W2: d x k; b2: d; Y: d x B";
    static final String LOSS = "-sum(Y ⊙ log(softmax(W2 tanh(W1 X + b1 𝟏ᵀ) + b2 𝟏ᵀ))) / B";

    static DMatrixRMaj random(Random r, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }

    static DMatrixRMaj oneHot(Random r, int d, int batch) {
        DMatrixRMaj y = new DMatrixRMaj(d, batch);
        for (int j = 0; j < batch; j++) y.set(r.nextInt(d), j, 1);
        return y;
    }

    static Matrix m(DMatrixRMaj a) {
        double[][] rows = new double[a.numRows][a.numCols];
        for (int i = 0; i < a.numRows; i++) for (int j = 0; j < a.numCols; j++) rows[i][j] = a.get(i, j);
        return Matrix.of(rows);
    }

    static void assertClose(DMatrixRMaj expected, Matrix actual, boolean transposed, String what) {
        int rows = transposed ? expected.numCols : expected.numRows;
        int cols = transposed ? expected.numRows : expected.numCols;
        assertEquals(rows, actual.rows(), what);
        assertEquals(cols, actual.cols(), what);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double e = transposed ? expected.get(j, i) : expected.get(i, j);
                assertEquals(e, actual.get(i, j), 1e-10 * (1 + Math.abs(e)), what + " at " + i + "," + j);
            }
        }
    }

    @Test
    void theHandWrittenGradientIsMatcalcs() {
        Random r = new Random(20261203L);
        Session s = new Session().let(LET).seed(3);
        s.assume("𝟏ᵀ Y = 𝟏ᵀ");
        var results = s.deriveAll(LOSS, java.util.List.of("W1", "b1", "W2", "b2"));
        for (int trial = 0; trial < 10; trial++) {
            int n = 1 + r.nextInt(5), k = 1 + r.nextInt(5), d = 2 + r.nextInt(4), batch = 1 + r.nextInt(6);
            DMatrixRMaj x = random(r, n, batch), w1 = random(r, k, n), b1 = random(r, k, 1);
            DMatrixRMaj w2 = random(r, d, k), b2 = random(r, d, 1), y = oneHot(r, d, batch);
            HandMlp hand = new HandMlp(n, k, d, batch);
            hand.run(x, w1, b1, w2, b2, y);
            Map<String, Matrix> point = new HashMap<>(Map.of("X", m(x), "W1", m(w1), "b1", m(b1), "W2", m(w2), "b2", m(b2), "Y", m(y)));
            assertEquals(s.eval(LOSS, point).get(0, 0), hand.loss, 1e-10 * (1 + Math.abs(hand.loss)));
            assertClose(hand.dW1, results.get("W1").value(point), false, "∂L/∂W1");
            assertClose(hand.db1, results.get("b1").value(point), true, "∂L/∂b1");
            assertClose(hand.dW2, results.get("W2").value(point), false, "∂L/∂W2");
            assertClose(hand.db2, results.get("b2").value(point), true, "∂L/∂b2");
        }
    }

    /** The plan the benchmark times, compiled once and run at points of changing sizes, gives the same gradient. */
    @Test
    void theBenchmarksPlanGivesTheHandWrittenGradient() {
        Random r = new Random(20261204L);
        Plan plan = Plan.compile(MlpGradientBenchmark.derivatives());
        for (int trial = 0; trial < 10; trial++) {
            int n = 1 + r.nextInt(5), k = 1 + r.nextInt(5), d = 2 + r.nextInt(4), batch = 1 + r.nextInt(6);
            DMatrixRMaj x = random(r, n, batch), w1 = random(r, k, n), b1 = random(r, k, 1);
            DMatrixRMaj w2 = random(r, d, k), b2 = random(r, d, 1), y = oneHot(r, d, batch);
            HandMlp hand = new HandMlp(n, k, d, batch);
            hand.run(x, w1, b1, w2, b2, y);
            Point point = new Point();
            Map.of("X", x, "W1", w1, "b1", b1, "W2", w2, "b2", b2, "Y", y).forEach(point::put);
            plan.at(point);
            assertFalse(plan.handedToEvaluator(), "the plan binds the sizes itself");
            assertEquals(hand.loss, plan.buffer(0).get(0, 0), 1e-10 * (1 + Math.abs(hand.loss)));
            assertClose(hand.dW1, m(plan.buffer(1)), false, "∂L/∂W1");
            assertClose(hand.db1, m(plan.buffer(2)), true, "∂L/∂b1");
            assertClose(hand.dW2, m(plan.buffer(3)), false, "∂L/∂W2");
            assertClose(hand.db2, m(plan.buffer(4)), true, "∂L/∂b2");
        }
    }

    /**
     * Once its buffers are allocated, the plan evaluates the loss and the four gradients at new
     * values of the same sizes without allocating (counted by the JVM per thread, not timed).
     */
    @Test
    void thePlanDoesNotAllocatePerPoint() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Random r = new Random(20261205L);
        Plan plan = Plan.compile(MlpGradientBenchmark.derivatives());
        int n = 6, k = 5, d = 4, batch = 3;
        Point point = new Point();
        Map.of("X", random(r, n, batch), "W1", random(r, k, n), "b1", random(r, k, 1), "W2", random(r, d, k),
                "b2", random(r, d, 1), "Y", oneHot(r, d, batch)).forEach(point::put);
        for (int i = 0; i < 20; i++) run(plan, point);   // buffers allocated, classes loaded
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) run(plan, point);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated in 200 evaluations");
    }

    private static void run(Plan plan, Point point) {
        plan.at(point);
        for (int i = 0; i < 5; i++) plan.buffer(i);
    }
}
