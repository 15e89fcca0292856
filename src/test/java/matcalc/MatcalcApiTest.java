package matcalc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.syntax.MatcalcException;
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

    static Map<String, Matrix> point() {
        Map<String, Matrix> p = new HashMap<>();
        p.put("W", Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        p.put("x", Matrix.column(1, 0, -1));
        p.put("b", Matrix.column(0.5, -0.5));
        p.put("y", Matrix.column(1, 0));
        return p;
    }

    static void assertMatrix(double[][] expected, Matrix got) {
        assertEquals(expected.length + "×" + expected[0].length, got.rows() + "×" + got.cols(), "shape");
        double[][] rows = got.toArray();
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], rows[i], 1e-12, "row " + (i + 1));
    }

    static Session logisticSession() {
        return Matcalc.session().let("W: d x n").assume("sum(y) = 1");
    }

    @Nested
    class Derive {
        @Test
        void theSlidesLogisticRegressionGradient() {
            DerivativeResult r = logisticSession().derive(LOSS, "W");
            assertEquals("(softmax(W x + b) − y) xᵀ", r.text());
            assertEquals("(softmax(W x + b) - y) x'", r.ascii());
            assertEquals("\\left(\\operatorname{softmax}\\left(\\mathbf{W} \\mathbf{x} + \\mathbf{b}\\right) - \\mathbf{y}\\right) \\mathbf{x}^\\top",
                    r.latex());
            assertEquals(List.of("d", "n"), r.shape());
            assertEquals("d×n", r.shapeText());
            assertEquals("W", r.wrt());
            assertEquals(Layout.NUMERATOR, r.layout());
            assertFalse(r.isTensor());
            assertEquals(r.text(), r.toString());
        }

        @Test
        void aJacobianWrittenOutAsAMatrix() {
            Session s = new Session().let("X: m x n; A: p x m; B: n x q");
            DerivativeResult r = s.explicit("A X B", "X");
            assertEquals("Bᵀ ⊗ A", r.text());
            assertTrue(r.verification().passed(), r.verification().detail());
            // its value is the (p·q)×(m·n) matrix: at m = n = p = q = 1, the product of the scalars
            Matrix v = new Session().let("X, A, B: 1 x 1").explicit("A X B", "X")
                    .value(Map.of("X", Matrix.scalar(5), "A", Matrix.scalar(2), "B", Matrix.scalar(3)));
            assertEquals(6.0, v.get(0, 0), 0.0);
        }

        @Test
        void itIsCheckedNumericallyBeforeItIsReturned() {
            DerivativeResult r = logisticSession().derive(LOSS, "W");
            assertTrue(r.verified(), r.verification().detail());
            assertTrue(r.verification().passed(), r.verification().detail());
            assertEquals(3, r.verification().points());
            assertFalse(r.verification().mismatch());
        }

        @Test
        void itsValueAtAPoint() {
            Matrix v = logisticSession().derive(LOSS, "W").value(point());
            // (ŷ − y) xᵀ = [−D, D]ᵀ [1, 0, −1]
            assertMatrix(new double[][] {{-D, 0, D}, {D, 0, -D}}, v);
        }

        @Test
        void withoutTheAssumptionTheGeneralForm() {
            DerivativeResult r = Matcalc.derive(LOSS, "W", "W: d x n");
            assertEquals("(sum(y) softmax(W x + b) − y) xᵀ", r.text());
            // at y = [1, 1]: (2 ŷ − y) xᵀ
            Map<String, Matrix> p = point();
            p.put("y", Matrix.column(1, 1));
            double a = 2 * E / (1 + E) - 1;
            assertMatrix(new double[][] {{a, 0, -a}, {-a, 0, a}}, r.value(p));
        }

        @Test
        void namedIntermediatesAreUsedInTheResultAndComputedForItsValue() {
            DerivativeResult r = Matcalc.session().let("W: d x n; ŷ = softmax(W x + b)").assume("sum(y) = 1")
                    .derive("-sum(y ⊙ log(ŷ))", "b");
            assertEquals("(ŷ − y)ᵀ", r.text());
            assertEquals("\\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right)^\\top", r.latex());
            assertEquals("1×d", r.shapeText());
            // the point has no ŷ: it is computed from its definition
            assertMatrix(new double[][] {{-D, D}}, r.value(point()));
        }

        @Test
        void aVectorValuedFunctionOfAMatrixIsATensor() {
            DerivativeResult r = Matcalc.derive("W x + b", "W", "W: d x n");
            assertTrue(r.isTensor());
            assertEquals(List.of("d", "d", "n"), r.shape());
            assertEquals("δᵀ xᵀ", r.text());
            assertThrows(IllegalStateException.class, () -> r.value(point()));
            List<Matrix> slices = r.slices(point());
            assertEquals(2, slices.size());
            // slice i is ∂(W x + b)_i/∂W: xᵀ in row i
            assertMatrix(new double[][] {{1, 0, -1}, {0, 0, 0}}, slices.get(0));
            assertMatrix(new double[][] {{0, 0, 0}, {1, 0, -1}}, slices.get(1));
        }

        @Test
        void asciiSpellingsWorkAsWell() {
            DerivativeResult r = Matcalc.session().let("W: d x n; y_hat = softmax(W x + b)").assume("sum(y) = 1")
                    .derive("-sum(y .* log(y_hat))", "W");
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
            assertMatrix(new double[][] {{3 * D, 3 * D, 3 * D}}, logistic().derive("-sum(y ⊙ log(ŷ))", "x").value(point()));
            assertMatrix(new double[][] {{3 * D}, {3 * D}, {3 * D}}, den.value(point()));
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
            assertEquals("the check is turned off", off.verification().detail());
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
            assertTrue(e.render().startsWith("let#2:1:5: error: unknown function 'softmx': did you mean softmax?"), e.render());
        }

        @Test
        void anUnknownVariableHasNoPlaceButASuggestion() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.derive(LOSS, "w"));
            assertNull(e.diagnostic().span());
            // the library does not speak of --wrt: each edge says how the variable was asked for
            assertEquals("error: there is no variable w in the expression; did you mean W? (its variables: W, b, x, y)", e.render());
            assertEquals("w", e.subject());
            assertEquals("error: --wrt w: there is no variable w in the expression; did you mean W? (its variables: W, b, x, y)",
                    e.render("--wrt "));
        }

        @Test
        void aMissingValueNamesTheVariable() {
            DerivativeResult r = Matcalc.derive("sum(c ⊙ (W x))", "W", "W: d x n");
            Map<String, Matrix> p = point();
            MatcalcException e = assertThrows(MatcalcException.class, () -> r.value(p));
            assertEquals("error: no value for c (a vector of length d): add \"c\" to the point", e.render());
        }

        @Test
        void nullIsAnIllegalArgumentNamingWhatIsMissing() {
            Session s = Matcalc.session();
            assertEquals("expression must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.derive(null, "x")).getMessage());
            assertEquals("wrt must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.derive("sum(x)", null)).getMessage());
            assertEquals("statements must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.let(null)).getMessage());
            assertEquals("equation must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.assume(null)).getMessage());
            assertEquals("answer must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.check("sum(x)", "x", null)).getMessage());
            assertEquals("layout must not be null",
                    assertThrows(IllegalArgumentException.class, () -> s.layout(null)).getMessage());
            assertEquals("a declaration must not be null",
                    assertThrows(IllegalArgumentException.class, () -> Matcalc.derive("sum(x)", "x", (String) null)).getMessage());
            assertEquals("point must not be null",
                    assertThrows(IllegalArgumentException.class, () -> Matcalc.derive("sum(x)", "x").value(null)).getMessage());
        }

        @Test
        void anAssumptionPassedAsADeclarationIsAnIllegalArgumentThatSaysWhereItGoes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Matcalc.derive(LOSS, "W", "W: d x n", "sum(y) = 1"));
            assertEquals("'sum(y) = 1' is an assumption, not a declaration or a named intermediate: "
                    + "pass it to assume(\"sum(y) = 1\")", e.getMessage());
            IllegalArgumentException withWord = assertThrows(IllegalArgumentException.class,
                    () -> Matcalc.session().let("x: n; assume sum(y) = 1"));
            assertEquals("'assume sum(y) = 1' is an assumption, not a declaration or a named intermediate: "
                    + "pass it to assume(\"sum(y) = 1\")", withWord.getMessage());
            // a named intermediate is not an assumption
            assertEquals("(ŷ − y)ᵀ", Matcalc.session().let("ŷ = softmax(W x + b)").assume("sum(y) = 1")
                    .derive("-sum(y ⊙ log(ŷ))", "b").text());
        }
    }

    @Nested
    class ValuesChecksAndHessians {
        @Test
        void evalTakesAndGivesMatcalcMatrices() {
            Matrix v = Matcalc.session().eval("W x + b", point());
            assertMatrix(new double[][] {{-1.5}, {-2.5}}, v);
            assertEquals(Matrix.column(-1.5, -2.5), v);
            assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        }

        @Test
        void checkingAnAnswerInTheSessionsLayout() {
            Session s = logisticSession().let("ŷ = softmax(W x + b)");
            CheckResult wrong = s.check(LOSS, "b", "ŷ − y");
            assertFalse(wrong.correct());
            assertTrue(wrong.diagnosis().contains("it is the transpose"), wrong.diagnosis());
            CheckResult either = s.layout(Layout.EITHER).check(LOSS, "b", "ŷ − y");
            assertTrue(either.correct());
            assertEquals(Layout.DENOMINATOR, either.layout());
            assertEquals("correct: ŷ − y is ∂f/∂b for f = −sum(y ⊙ log(softmax(W x + b)))\n"
                    + "  shape d×1 (denominator layout); equal to matcalc's derivative after simplification", either.report(false));
            // a derivative is never asked for in layout either
            MatcalcException e = assertThrows(MatcalcException.class, () -> s.derive(LOSS, "b"));
            assertTrue(e.getMessage().startsWith("layout either is for checking answers"), e.getMessage());
        }

        @Test
        void aHessianThroughTheSession() {
            DerivativeResult h = Matcalc.session().let("x: n; A: m x n; b: m").hessian("0.5 norm(A x − b)^2", "x");
            assertEquals("Aᵀ A", h.text());
            assertEquals(List.of("n", "n"), h.shape());
            assertTrue(h.verified());
            assertEquals("""
                    ∂²/∂x∂xᵀ 0.5 ‖A x − b‖^2
                      = Aᵀ A
                      shape n×n; checked against finite differences of the gradient at 3 random points""", h.report());
        }

        @Test
        void aResultReportsItselfAsTheCommandLinePrintsIt() {
            Session s = logisticSession().let("ŷ = softmax(W x + b)");
            DerivativeResult r = s.derive(LOSS, "W");
            matcalc.cli.CliRun.Run cli = matcalc.cli.CliRun.run("diff", "--let", "W: d x n; ŷ = softmax(W x + b)",
                    "--assume", "sum(y) = 1", "--wrt", "W", LOSS);
            assertEquals(cli.out(), r.report() + "\n");
            matcalc.cli.CliRun.Run latex = matcalc.cli.CliRun.run("diff", "--format", "latex", "--let",
                    "W: d x n; ŷ = softmax(W x + b)", "--assume", "sum(y) = 1", "--wrt", "W", LOSS);
            assertEquals(latex.out(), r.equation() + "\n");
        }
    }
}
