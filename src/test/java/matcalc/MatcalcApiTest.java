package matcalc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.core.Dim;
import matcalc.numeric.Point;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The library entry point used the way a user's own JUnit test would use it: {@link Matcalc#derive}
 * and {@link Session}, the result's text, LaTeX, shape, numeric check and value at a point, and
 * bad input as a {@link MatcalcException} with a rendered message.
 */
class MatcalcApiTest {
    static final String LOSS = "-sum(y ⊙ log(softmax(W x + b)))";
    static final double E = Math.E;
    /** ŷ − y at {@link #point()}: W x + b = [−1.5, −2.5], so ŷ = [e/(1+e), 1/(1+e)] and y = [1, 0]. */
    static final double D = 1 / (1 + E);

    static Point point() {
        return Point.parse("point", "{\"W\": [[1, 2, 3], [4, 5, 6]], \"x\": [1, 0, -1], \"b\": [0.5, -0.5], \"y\": [1, 0]}");
    }

    static void assertMatrix(double[][] expected, DMatrixRMaj got) {
        assertEquals(expected.length + "×" + expected[0].length, got.numRows + "×" + got.numCols, "shape");
        for (int i = 0; i < expected.length; i++) {
            double[] row = new double[got.numCols];
            for (int j = 0; j < got.numCols; j++) row[j] = got.get(i, j);
            assertArrayEquals(expected[i], row, 1e-12, "row " + (i + 1));
        }
    }

    @Nested
    class Derive {
        @Test
        void theSlidesLogisticRegressionGradient() {
            DerivativeResult r = Matcalc.derive(LOSS, "W", "W: d x n", "assume sum(y) = 1");
            assertEquals("(softmax(W x + b) − y) xᵀ", r.text());
            assertEquals("(softmax(W x + b) - y) x'", r.ascii());
            assertEquals("\\left(\\operatorname{softmax}\\left(\\mathbf{W} \\mathbf{x} + \\mathbf{b}\\right) - \\mathbf{y}\\right) \\mathbf{x}^\\top",
                    r.latex());
            assertEquals(List.of(Dim.sym("d"), Dim.sym("n")), r.shape());
            assertEquals("d×n", r.shapeText());
            assertEquals("W", r.wrt());
            assertEquals(Layout.NUMERATOR, r.layout());
            assertFalse(r.isTensor());
            assertEquals(r.text(), r.toString());
        }

        @Test
        void itIsCheckedNumericallyBeforeItIsReturned() {
            DerivativeResult r = Matcalc.derive(LOSS, "W", "W: d x n", "assume sum(y) = 1");
            assertTrue(r.verification().passed(), r.verification().detail());
            assertEquals(3, r.verification().points());
            assertFalse(r.verification().mismatch());
        }

        @Test
        void itsValueAtAPoint() {
            List<DMatrixRMaj> v = Matcalc.derive(LOSS, "W", "W: d x n", "assume sum(y) = 1").value(point());
            assertEquals(1, v.size());
            // (ŷ − y) xᵀ = [−D, D]ᵀ [1, 0, −1]
            assertMatrix(new double[][] {{-D, 0, D}, {D, 0, -D}}, v.get(0));
        }

        @Test
        void withoutTheAssumptionTheGeneralForm() {
            DerivativeResult r = Matcalc.derive(LOSS, "W", "W: d x n");
            assertEquals("(sum(y) softmax(W x + b) − y) xᵀ", r.text());
            // at y = [1, 1]: (2 ŷ − y) xᵀ
            Point p = point().put("y", new DMatrixRMaj(new double[][] {{1}, {1}}));
            double a = 2 * E / (1 + E) - 1;
            assertMatrix(new double[][] {{a, 0, -a}, {-a, 0, a}}, r.value(p).get(0));
        }

        @Test
        void namedIntermediatesAreUsedInTheResultAndComputedForItsValue() {
            DerivativeResult r = Matcalc.derive("-sum(y ⊙ log(ŷ))", "b", "W: d x n", "ŷ = softmax(W x + b)", "assume sum(y) = 1");
            assertEquals("(ŷ − y)ᵀ", r.text());
            assertEquals("\\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right)^\\top", r.latex());
            assertEquals("1×d", r.shapeText());
            // the point has no ŷ: it is computed from its definition
            assertMatrix(new double[][] {{-D, D}}, r.value(point()).get(0));
            // expr() is in terms of the inputs, display() with ŷ
            assertFalse(r.expr().toString().contains("ŷ"), r.expr().toString());
        }

        @Test
        void aVectorValuedFunctionOfAMatrixIsATensor() {
            DerivativeResult r = Matcalc.derive("W x + b", "W", "W: d x n");
            assertTrue(r.isTensor());
            assertEquals(List.of(Dim.sym("d"), Dim.sym("d"), Dim.sym("n")), r.shape());
            assertEquals("δᵀ xᵀ", r.text());
            List<DMatrixRMaj> slices = r.value(point());
            assertEquals(2, slices.size());
            // slice i is ∂(W x + b)_i/∂W: xᵀ in row i
            assertMatrix(new double[][] {{1, 0, -1}, {0, 0, 0}}, slices.get(0));
            assertMatrix(new double[][] {{0, 0, 0}, {1, 0, -1}}, slices.get(1));
        }

        @Test
        void asciiSpellingsWorkAsWell() {
            DerivativeResult r = Matcalc.derive("-sum(y .* log(y_hat))", "W", "W: d x n", "y_hat = softmax(W x + b)",
                    "assume sum(y) = 1");
            assertEquals("(ŷ − y) xᵀ", r.text());
            assertEquals("(y_hat - y) x'", r.ascii());
        }
    }

    @Nested
    class Sessions {
        Session logistic() {
            return Matcalc.session().let("W: d x n").let("ŷ = softmax(W x + b)").assume("sum(y) = 1");
        }

        @Test
        void letAssumeAndTheThreeLayouts() {
            assertEquals("(ŷ − y)ᵀ W", logistic().derive("-sum(y ⊙ log(ŷ))", "x").text());
            DerivativeResult den = logistic().layout(Layout.DENOMINATOR).derive("-sum(y ⊙ log(ŷ))", "x");
            assertEquals("Wᵀ (ŷ − y)", den.text());
            assertEquals("n×1", den.shapeText());
            assertEquals(Layout.DENOMINATOR, den.layout());
            DerivativeResult mixed = logistic().layout(Layout.MIXED).derive("-sum(y ⊙ log(ŷ))", "W");
            assertEquals("d×n", mixed.shapeText());
            // (ŷ − y)ᵀ W at the point: D · [−1 + 4, −2 + 5, −3 + 6]
            assertMatrix(new double[][] {{3 * D, 3 * D, 3 * D}}, logistic().derive("-sum(y ⊙ log(ŷ))", "x").value(point()).get(0));
            assertMatrix(new double[][] {{3 * D}, {3 * D}, {3 * D}}, den.value(point()).get(0));
        }

        @Test
        void severalVariablesAtOnce() {
            Map<String, DerivativeResult> all = logistic().deriveAll("-sum(y ⊙ log(ŷ))", List.of("W", "b", "x"));
            assertEquals(List.of("W", "b", "x"), List.copyOf(all.keySet()));
            assertEquals("(ŷ − y) xᵀ", all.get("W").text());
            assertEquals("(ŷ − y)ᵀ", all.get("b").text());
            assertEquals("(ŷ − y)ᵀ W", all.get("x").text());
        }

        @Test
        void aNamedIntermediateAsTheVariable() {
            Session s = Matcalc.session().let("h2 = W2 h1 + b2").let("ŷ = softmax(h2)").assume("sum(y) = 1");
            DerivativeResult r = s.derive("-sum(y ⊙ log(ŷ))", "h2");
            assertEquals("(ŷ − y)ᵀ", r.text());
        }

        @Test
        void theNumericCheckCanBeTurnedOffOrReseeded() {
            DerivativeResult off = logistic().verifyPoints(0).derive("-sum(y ⊙ log(ŷ))", "W");
            assertFalse(off.verification().passed());
            assertEquals("not checked", off.verification().detail());
            DerivativeResult more = logistic().seed(7).verifyPoints(5).derive("-sum(y ⊙ log(ŷ))", "W");
            assertTrue(more.verification().passed());
            assertEquals(5, more.verification().points());
        }

        @Test
        void aBadStatementLeavesTheSessionAsItWas() {
            Session s = logistic();
            assertThrows(MatcalcException.class, () -> s.let("u = W y; y: k"));
            assertFalse(s.context().definitions().containsKey("u"));
            assertEquals("(ŷ − y) xᵀ", s.derive("-sum(y ⊙ log(ŷ))", "W").text());
        }
    }

    @Nested
    class BadInput {
        @Test
        void aParseErrorIsAMatcalcExceptionWithACaret() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.derive("-sum(y ⊙ log(softmax(W x + b))", "W"));
            assertEquals("'(' is never closed", e.getMessage());
            assertEquals("""
                    input:1:5: error: '(' is never closed
                      -sum(y ⊙ log(softmax(W x + b))
                          ^""", e.render());
            assertEquals(5, e.diagnostic().span().column());
        }

        @Test
        void aShapeErrorNamesBothShapes() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.derive(LOSS, "W", "W: d x n", "x: k"));
            assertEquals("""
                    input:1:22: error: shape mismatch: W is d×n, so W x needs x of length n, but x has length k
                      -sum(y ⊙ log(softmax(W x + b)))
                                           ^~~""", e.render());
        }

        @Test
        void aBadStatementIsReportedAtItsOwnSource() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.derive(LOSS, "W", "W: d x n", "ŷ = softmx(W x + b)"));
            assertTrue(e.render().startsWith("--let#2:1:5: error: unknown function 'softmx': did you mean softmax?"), e.render());
        }

        @Test
        void anUnknownVariableHasNoPlaceButASuggestion() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.derive(LOSS, "w"));
            assertNull(e.diagnostic().span());
            assertEquals("error: --wrt w: there is no variable w in the expression; did you mean W? (its variables: W, b, x, y)", e.render());
        }

        @Test
        void aMissingValueNamesTheVariable() {
            DerivativeResult r = Matcalc.derive("sum(c ⊙ (W x))", "W", "W: d x n");
            Point p = point();
            MatcalcException e = assertThrows(MatcalcException.class, () -> r.value(p));
            assertEquals("error: no value for c (a vector of length d): add \"c\" to the point", e.render());
        }
    }
}
