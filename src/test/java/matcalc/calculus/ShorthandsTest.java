package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.CheckResult;
import matcalc.DerivativeResult;
import matcalc.Matrix;
import matcalc.Session;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/**
 * mean(A), colsum(A) and rowsum(A), read as sum(A) / (sizes), 𝟏ᵀ A and A 𝟏: their values at random
 * sizes and points against the entries summed by hand, derivatives through them checked
 * numerically, answers written with them, and their errors.
 */
class ShorthandsTest {
    private static final long SEED = 20261203L;

    private static Matrix random(Random r, int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return Matrix.of(v);
    }

    @Test
    void theirValuesAreTheEntriesSummed() {
        Random r = new Random(SEED);
        Session s = new Session().let("X: n x B");
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(5);
            int b = 1 + r.nextInt(5);
            Matrix x = random(r, n, b);
            double total = 0;
            double[] cols = new double[b];
            double[] rows = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < b; j++) {
                    total += x.get(i, j);
                    cols[j] += x.get(i, j);
                    rows[i] += x.get(i, j);
                }
            }
            Map<String, Matrix> at = Map.of("X", x);
            assertEquals(total / (n * b), s.eval("mean(X)", at).get(0, 0), 1e-12);
            Matrix colsum = s.eval("colsum(X)", at);
            assertEquals(1, colsum.rows());
            for (int j = 0; j < b; j++) assertEquals(cols[j], colsum.get(0, j), 1e-12);
            Matrix rowsum = s.eval("rowsum(X)", at);
            assertEquals(1, rowsum.cols());
            for (int i = 0; i < n; i++) assertEquals(rows[i], rowsum.get(i, 0), 1e-12);
            // the mean of the per-sample sums is the total over B
            assertEquals(total / b, s.eval("mean(colsum(X))", at).get(0, 0), 1e-12);
        }
    }

    @Test
    void derivativesThroughThemAgreeWithFiniteDifferences() {
        Session s = new Session().let("X: n x B; W: d x n; b: d; Y: d x B; x: n; A: n x n").seed(SEED);
        List<String[]> cases = List.of(
                new String[] {"mean(tanh(W X + b 𝟏ᵀ))", "W"},
                new String[] {"mean(tanh(W X + b 𝟏ᵀ))", "b"},
                new String[] {"colsum(W X) colsum(Y)ᵀ", "W"},
                new String[] {"rowsum(W X)ᵀ rowsum(W X) / B", "W"},
                new String[] {"mean(exp(colsum(log(softmax(W X)))))", "W"},
                new String[] {"mean(A x) + mean(xᵀ A)", "x"},
                new String[] {"mean(colsum(A) ⊙ xᵀ)", "A"});
        for (String[] c : cases) {
            DerivativeResult r = s.derive(c[0], c[1]);
            assertTrue(r.verification().passed(), c[0] + " by " + c[1] + ": " + r.verification().detail());
        }
    }

    @Test
    void theyAreWrittenOutInResults() {
        Session s = new Session().let("X: n x B; W: d x n").seed(SEED);
        assertEquals("𝟏_d 𝟏ᵀ Xᵀ / (d B)", s.derive("mean(W X)", "W").text());
        assertEquals("𝟏_d 𝟏ᵀ Xᵀ", s.derive("sum(colsum(W X))", "W").text());
        // a literal size divides as itself
        assertEquals("𝟏_3ᵀ / 3", new Session().let("x: 3").derive("mean(x)", "x").text());
        // the mean of a scalar is the scalar
        assertEquals("1", new Session().let("a: scalar").derive("mean(a)", "a").text());
    }

    @Test
    void answersMayUseThem() {
        Session s = new Session().let("X: n x B; W: d x n; b: d; Y: d x B").seed(SEED);
        s.assume("𝟏ᵀ Y = 𝟏ᵀ");
        String loss = "mean(-colsum(Y ⊙ log(softmax(W X + b 𝟏ᵀ))))";
        CheckResult right = s.check(loss, "b", "rowsum(softmax(W X + b 𝟏ᵀ) − Y)ᵀ / B");
        assertTrue(right.correct(), right.diagnosis());
        CheckResult wrong = s.check(loss, "b", "rowsum(softmax(W X + b 𝟏ᵀ) − Y)ᵀ");
        assertTrue(!wrong.correct() && !wrong.undecided(), "the missing 1/B is caught");
        assertTrue(s.check(loss, "W", "(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ / B").correct());
    }

    @Test
    void misuseIsRefusedWithTheReason() {
        Session s = new Session().let("X: n x B");
        MatcalcException arity = assertThrows(MatcalcException.class, () -> s.derive("mean(X, X)", "X"));
        assertTrue(arity.getMessage().contains("mean takes 1 argument, not 2"), arity.getMessage());
        MatcalcException bare = assertThrows(MatcalcException.class, () -> s.derive("sum(colsum X)", "X"));
        assertTrue(bare.getMessage().contains("colsum is a function"), bare.getMessage());
        // no variable may take the names
        assertThrows(MatcalcException.class, () -> new Session().let("rowsum: n"));
    }
}
