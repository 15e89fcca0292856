package matcalc.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numeric evaluation against values worked out by hand, at the point
 * <pre>
 *   W = [[1, 2], [3, 4]]   A = [[4, 1], [2, 3]]   x = [0.5, −1]   y = [2, 3]   α = 0.3
 * </pre>
 * (det A = 10, A⁻¹ = [[0.3, −0.1], [−0.2, 0.4]]), plus numerically extreme inputs for the stable
 * softmax, logsumexp and sigmoid, sizes taken from the values and checked against declarations,
 * and the errors a user gets for a missing, ragged or wrongly shaped value and for bad JSON.
 */
class EvalTest {
    static final String POINT = """
            {"W": [[1, 2], [3, 4]], "A": [[4, 1], [2, 3]], "x": [0.5, -1], "y": [2, 3], "alpha": 0.3}
            """;
    static final double TOL = 1e-12;
    static final double E = Math.E;

    static Expr expr(String text, String... lets) {
        Context c = new Context();
        for (String let : lets) c.let("--let", let);
        return c.check("input", text).expr();
    }

    /** Evaluates as matcalc eval does: sizes come from the values of every variable the expression had. */
    static DMatrixRMaj eval(String text, String json, String... lets) {
        Context c = new Context();
        for (String let : lets) c.let("--let", let);
        Context.Checked checked = c.check("input", text);
        return new Evaluator(Point.parse("point.json", json)).sizesFrom(checked.variables()).evaluate(checked.expr());
    }

    static DMatrixRMaj eval(String text) {
        return eval(text, POINT);
    }

    /** Row-major entries with their shape, so that a row and a column are told apart. */
    static void assertValue(int rows, int cols, double[] entries, DMatrixRMaj got) {
        assertEquals(rows + "×" + cols, got.numRows + "×" + got.numCols, "shape");
        double[] data = java.util.Arrays.copyOf(got.data, rows * cols);
        assertArrayEquals(entries, data, TOL, () -> java.util.Arrays.toString(data));
    }

    static void assertScalar(double expected, DMatrixRMaj got) {
        assertValue(1, 1, new double[] {expected}, got);
    }

    static String error(String text, String json, String... lets) {
        return assertThrows(MatcalcException.class, () -> eval(text, json, lets), text).render();
    }

    @Nested
    class ByHand {
        @ParameterizedTest(name = "{0} = {3}")
        @CsvSource(delimiter = '|', value = {
            // products and transposes
            "W x               | 2 | 1 | -1.5 -2.5",
            "Wᵀ x              | 2 | 1 | -2.5 -3",
            "W' x              | 2 | 1 | -2.5 -3",
            "xᵀ W              | 1 | 2 | -2.5 -3",
            "xᵀ                | 1 | 2 | 0.5 -1",
            "x yᵀ              | 2 | 2 | 1 1.5 -2 -3",
            "W W               | 2 | 2 | 7 10 15 22",
            "W A               | 2 | 2 | 8 7 20 15",
            "α x               | 2 | 1 | 0.15 -0.3",
            "x * α             | 2 | 1 | 0.15 -0.3",
            "x / α             | 2 | 1 | 1.6666666666666667 -3.3333333333333335",
            "-x                | 2 | 1 | -0.5 1",
            "x − y             | 2 | 1 | -1.5 -4",
            "W x + y           | 2 | 1 | 0.5 0.5",
            "2 W − Wᵀ          | 2 | 2 | 1 1 4 4",
            // elementwise
            "x ⊙ y             | 2 | 1 | 1 -3",
            "x .* y            | 2 | 1 | 1 -3",
            "x ⊘ y             | 2 | 1 | 0.25 -0.3333333333333333",
            "x ./ y            | 2 | 1 | 0.25 -0.3333333333333333",
            "W ⊙ A             | 2 | 2 | 4 2 6 12",
            "x.^2              | 2 | 1 | 0.25 1",
            "y.^-1             | 2 | 1 | 0.5 0.3333333333333333",
            "x.^3              | 2 | 1 | 0.125 -1",
            "relu(x)           | 2 | 1 | 0.5 0",
            "abs(x)            | 2 | 1 | 0.5 1",
            "sqrt(y ⊙ y)       | 2 | 1 | 2 3",
            "log(y)            | 2 | 1 | 0.6931471805599453 1.0986122886681098",
            "tanh(0 x)         | 2 | 1 | 0 0",
            "σ(0 x)            | 2 | 1 | 0.5 0.5",
            // powers of matrices and scalars
            "A^2               | 2 | 2 | 18 7 14 11",
            "A²                | 2 | 2 | 18 7 14 11",
            "A^3               | 2 | 2 | 86 39 78 47",
            "α^2               | 1 | 1 | 0.09",
            "α^-1              | 1 | 1 | 3.3333333333333335",
            // the matrix functions
            "tr(A)             | 1 | 1 | 7",
            "tr(W A)           | 1 | 1 | 23",
            "det(A)            | 1 | 1 | 10",
            "det(W)            | 1 | 1 | -2",
            "logdet(A)         | 1 | 1 | 2.302585092994046",
            "inv(A)            | 2 | 2 | 0.3 -0.1 -0.2 0.4",
            "A^-1              | 2 | 2 | 0.3 -0.1 -0.2 0.4",
            "A⁻¹ A             | 2 | 2 | 1 0 0 1",
            "norm(x)           | 1 | 1 | 1.118033988749895",
            "‖W‖               | 1 | 1 | 5.477225575051661",
            "diag(x)           | 2 | 2 | 0.5 0 0 -1",
            "diag(A)           | 2 | 1 | 4 3",
            "dot(x, y)         | 1 | 1 | -2",
            "xᵀ y              | 1 | 1 | -2",
            "sum(W x)          | 1 | 1 | -4",
            "sum(W)            | 1 | 1 | 10",
            // 0 x has the size of x, though x is gone from the expression
            "exp(0 x)          | 2 | 1 | 1 1",
            // the ones vector and the identity, sized by inference
            "𝟏ᵀ x              | 1 | 1 | -0.5",
            "ones' x           | 1 | 1 | -0.5",
            "x + 𝟏             | 2 | 1 | 1.5 0",
            "𝟏 xᵀ + W          | 2 | 2 | 1.5 1 3.5 3",
            "W + I             | 2 | 2 | 2 2 3 5",
            "α I x             | 2 | 1 | 0.15 -0.3",
            "I − x xᵀ          | 2 | 2 | 0.75 0.5 0.5 0",
            // softmax of y = [2, 3]: [1/(1+e), e/(1+e)]
            "softmax(y)        | 2 | 1 | 0.2689414213699951 0.7310585786300049",
            "logsumexp(y)      | 1 | 1 | 3.313261687518223",
            "sum(softmax(W x)) | 1 | 1 | 1",
            // a batch, samples as columns: A's columns [4, 2] and [1, 3] each have the softmax
            // [1/(1+e⁻²), e⁻²/(1+e⁻²)] (in order and reversed), and logsumexp max + log(1 + e⁻²)
            "softmax(A)        | 2 | 2 | 0.8807970779778823 0.11920292202211755 0.11920292202211755 0.8807970779778823",
            "logsumexp(A)      | 1 | 2 | 4.126928011042972 3.1269280110429727",
            "𝟏ᵀ softmax(W)     | 1 | 2 | 1 1",
        })
        void value(String text, int rows, int cols, String entries) {
            double[] want = java.util.Arrays.stream(entries.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            assertValue(rows, cols, want, eval(text));
        }

        @Test
        void sigmoidAndSoftmaxAtHandPickedPoints() {
            // σ(t) = 1/(1 + e^−t); at t = 1: e/(1+e)
            assertValue(2, 1, new double[] {E / (1 + E), 1 / (1 + E)}, eval("σ(v)", "{\"v\": [1, -1]}"));
            assertValue(2, 1, new double[] {E / (1 + E), 1 / (1 + E)}, eval("sigmoid(v)", "{\"v\": [1, -1]}"));
            // softmax is unchanged by a shift
            assertValue(3, 1, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, eval("softmax(v)", "{\"v\": [5, 5, 5]}"));
            assertScalar(5 + Math.log(3), eval("logsumexp(v)", "{\"v\": [5, 5, 5]}"));
        }

        @Test
        void softmaxAndLogsumexpOfABatchAreStableInEachColumn() {
            // each column shifted by its own maximum: a column of 1000s beside one of −1000s
            String point = "{\"Z\": [[1000, -1000], [1000, -1000]]}";
            assertValue(2, 2, new double[] {0.5, 0.5, 0.5, 0.5}, eval("softmax(Z)", point));
            assertValue(1, 2, new double[] {1000 + Math.log(2), -1000 + Math.log(2)}, eval("logsumexp(Z)", point));
            assertValue(2, 2, new double[] {-Math.log(2), -Math.log(2), -Math.log(2), -Math.log(2)}, eval("log(softmax(Z))", point));
        }

        @Test
        void namedIntermediatesAreComputedFromTheirDefinitions() {
            // u = W x = [−1.5, −2.5]
            assertValue(2, 1, new double[] {2.25, 6.25}, eval("u ⊙ u", POINT, "u = W x"));
            assertValue(2, 1, new double[] {Math.tanh(-1.5) + 2, Math.tanh(-2.5) + 3}, eval("h + y", POINT, "u = W x; h = tanh(u)"));
            // the slides' logistic regression: L = −sum(y ⊙ log(ŷ)), ŷ = softmax(W x + b)
            String point = "{\"W\": [[1, 2], [3, 4]], \"x\": [0.5, -1], \"b\": [1.5, 3.5], \"y\": [1, 0]}";
            // W x + b = [0, 1]: ŷ = [1/(1+e), e/(1+e)], L = −log(1/(1+e)) = log(1 + e)
            assertScalar(Math.log(1 + E), eval("L", point, "ŷ = softmax(W x + b); L = -sum(y ⊙ log(ŷ))"));
            assertValue(2, 1, new double[] {1 / (1 + E) - 1, E / (1 + E)}, eval("ŷ − y", point, "ŷ = softmax(W x + b)"));
        }

        @Test
        void asciiNamesInThePointMeanTheSameVariables() {
            assertValue(2, 1, new double[] {0.15, -0.3}, eval("α x"));
            assertScalar(0.7, eval("sum(y_hat)", "{\"ŷ\": [0.2, 0.5]}"));
            assertScalar(0.7, eval("sum(ŷ)", "{\"y_hat\": [0.2, 0.5]}"));
        }

        @Test
        void sharedSubexpressionsAreEvaluatedOnceAndGiveTheSameValue() {
            DMatrixRMaj v = eval("softmax(W x) ⊙ softmax(W x)");
            DMatrixRMaj s = eval("softmax(W x)");
            assertValue(2, 1, new double[] {s.get(0) * s.get(0), s.get(1) * s.get(1)}, v);
        }
    }

    @Nested
    class NumericallyExtremeInputs {
        @Test
        void softmaxOfLargeEntriesDoesNotOverflow() {
            assertValue(2, 1, new double[] {1, 0}, eval("softmax(v)", "{\"v\": [1000, -1000]}"));
            assertValue(3, 1, new double[] {0.5, 0.5, 0}, eval("softmax(v)", "{\"v\": [1000, 1000, -1000]}"));
            assertValue(2, 1, new double[] {0.5, 0.5}, eval("softmax(v)", "{\"v\": [-1000, -1000]}"));
            // 1000 and 999: [e/(1+e), 1/(1+e)]
            assertValue(2, 1, new double[] {E / (1 + E), 1 / (1 + E)}, eval("softmax(v)", "{\"v\": [1000, 999]}"));
        }

        @Test
        void logsumexpOfLargeEntriesDoesNotOverflow() {
            assertScalar(1000 + Math.log(2), eval("logsumexp(v)", "{\"v\": [1000, 1000]}"));
            assertScalar(-1000 + Math.log(2), eval("logsumexp(v)", "{\"v\": [-1000, -1000]}"));
            assertScalar(1000, eval("logsumexp(v)", "{\"v\": [1000, -1000]}"));
        }

        @Test
        void sigmoidOfLargeEntriesIsZeroOrOneNotNaN() {
            DMatrixRMaj s = eval("σ(v)", "{\"v\": [1000, -1000, 0, 800, -800]}");
            assertValue(5, 1, new double[] {1, 0, 0.5, 1, 0}, s);
            for (double d : s.data) assertFalse(Double.isNaN(d));
            // and σ(−30) keeps its precision: e^−30/(1 + e^−30), not 1 − 1/(1 + e^−30)
            assertEquals(Math.exp(-30) / (1 + Math.exp(-30)), eval("σ(v)", "{\"v\": [-30]}").get(0), 1e-25);
        }

        @Test
        void logOfSoftmaxStaysFiniteWhereSoftmaxRoundsToZero() {
            // softmax([1000, 0]) = [1, e^−1000], and e^−1000 is 0 in double precision; its log is −1000
            assertValue(2, 1, new double[] {0, -1000}, eval("log(softmax(z))", "{\"z\": [1000, 0]}"));
            // so the cross-entropy of a confident right answer is 0, not a domain error
            assertScalar(0, eval("-sum(y ⊙ log(softmax(z)))", "{\"z\": [1000, 0], \"y\": [1, 0]}"));
            // and of a confident wrong answer 1000, not infinity
            assertScalar(1000, eval("-sum(y ⊙ log(softmax(z)))", "{\"z\": [1000, 0], \"y\": [0, 1]}"));
        }
    }

    @Nested
    class SizesFromValues {
        @Test
        void symbolicDimensionsTakeTheirSizesFromTheValues() {
            Evaluator ev = new Evaluator(Point.parse("p", "{\"W\": [[1, 2, 3], [4, 5, 6]], \"x\": [1, 0, -1]}"));
            DMatrixRMaj v = ev.evaluate(expr("W x", "W: d x n"));
            assertValue(2, 1, new double[] {-2, -2}, v);
            assertEquals(Map.of("d", 2, "n", 3), ev.sizes());
        }

        @Test
        void literalDimensionsAreCheckedAgainstTheValue() {
            String m = error("W x", POINT, "W: 3 x 2");
            assertEquals("error: the value of W is 2×2, but W is 3×2", m);
        }

        @Test
        void twoValuesThatDisagreeOnADimensionAreBothNamed() {
            String m = error("W x", "{\"W\": [[1, 2], [3, 4]], \"x\": [1, 2, 3]}", "W: d x n");
            assertEquals("error: inconsistent sizes: W is 2×2, so n = 2, but x has length 3 (x is a vector of length n)", m);
        }

        @Test
        void aSizeNothingDeterminesIsAnErrorNotAGuess() {
            String m = assertThrows(MatcalcException.class, () -> new Evaluator(new Point()).evaluate(expr("sum(𝟏)"))).render();
            assertTrue(m.startsWith("error: cannot tell the size"), m);
            assertEquals(4.0, new Evaluator(new Point()).withSize("n_𝟏", 4).evaluate(expr("sum(𝟏)")).get(0), TOL);
        }
    }

    @Nested
    class ClearErrors {
        @Test
        void aMissingVariableIsNamedWithItsShape() {
            assertEquals("error: no value for b (a vector of length d): add \"b\" to the point",
                    error("W x + b", POINT, "W: d x n"));
            assertEquals("error: no value for ŷ (a vector of length n_ŷ): add \"y_hat\" to the point",
                    error("ŷ − y", POINT));
        }

        @Test
        void aRaggedMatrixIsNamed() {
            assertEquals("error: point.json: value of \"W\" is ragged: row 2 has 1 entries, row 1 has 2",
                    error("W x", "{\"W\": [[1, 2], [3]], \"x\": [1, 2]}"));
        }

        @Test
        void aValueOfTheWrongShapeIsNamed() {
            // a matrix where a vector is expected
            assertEquals("error: the value of x is 2×2, but x is a vector of length n_W",
                    error("W x", "{\"W\": [[1, 2], [3, 4]], \"x\": [[1, 2], [3, 4]]}"));
            // a row where a column vector is expected
            assertEquals("error: the value of x is 1×2 (a row; write a vector as a flat list [a, b, …]), but x is a vector of length n",
                    error("W x", "{\"W\": [[1, 2], [3, 4]], \"x\": [[1, 2]]}", "W: d x n"));
            // a list where a scalar is expected
            assertEquals("error: the value of α is a vector of length 2, but α is a scalar",
                    error("α x", "{\"alpha\": [1, 2], \"x\": [1, 2]}"));
            // a number where a vector is expected
            assertEquals("error: the value of x has length 1, but x is a vector of length 2",
                    error("x", "{\"x\": 3}", "x: 2"));
            // a vector where a matrix is expected
            assertEquals("error: the value of W is a vector of length 2, but W is 2×2", error("W", "{\"W\": [1, 2]}", "W: 2 x 2"));
        }

        @Test
        void entriesThatAreNotNumbersAreNamed() {
            assertEquals("error: point.json: value of \"x\": entry 2 is \"two\", not a number",
                    error("x", "{\"x\": [1, \"two\"]}"));
            assertEquals("error: point.json: value of \"W\": entry (2, 1) is null, not a number",
                    error("W", "{\"W\": [[1, 2], [null, 4]]}"));
            assertEquals("error: point.json: value of \"x\" must be a number, a list of numbers (a vector) or a list of rows (a matrix)",
                    error("x", "{\"x\": []}"));
        }

        @Test
        void entriesThatAreNotFiniteAreNamedNotEvaluated() {
            assertEquals("error: point.json: value of \"x\": entry 2 is 1E+400, too large for a double (the largest is about "
                    + "1.8e308); values must be finite numbers", error("sum(x)", "{\"x\": [1, 1e400]}"));
            assertEquals("error: point.json: value of \"x\": entry 1 is NaN, not a number; values must be finite numbers",
                    error("sum(x)", "{\"x\": [NaN, 1]}"));
            assertEquals("error: point.json: value of \"W\": entry (2, 2) is Infinity, not a finite number; values must be finite numbers",
                    error("sum(W)", "{\"W\": [[1, 2], [3, Infinity]]}"));
            // no word of Jackson's
            assertFalse(error("sum(x)", "{\"x\": [NaN, 1]}").contains("JsonReadFeature"));
        }

        @Test
        void valuesThatBreakADeclaredPropertyAreNamed() {
            Point p = Point.parse("p", "{\"S\": [[1, 2], [3, 4]], \"D\": [[1, 0], [1e-3, 1]], \"Q\": [[0, 1], [1, 0]], "
                    + "\"P\": [[1, 0], [0, -1e-3]]}");
            assertEquals("error: S is declared symmetric, but its value is not: S[1][2] = 2 and S[2][1] = 3",
                    assertThrows(MatcalcException.class, () -> Admissible.check(p, Map.of("S", List.of("symmetric")))).render());
            assertEquals("error: D is declared diagonal, but its value is not: D[2][1] = 0.001",
                    assertThrows(MatcalcException.class, () -> Admissible.check(p, Map.of("D", List.of("diagonal")))).render());
            assertTrue(assertThrows(MatcalcException.class, () -> Admissible.check(p, Map.of("P", List.of("spd")))).render()
                    .startsWith("error: P is declared spd (symmetric positive definite), but its value is not positive definite"));
            // a permutation is orthogonal; a symmetric value is symmetric; a difference below 1e-9·‖A‖ is rounding
            Admissible.check(p, Map.of("Q", List.of("orthogonal", "symmetric"), "P", List.of("diagonal", "symmetric")));
            Admissible.check(Point.parse("p", "{\"S\": [[1e6, 2], [2.0000001, 1e6]]}"), Map.of("S", List.of("symmetric")));
        }

        @Test
        void malformedJsonGivesThePlaceAndNoJacksonInternals() {
            String m = error("W x", "{\"W\": [[1, 2], [3, 4]], \"x\": [0.5, -1");
            assertTrue(m.startsWith("error: point.json:1:"), m);
            assertTrue(m.contains("malformed JSON"), m);
            for (String leak : new String[] {"Source", "REDACTED", "StreamReadFeature", "Exception", "com.fasterxml"}) {
                assertFalse(m.contains(leak), m);
            }
            String notAnObject = error("x", "[1, 2]");
            assertEquals("error: point.json: expected a JSON object of values, like {\"x\": [1, 2], \"alpha\": 0.5}", notAnObject);
            assertTrue(error("x", "{\"x\": [1, 2],}").contains("malformed JSON"));
        }

        @Test
        void valuesOutsideAFunctionsDomainNameTheSubexpression() {
            assertEquals("error: log needs positive entries, but entry 1 of its argument is -1.5 in log(W x)", error("log(W x)", POINT));
            assertEquals("error: the matrix is singular in M⁻¹", error("inv(M)", "{\"M\": [[1, 2], [2, 4]]}"));
            assertTrue(error("logdet(W)", POINT).startsWith("error: logdet needs a positive determinant, but det = -2"));
        }

        @Test
        void anUndeclaredFunctionHasNoValue() {
            assertEquals("error: h is an undeclared function, so h(x) has no value; replace it with a known function (tanh, sigmoid, relu, …)",
                    error("h(x)", POINT));
        }

        @Test
        void aFileThatDoesNotExistIsNamed() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Point.load(java.nio.file.Path.of("no/such/point.json")));
            assertEquals("error: cannot read no/such/point.json: no such file", e.render());
        }
    }

    /** Sizes along product dimensions (x: n·m) from the values: checked, solved for a factor, or kept whole. */
    @Nested
    class ProductSizes {
        Evaluator sized(String json, String... lets) {
            Context c = new Context();
            for (String let : lets) c.let("--let", let);
            return new Evaluator(Point.parse("point.json", json)).sizesFrom(c.check("input", "x").variables());
        }

        @Test
        void aProductAloneHasTheSizeOfItsValue() {
            // nothing fixes n and m apart, but 𝟏 has the length of x: 6
            assertScalar(21, eval("𝟏ᵀ x", "{\"x\": [1, 2, 3, 4, 5, 6]}", "x: n*m"));
        }

        @Test
        void aKnownFactorGivesTheOther() {
            Evaluator ev = sized("{\"x\": [1, 2, 3, 4, 5, 6], \"y\": [1, 1]}", "x: n*m; y: n");
            ev.evaluate(expr("x", "x: n*m"));
            assertEquals(Map.of("n", 2, "m", 3), ev.sizes());
            assertEquals(Map.of("n", 3), sized("{\"x\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}", "x: n*n").sizes());
        }

        @Test
        void aMatrixWithAProductSide() {
            // A: k x n·m is 2×6, x has 6 entries and y (n) has 3, so m = 2
            String point = "{\"A\": [[1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 1, 0]], \"x\": [1, 2, 3, 4, 5, 6], \"y\": [1, 2, 3]}";
            assertValue(2, 1, new double[] {7, 7}, eval("A x", point, "x: n*m; A: k x n*m; y: n"));
            assertEquals(Map.of("k", 2, "n", 3, "m", 2), sized(point, "x: n*m; A: k x n*m; y: n").sizes());
        }

        @Test
        void aValueThatNoFactorFits() {
            String m = error("x", "{\"x\": [1, 2, 3, 4, 5, 6, 7], \"y\": [1, 1]}", "x: n*m; y: n");
            assertEquals("error: inconsistent sizes: x has length 7, but x is a vector of length m·n, and m·n cannot be 7"
                    + " when n = 2 (y has length 2)", m);
        }

        @Test
        void aValueThatTheFactorsContradict() {
            String m = error("x", "{\"x\": [1, 2, 3, 4, 5, 6, 7], \"y\": [1, 1], \"z\": [1, 1, 1]}", "x: n*m; y: n; z: m");
            assertEquals("error: inconsistent sizes: x has length 7, but x is a vector of length m·n, and m·n = 6 as"
                    + " m = 3 (z has length 3) and n = 2 (y has length 2)", m);
        }

        @Test
        void twoValuesOfOneProductDisagree() {
            String m = error("x + w", "{\"x\": [1, 2, 3, 4, 5, 6], \"w\": [1, 2, 3, 4]}", "x, w: n*m");
            assertEquals("error: inconsistent sizes: w has length 4, but x has length 6 (both sizes are m·n)", m);
        }

        @Test
        void aFactorSolvedFromAProductIsNamedInLaterClashes() {
            String point = "{\"x\": [1, 2, 3, 4, 5, 6], \"y\": [1, 1], \"W\": [[1, 2]]}";
            assertEquals("error: inconsistent sizes: x has length 6, but x is a vector of length m·n, and m·n = 4 as"
                    + " m = 2 (W is 1×2) and n = 2 (y has length 2)", error("x", point, "x: n*m; y: n; W: 1 x m"));
            // x and y first: m = 3 comes from x, and W then contradicts it
            Evaluator ev = sized(point, "x: n*m; y: n");
            MatcalcException e = assertThrows(MatcalcException.class, () -> ev.evaluate(expr("W", "W: 1 x m")));
            assertEquals("inconsistent sizes: x has length 6 (m·n) and n = 2, so m = 3, but W is 1×2 (W is 1×m)", e.getMessage());
        }
    }
}
