package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import matcalc.DerivativeResult;
import matcalc.Matrix;
import matcalc.Session;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/**
 * A size of a declared shape used as a number (B in sum(…) / B): a scalar whose value is the size,
 * constant in every derivative, read from the values where evaluated and drawn where checked.
 */
class SizeAsNumberTest {
    @Test
    void theMeanOverABatchDividesByItsSize() {
        Session s = new Session().let("X: n x B").let("W: d x n").let("b: d").let("Y: d x B");
        s.assume("𝟏ᵀ Y = 𝟏ᵀ");
        DerivativeResult r = s.derive("-sum(Y ⊙ log(softmax(W X + b 𝟏ᵀ))) / B", "W");
        assertEquals("(softmax(W X + b 𝟏ᵀ) − Y) Xᵀ / B", r.text());
        assertTrue(r.verification().passed(), r.verification().detail());
    }

    @Test
    void itsValueIsTheSizeOfTheValues() {
        Session s = new Session().let("x: n");
        Matrix mean = s.eval("sum(x) / n", Map.of("x", Matrix.column(1, 2, 3, 6)));
        assertEquals(3.0, mean.get(0, 0), 0.0);
    }

    @Test
    void aSizeNoShapeOfTheExpressionHoldsIsStillDrawnForTheCheck() {
        // B is a dimension of X only, and X is not in the expression
        Session s = new Session().let("x: n").let("X: m x B");
        DerivativeResult r = s.derive("sum(x) / B", "x");
        assertEquals("𝟏_nᵀ / B", r.text());
        assertTrue(r.verification().passed(), r.verification().detail());
    }

    @Test
    void aDeclaredVariableOfTheSameNameIsTheVariable() {
        Session s = new Session().let("x: n").let("n: scalar");
        assertEquals("𝟏_nᵀ / n", s.derive("sum(x) / n", "x").text());
        assertEquals(2.0, s.eval("sum(x) / n", Map.of("x", Matrix.column(1, 3), "n", Matrix.scalar(2))).get(0, 0), 0.0);
        // the size itself is not something to differentiate by
        assertThrows(MatcalcException.class, () -> new Session().let("x: n").derive("sum(x) / n", "n"));
    }
}
