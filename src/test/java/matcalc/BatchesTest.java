package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.calculus.Layout;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches of samples as columns (X: n×B): the batch results reduce to the slides' single-sample
 * ones at B = 1, the answer checker takes the batch forms written in equivalent ways, and rows
 * where a column was evidently meant are refused with a message that says what to write.
 */
class BatchesTest {
    static final String SAMPLE = "x: n; W: d x n; b, y: d";
    static final String BATCH = "X: n x B; W: d x n; b: d; Y: d x B; N: scalar";
    static final String CE = "−sum(Y ⊙ log(softmax(W X + b 𝟏ᵀ))) / N";
    static final String MLP_SAMPLE = "x: n; W1: h x n; b1: h; W2: d x h; b2, y: d";
    static final String MLP_BATCH = "X: n x B; W1: h x n; b1: h; W2: d x h; b2: d; Y: d x B; N: scalar";

    private static Session batch() {
        return Matcalc.session().let(BATCH).assume("𝟏ᵀ Y = 𝟏ᵀ");
    }

    private static Matrix random(Random r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return Matrix.of(a);
    }

    private static void assertClose(Matrix want, Matrix got) {
        assertEquals(want.rows(), got.rows());
        assertEquals(want.cols(), got.cols());
        for (int i = 0; i < want.rows(); i++) {
            for (int j = 0; j < want.cols(); j++) {
                assertEquals(want.get(i, j), got.get(i, j), 1e-9 * (1 + Math.abs(want.get(i, j))), "entry " + i + "," + j);
            }
        }
    }

    /** The softmax cross-entropy of the slides and its batch form at one sample (B = 1, N = 1). */
    @ParameterizedTest
    @ValueSource(strings = {"W", "b"})
    void theBatchSoftmaxCrossEntropyIsTheSlidesAtOneSample(String wrt) {
        Random r = new Random(11 + wrt.hashCode());
        Matrix w = random(r, 3, 2);
        Matrix b = random(r, 3, 1);
        Matrix x = random(r, 2, 1);
        Matrix y = Matrix.of(new double[][] {{0}, {1}, {0}});
        DerivativeResult one = Matcalc.session().let(SAMPLE).assume("sum(y) = 1")
                .derive("−sum(y ⊙ log(softmax(W x + b)))", wrt);
        DerivativeResult many = batch().derive(CE, wrt);
        assertTrue(one.verified() && many.verified());
        Map<String, Matrix> p1 = Map.of("W", w, "b", b, "x", x, "y", y);
        Map<String, Matrix> pb = Map.of("W", w, "b", b, "X", x, "Y", y, "N", Matrix.scalar(1));
        assertClose(one.value(p1), many.value(pb));
    }

    /** The 2-layer MLP: every weight and bias, batch at B = 1 against the single sample. */
    @ParameterizedTest
    @ValueSource(strings = {"W1", "b1", "W2", "b2"})
    void theBatchMlpIsTheSingleSampleOneAtOneSample(String wrt) {
        Random r = new Random(7 + wrt.hashCode());
        Map<String, Matrix> common = Map.of("W1", random(r, 4, 2), "b1", random(r, 4, 1),
                "W2", random(r, 3, 4), "b2", random(r, 3, 1));
        Matrix x = random(r, 2, 1);
        Matrix y = Matrix.of(new double[][] {{1}, {0}, {0}});
        DerivativeResult one = Matcalc.session().let(MLP_SAMPLE).assume("sum(y) = 1")
                .derive("−sum(y ⊙ log(softmax(W2 tanh(W1 x + b1) + b2)))", wrt);
        DerivativeResult many = Matcalc.session().let(MLP_BATCH).assume("𝟏ᵀ Y = 𝟏ᵀ")
                .derive("−sum(Y ⊙ log(softmax(W2 tanh(W1 X + b1 𝟏ᵀ) + b2 𝟏ᵀ))) / N", wrt);
        Map<String, Matrix> p1 = new HashMap<>(common);
        p1.put("x", x);
        p1.put("y", y);
        Map<String, Matrix> pb = new HashMap<>(common);
        pb.put("X", x);
        pb.put("Y", y);
        pb.put("N", Matrix.scalar(1));
        assertClose(one.value(p1), many.value(pb));
    }

    @Test
    void theBatchGradientReadsAsWrittenByHand() {
        assertEquals("(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ / N", batch().derive(CE, "W").text());
        assertEquals("(softmax(W X + b 𝟏ᵀ) − Y) 𝟏 / N", batch().layout(Layout.DENOMINATOR).derive(CE, "b").text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ / N",
        "(1/N) (softmax(W X + b 𝟏ᵀ) − Y) Xᵀ",
        "(softmax(W X + b 𝟏ᵀ) / N − Y / N) Xᵀ",
        "softmax(W X + b 𝟏ᵀ) Xᵀ / N − Y Xᵀ / N",
        "(X (softmax(W X + b 𝟏ᵀ) − Y)ᵀ)ᵀ / N",
    })
    void equivalentFormsOfTheWeightGradientAreAccepted(String answer) {
        CheckResult c = batch().check(CE, "W", answer);
        assertTrue(c.correct(), answer + ": " + c.diagnosis());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "((softmax(W X + b 𝟏ᵀ) − Y) 𝟏)ᵀ / N",
        "𝟏ᵀ (softmax(W X + b 𝟏ᵀ) − Y)ᵀ / N",
        "(softmax(W X + b 𝟏ᵀ) 𝟏 − Y 𝟏)ᵀ / N",
    })
    void equivalentFormsOfTheBiasGradientAreAccepted(String answer) {
        CheckResult c = batch().check(CE, "b", answer);
        assertTrue(c.correct(), answer + ": " + c.diagnosis());
    }

    @Test
    void theBiasGradientAsAColumnIsAcceptedWhereEitherLayoutIs() {
        CheckResult c = batch().layout(Layout.EITHER).check(CE, "b", "(softmax(W X + b 𝟏ᵀ) − Y) 𝟏 / N");
        assertTrue(c.correct(), c.diagnosis());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ",
        "(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ / N / N",
        "(softmax(W X + b 𝟏ᵀ) + Y) Xᵀ / N",
    })
    void wrongBatchGradientsAreRejected(String answer) {
        assertFalse(batch().check(CE, "W", answer).correct(), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(W2ᵀ (S − Y) ⊙ (𝟏 𝟏ᵀ − H ⊙ H)) Xᵀ / N",
        "(1/N) ((W2ᵀ S − W2ᵀ Y) ⊙ (𝟏 𝟏ᵀ − H.^2)) Xᵀ",
        "(X ((W2ᵀ (S − Y)) ⊙ (𝟏 𝟏ᵀ − H.^2))ᵀ)ᵀ / N",
    })
    void equivalentFormsOfTheMlpFirstLayerGradientAreAccepted(String answer) {
        Session s = Matcalc.session().let(MLP_BATCH + "; H = tanh(W1 X + b1 𝟏ᵀ); S = softmax(W2 H + b2 𝟏ᵀ)")
                .assume("𝟏ᵀ Y = 𝟏ᵀ");
        CheckResult c = s.check("−sum(Y ⊙ log(S)) / N", "W1", answer);
        assertTrue(c.correct(), answer + ": " + c.diagnosis());
        assertFalse(s.check("−sum(Y ⊙ log(S)) / N", "W1", "(W2ᵀ (S − Y) ⊙ (𝟏 𝟏ᵀ − H)) Xᵀ / N").correct());
    }

    @Test
    void aMissingSoftmaxJacobianOverABatchIsNamedPerColumn() {
        CheckResult c = batch().check(CE, "W", "-(Y ⊘ softmax(W X + b 𝟏ᵀ)) Xᵀ / N");
        assertFalse(c.correct());
        assertEquals("the derivative of softmax is missing: the chain rule through softmax(W X + b 𝟏ᵀ) needs its Jacobian "
                + "diag(s) − s sᵀ in each column (s a column of softmax(W X + b 𝟏ᵀ)), and your answer leaves it out",
                c.diagnosis());
    }

    @Test
    void aRowIsRefusedWhereAColumnWasMeant() {
        Session s = Matcalc.session().let("x: n; W: d x n; X: n x B; b: d");
        MatcalcException softmax = assertThrows(MatcalcException.class, () -> s.derive("sum(softmax(xᵀ))", "x"));
        assertTrue(softmax.getMessage().contains("softmax acts on each column: for a row vector vᵀ write softmax(vᵀ)ᵀ"),
                softmax.getMessage());
        MatcalcException lse = assertThrows(MatcalcException.class, () -> s.derive("logsumexp(xᵀ)", "x"));
        assertTrue(lse.getMessage().contains("logsumexp acts on each column"), lse.getMessage());
        MatcalcException bias = assertThrows(MatcalcException.class, () -> s.derive("sum(W X + b)", "W"));
        assertTrue(bias.getMessage().contains("to add b to every column write b 𝟏ᵀ"), bias.getMessage());
    }

    @Test
    void logsumexpOfABatchIsARowOfItsColumns() {
        DerivativeResult r = Matcalc.session().let("Z: d x B").derive("sum(logsumexp(Z))", "Z");
        assertEquals("softmax(Z)", r.text());
        Matrix z = Matrix.of(new double[][] {{0, 1000}, {Math.log(3), 1000}});
        Matrix want = Matrix.of(new double[][] {{0.25, 0.5}, {0.75, 0.5}});
        assertClose(want, r.value(Map.of("Z", z)));
        assertEquals(List.of("1", "2"), List.of(String.valueOf(Matcalc.session().let("Z: d x B")
                .eval("logsumexp(Z)", Map.of("Z", z)).rows()), String.valueOf(Matcalc.session().let("Z: d x B")
                .eval("logsumexp(Z)", Map.of("Z", z)).cols())));
    }
}
