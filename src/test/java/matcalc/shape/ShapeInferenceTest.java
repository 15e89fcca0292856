package matcalc.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shape inference: declared symbolic dimensions, dimensions inferred by unification across an
 * expression and across --let definitions, the kinds names get from their spelling, and the
 * messages when shapes cannot be unified.
 */
class ShapeInferenceTest {

    /** Checks expr against a context made of the given --let lines (each may hold several, with ';'). */
    static Context.Checked check(String expr, String... lets) {
        Context c = new Context();
        for (String let : lets) c.let("--let", let);
        return c.check("input", expr);
    }

    static String shapeOf(String expr, String... lets) {
        return check(expr, lets).expr().shape().toString();
    }

    static Map<String, Shape> variables(String expr, String... lets) {
        return check(expr, lets).variables();
    }

    static MatcalcException error(String expr, String... lets) {
        return assertThrows(MatcalcException.class, () -> check(expr, lets), expr);
    }

    static Dim rows(Map<String, Shape> vars, String name) {
        return vars.get(name).rows();
    }

    static Dim cols(Map<String, Shape> vars, String name) {
        return vars.get(name).cols();
    }

    @Nested
    class DeclaredDimensions {
        @Test
        void affineMapHasTheRowsOfW() {
            Context.Checked c = new Context().let("--let", "W: d x n").check("input", "W x + b");
            assertEquals(Shape.vector(Dim.sym("d")), c.expr().shape());
            // x and b were not declared: their lengths come from W
            assertEquals(Shape.vector(Dim.sym("n")), c.variables().get("x"));
            assertEquals(Shape.vector(Dim.sym("d")), c.variables().get("b"));
            assertEquals(Shape.matrix(Dim.sym("d"), Dim.sym("n")), c.variables().get("W"));
        }

        @ParameterizedTest(name = "{0} with {1} has shape {2}")
        @CsvSource(delimiter = '|', value = {
            "W x            | W: d x n; x: n          | d×1",
            "xᵀ             | x: n                    | 1×n",
            "xᵀ y           | x, y: n                 | 1×1",
            "x yᵀ           | x: n; y: m              | n×m",
            "W' W           | W: d x n                | n×n",
            "W Wᵀ + α I     | W: d x n                | d×d",
            "diag(x)        | x: n                    | n×n",
            "diag(A)        | A: n x n                | n×1",
            "tr(A B)        | A: n x m; B: m x n      | 1×1",
            "det(A)⁻¹ A⁻¹   | A: k x k                | k×k",
            "A^3            | A: k x k                | k×k",
            "softmax(W x)   | W: d x n                | d×1",
            "sum(W)         | W: d x n                | 1×1",
            "‖W x‖          | W: d x n                | 1×1",
            "x.^2 ⊘ y       | x: n                    | n×1",
            "W x            | W: 3 x 4                | 3×1",
            "W x            | W ∈ ℝ^{d×n}             | d×1",
            "W x            | W in R^{d x n}          | d×1",
            "x + y          | x ∈ ℝ^n                 | n×1",
            "x + y          | x in R^3                | 3×1",
            "W x            | W: d × n                | d×1",
        })
        void shapes(String expr, String lets, String shape) {
            assertEquals(shape, shapeOf(expr, lets));
        }

        @Test
        void literalSizesPropagate() {
            Map<String, Shape> v = variables("W x + b", "W: 3 x 4");
            assertEquals(Shape.vector(Dim.of(4)), v.get("x"));
            assertEquals(Shape.vector(Dim.of(3)), v.get("b"));
        }

        @Test
        void aSymbolIsTheSameDimensionInEveryDeclaration() {
            // n in W's declaration is n in x's: W x needs no further information
            assertEquals("d×1", shapeOf("W x", "W: d x n", "x: n"));
        }
    }

    @Nested
    class InferredDimensions {
        @Test
        void undeclaredNamesGetFreshDimensionsThatUnify() {
            Map<String, Shape> v = variables("W x + b");
            assertEquals(cols(v, "W"), rows(v, "x"), "W x ties the columns of W to the length of x");
            assertEquals(rows(v, "W"), rows(v, "b"), "W x + b ties the rows of W to the length of b");
            assertNotEquals(rows(v, "W"), cols(v, "W"), "nothing says W is square");
            assertInstanceOf(Dim.Sym.class, rows(v, "W"));
            assertInstanceOf(Dim.Sym.class, cols(v, "W"));
            // unknowns are named after where they come from, so messages can talk about them
            assertEquals("m_W", rows(v, "W").toString());
            assertEquals("n_W", cols(v, "W").toString());
        }

        @Test
        void aChainOfProductsUnifiesNeighbours() {
            Map<String, Shape> v = variables("A B C x");
            assertEquals(cols(v, "A"), rows(v, "B"));
            assertEquals(cols(v, "B"), rows(v, "C"));
            assertEquals(cols(v, "C"), rows(v, "x"));
            assertEquals(Shape.vector(rows(v, "A")), check("A B C x").expr().shape());
        }

        @Test
        void sumsAndHadamardProductsUnifyBothSides() {
            Map<String, Shape> v = variables("x ⊙ y + z ⊘ w");
            Dim n = rows(v, "x");
            for (String name : List.of("y", "z", "w")) assertEquals(Shape.vector(n), v.get(name), name);
        }

        @Test
        void aSquareUseMakesAMatrixSquare() {
            Map<String, Shape> v = variables("tr(A) + det(B) + logdet(C) + sum(inv(D))");
            for (String name : List.of("A", "B", "C", "D")) assertEquals(rows(v, name), cols(v, name), name);
            Map<String, Shape> plus = variables("A + Aᵀ");
            assertEquals(rows(plus, "A"), cols(plus, "A"));
        }

        @Test
        void innerProductGivesEqualLengths() {
            Map<String, Shape> v = variables("xᵀ y");
            assertEquals(v.get("x"), v.get("y"));
            assertTrue(check("xᵀ y").expr().shape().isScalar());
        }

        @Test
        void declaredDimensionsFlowIntoUndeclaredNames() {
            Map<String, Shape> v = variables("V (W x + b) + c", "W: d x n");
            assertEquals(Shape.vector(Dim.sym("n")), v.get("x"));
            assertEquals(Dim.sym("d"), cols(v, "V"));
            assertEquals(rows(v, "V"), rows(v, "c"));
        }

        @Test
        void definitionsTakePartInUnification() {
            // u = W x comes from --let; b in the expression must then have W's row count
            Context.Checked c = check("u + b", "W: d x n", "u = W x");
            assertEquals(Shape.vector(Dim.sym("d")), c.expr().shape());
            assertEquals(Shape.vector(Dim.sym("d")), c.variables().get("b"));
            assertEquals(Shape.vector(Dim.sym("n")), c.variables().get("x"));
            assertEquals(Shape.vector(Dim.sym("d")), c.definitions().get("u").shape());
        }

        @Test
        void definitionsChainAcrossSeveralLets() {
            Context.Checked c = check("V h2", "x: n", "h1 = tanh(W1 x)", "h2 = σ(W2 h1)", "W2: k x m");
            Map<String, Shape> v = c.variables();
            assertEquals(Dim.sym("m"), rows(v, "W1"), "W2 h1 ties the rows of W1 to the columns of W2");
            assertEquals(Dim.sym("n"), cols(v, "W1"));
            assertEquals(Dim.sym("k"), cols(v, "V"));
            assertEquals(Shape.vector(Dim.sym("k")), c.definitions().get("h2").shape());
        }

        @Test
        void undeclaredDimensionsInADefinitionAreFixedByTheExpression() {
            // nothing in u = A x says how long x is; the expression says it is n
            Map<String, Shape> v = variables("u + y", "y: n", "u = A x");
            assertEquals(Shape.vector(Dim.sym("n")), new Shape(rows(v, "A"), Dim.ONE));
        }

        @Test
        void aCallOnAVariableIsAProduct() {
            // W(x + b) multiplies, h(x) applies an undeclared function
            Context.Checked product = check("W(x + b)", "W: d x n");
            assertEquals("d×1", product.expr().shape().toString());
            assertEquals(Shape.vector(Dim.sym("n")), product.variables().get("b"));
            Context.Checked call = check("h(x)", "x: n");
            assertInstanceOf(Expr.UserFn.class, call.expr());
            assertEquals(Shape.vector(Dim.sym("n")), call.expr().shape());
        }
    }

    @Nested
    class DefaultKinds {
        @ParameterizedTest(name = "{0} is a {1}")
        @CsvSource({
            "W, matrix", "A, matrix", "W1, matrix", "X_2, matrix",
            "x, vector", "b, vector", "ŷ, vector", "y_hat, vector", "h1, vector", "x_i, vector",
            "α, scalar", "alpha, scalar", "β, scalar", "λ1, scalar", "σ_2, scalar", "Σ, scalar",
        })
        void kindFromSpelling(String name, String kind) {
            Shape s = check(name).expr().shape();
            assertEquals(kind, s.isScalar() ? "scalar" : s.isVector() ? "vector" : s.isMatrix() ? "matrix" : "other " + s);
        }

        @ParameterizedTest(name = "{1} makes {0} a {2}")
        @CsvSource(delimiter = '|', value = {
            "A | A: scalar        | 1×1",
            "x | x: n x n         | n×n",
            "α | α: n             | n×1",
            "W | W: n             | n×1",
            "ŷ | ŷ: 3             | 3×1",
            "alpha | alpha: k x k | k×k",
            "loss | loss: scalar  | 1×1",
            "hidden | hidden: n   | n×1",
        })
        void declarationsOverrideTheSpelling(String name, String decl, String shape) {
            assertEquals(shape, shapeOf(name, decl));
        }

        @Test
        void asciiAndUnicodeSpellingsAreOneName() {
            Map<String, Shape> v = variables("alpha x + α y + y_hat", "x: n");
            assertEquals(Map.of("x", Shape.vector(Dim.sym("n")), "y", Shape.vector(Dim.sym("n")),
                    "ŷ", Shape.vector(Dim.sym("n")), "α", Shape.SCALAR), v);
        }

        @Test
        void identityIsSizedByInference() {
            Expr sum = check("A + I", "A: n x n").expr();
            assertEquals(Shape.matrix(Dim.sym("n"), Dim.sym("n")), sum.shape());
            Expr identity = sum.children().get(1);
            assertInstanceOf(Expr.Identity.class, identity);
            assertEquals(Shape.matrix(Dim.sym("n"), Dim.sym("n")), identity.shape());
            // next to W, I takes W's row count, and vanishes from the product
            Expr product = check("I W", "W: d x n").expr();
            assertEquals(Shape.matrix(Dim.sym("d"), Dim.sym("n")), product.shape());
            assertInstanceOf(Expr.Var.class, product);
        }

        @Test
        void onesIsSizedByInference() {
            Expr e = check("𝟏ᵀ x", "x: n").expr();
            assertTrue(e.shape().isScalar());
            Expr ones = ((Expr.Transpose) ((Expr.Mul) e).chain().get(0)).arg();
            assertEquals(Shape.vector(Dim.sym("n")), ones.shape());
            assertEquals(Shape.vector(Dim.sym("k")), check("W ones", "W: d x k").expr().children().get(1).shape());
            assertEquals(Shape.vector(Dim.sym("d")), check("x + α 𝟏", "x: d").expr().shape());
        }

        @Test
        void onesAndIdentityAloneGetTheirOwnUnknownSize() {
            Shape ones = check("𝟏").expr().shape();
            assertTrue(ones.isVector());
            Shape identity = check("I").expr().shape();
            assertTrue(identity.isSquare() && identity.isMatrix());
            // two uses of I are two identities, possibly of different sizes
            Map<String, Shape> v = variables("I x + y");
            assertEquals(v.get("x"), v.get("y"));
        }

        @Test
        void longerNamesMustBeDeclared() {
            MatcalcException e = error("loss + x");
            assertTrue(e.getMessage().startsWith("unknown name 'loss'"), e.render());
        }
    }

    @Nested
    class UnificationFailures {
        @Test
        void productWithTheWrongLength() {
            MatcalcException e = error("W x", "W: d x n", "x: k");
            assertEquals("""
                    input:1:1: error: shape mismatch: W is d×n, so W x needs x of length n, but x has length k
                      W x
                      ^~~""", e.render());
        }

        @Test
        void literalSizesDoNotUnifyWithDifferentSizesOrWithSymbols() {
            assertEquals("shape mismatch: W is 3×4, so W x needs x of length 4, but x has length 3",
                    error("W x", "W: 3 x 4; x: 3").getMessage());
            assertEquals("shape mismatch: W is d×n, so W x needs x of length n, but x has length 3",
                    error("W x", "W: d x n; x: 3").getMessage());
        }

        @Test
        void anInferredDimensionClashesLater() {
            // A x fixes A's columns to n, so A y with y of length m cannot follow
            MatcalcException e = error("A x + A y", "x: n; y: m");
            assertEquals("""
                    input:1:7: error: shape mismatch: A is m_A×n, so A y needs y of length n, but y has length m
                      A x + A y
                            ^~~""", e.render());
        }

        @Test
        void aDefinitionFixesADimensionThatTheExpressionContradicts() {
            MatcalcException e = error("u + b", "W: d x n", "b: k", "u = W x");
            assertEquals("""
                    input:1:1: error: cannot add u (a vector of length d) and b (a vector of length k)
                      u + b
                      ^~~~~""", e.render());
        }

        @Test
        void scalarPlusVector() {
            MatcalcException e = error("x + α", "x: n");
            assertEquals("""
                    input:1:1: error: cannot add x (a vector of length n) and α (a scalar); to add a scalar to every entry, multiply it by 𝟏 (α 𝟏)
                      x + α
                      ^~~~~""", e.render());
        }

        @Test
        void hadamardOfDifferentLengths() {
            MatcalcException e = error("x ⊙ y", "x: n; y: m");
            assertEquals("""
                    input:1:1: error: ⊙ needs operands of the same shape, but x has length n and y has length m
                      x ⊙ y
                      ^~~~~""", e.render());
        }

        @Test
        void innerProductOfDifferentLengths() {
            MatcalcException e = error("xᵀ y", "x: n; y: m");
            assertEquals("""
                    input:1:1: error: shape mismatch: xᵀ y needs two vectors of the same length, but xᵀ is 1×n and y has length m
                      xᵀ y
                      ^~~~""", e.render());
        }

        @Test
        void nonSquareWhereSquareIsNeeded() {
            assertEquals("""
                    input:1:4: error: tr needs a square matrix, but W is d×n
                      tr(W)
                         ^""", error("tr(W)", "W: d x n").render());
            assertEquals("cannot add W (d×n) and Wᵀ (n×d)", error("W + Wᵀ", "W: d x n").getMessage());
            assertEquals("a matrix power needs a square matrix, but W is d×n", error("W^2", "W: d x n").getMessage());
            assertEquals("A is declared symmetric but is not square: d×n", error("A", "A: d x n symmetric").getMessage());
        }

        @Test
        void identityNextToANonSquareSum() {
            // I's size unifies with W's rows first, so the message shows it as d×d
            assertEquals("cannot add W (d×n) and I (d×d)", error("W + I", "W: d x n").getMessage());
        }

        @Test
        void softmaxAndDiagNeedColumns() {
            assertEquals("softmax needs a column vector or a matrix of columns, but xᵀ is 1×n; softmax acts on each column: "
                    + "for a row vector vᵀ write softmax(vᵀ)ᵀ", error("softmax(xᵀ)", "x: n").getMessage());
            assertEquals("diag needs a column vector or a square matrix, but xᵀ is 1×n; transpose it first",
                    error("diag(xᵀ)", "x: n").getMessage());
        }

        @Test
        void aFailedLetLeavesTheContextAsItWas() {
            Context c = new Context().let("--let", "x: n");
            assertThrows(MatcalcException.class, () -> c.let("--let", "u = x + α"));
            assertFalse(c.definitions().containsKey("u"));
            assertThrows(MatcalcException.class, () -> c.let("--let", "y: m; z = x + y"));
            assertFalse(c.definitions().containsKey("z"));
            assertEquals("n×1", c.check("input", "x").expr().shape().toString());
        }

        @Test
        void aFailedLetIsReportedAtItsOwnSource() {
            MatcalcException e = assertThrows(MatcalcException.class,
                    () -> new Context().let("--let", "W: d x n").let("--let", "u = W y; y: k"));
            assertTrue(e.render().startsWith("--let:1:"), e.render());
        }

        @Test
        void everyFailureIsAMatcalcExceptionWithACaret() {
            List<String> failing = new ArrayList<>(List.of("x + α", "W x", "xᵀ y", "x ⊙ W", "x / y", "x^2",
                    "softmax(xᵀ)", "diag(xᵀ)", "tr(W)", "α^x"));
            for (String expr : failing) {
                MatcalcException e = error(expr, "W: d x n; x: k; y: m");
                String[] lines = e.render().split("\n");
                assertTrue(lines[0].startsWith("input:1:"), e.render());
                assertEquals("  " + expr, lines[1], e.render());
                assertTrue(lines[2].trim().startsWith("^"), e.render());
            }
        }
    }

    /** Spellings people type for the same thing: each reads as the canonical form beside it. */
    @Nested
    class Notations {
        @ParameterizedTest(name = "{0} reads as {1}")
        @CsvSource(delimiter = '|', value = {
            "tr(A^{-1})    | tr(A⁻¹)",
            "tr(A^(-1))    | tr(A⁻¹)",
            "tr(A^{T} A)   | tr(Aᵀ A)",
            "tr(A^⊤ A)     | tr(Aᵀ A)",
            "tr(A^-T B)    | tr(inv(A)ᵀ B)",
            "tr(A^{-T} B)  | tr(inv(A)ᵀ B)",
            "tr(A⁻ᵀ B)     | tr(inv(A)ᵀ B)",
            "α^{-1}        | α^-1",
            "trace(A)      | tr(A)",
            "sum(ln(x))    | sum(log(x))",
            "inverse(A)    | inv(A)",
            "1 - y         | 𝟏 − y",
            "x + 5         | x + 5 𝟏",
            "y' - 1        | yᵀ − 𝟏ᵀ",
            "1 ./ x        | 𝟏 ⊘ x",
            "x ./ 2        | 0.5 x",
            "2 .* X        | 2 X",
        })
        void readsAs(String typed, String canonical) {
            assertEquals(check(canonical, "T: scalar").expr(), check(typed, "T: scalar").expr(), typed);
        }

        @Test
        void aParenthesisedTIsAName() {
            // the printer writes a power by a scalar named T as α^(T); ^T alone is the transpose
            assertTrue(check("α^(T)", "T: scalar").expr().shape().isScalar());
            assertEquals("α^(T)", check("α^(T)", "T: scalar").expr().toString());
        }

        @ParameterizedTest(name = "W: {0} is {1}")
        @CsvSource({"dxn, d×n", "nxn, n×n", "nx3, n×3", "3x2, 3×2", "dx, dx×1"})
        void anXTypedWithoutSpacesSeparatesTwoDimensions(String type, String shape) {
            assertEquals(shape, check("W", "W: " + type).variables().get("W").toString());
        }

        @Test
        void aScalarVariableIsNotSpreadOverAVector() {
            // x + α may be a slip; α 𝟏 says what is meant. A number is spread: x + 5 is x + 5 𝟏.
            error("x + α", "x: n");
            error("x ⊘ α", "x: n");
            error("1 - A", "A: n x n");
        }
    }

    /**
     * Product dimensions (n·m, the length of vec(X)): declared as n*m or n·m, printed m·n (the factors
     * sorted), unified where the products are equal, and reported where they are not.
     */
    @Nested
    class ProductDimensions {
        final Dim mn = Dim.product(Dim.sym("n"), Dim.sym("m"));

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "x: n*m               | x | m·n×1",
            "x: n·m               | x | m·n×1",
            "x: n⋅m               | x | m·n×1",
            "x: m * n             | x | m·n×1",
            "x ∈ ℝ^{n·m}          | x | m·n×1",
            "x ∈ R^(n*m)          | x | m·n×1",
            "x: 2*n*3             | x | 6·n×1",
            "x: 1*n               | x | n×1",
            "x: 2*3               | x | 6×1",
            "x: n*m*n             | x | m·n·n×1",
            "W: n*m x k           | W | m·n×k",
            "W: n·m × k           | W | m·n×k",
            "W: (n*m) x k         | W | m·n×k",
            "W: k x n*m           | W | k×m·n",
            "W: n*(m*k) x 2       | W | k·m·n×2",
            "W ∈ ℝ^{n·m × k}      | W | m·n×k",
            "A: n*m x m*n symmetric | A | m·n×m·n",
        })
        void declarations(String let, String name, String shape) {
            assertEquals(shape, check(name, let).variables().get(name).toString());
        }

        @Test
        void aProductIsOneCanonicalDimension() {
            assertEquals(Shape.vector(mn), variables("x", "x: n*m").get("x"));
            assertEquals(variables("x", "x: n*m").get("x"), variables("x", "x: m·n").get("x"));
            assertEquals("m*n", mn.ascii());
            assertEquals("vector of length m·n", variables("x", "x: n*m").get("x").describe());
        }

        @Test
        void productsUnifyWithEqualProducts() {
            assertEquals(Shape.vector(Dim.sym("k")), check("A x", "x: n*m; A: k x n*m").expr().shape());
            assertEquals(Shape.vector(mn), check("x + y", "x: n*m; y: m·n").expr().shape());
            assertEquals(Shape.SCALAR, check("xᵀ y", "x: 2*n; y: n*2").expr().shape());
        }

        @Test
        void anInferredDimensionBecomesAProduct() {
            // x is not declared: A x makes its length m·n, and 𝟏 takes it from x
            Map<String, Shape> v = variables("A x + A 𝟏", "A: k x n*m");
            assertEquals(Shape.vector(mn), v.get("x"));
            assertEquals(Shape.matrix(mn, Dim.sym("k")), check("Aᵀ", "A: k x n*m").expr().shape());
            assertEquals(Shape.matrix(mn, mn), check("X + x xᵀ", "x: n*m").variables().get("X"));
        }

        @Test
        void aProductIsNotOneOfItsFactors() {
            MatcalcException e = error("xᵀ y", "x: n*m; y: n");
            assertEquals("""
                    input:1:1: error: shape mismatch: xᵀ y needs two vectors of the same length, but xᵀ is 1×m·n and y has length n
                      xᵀ y
                      ^~~~""", e.render());
        }

        @Test
        void aProductOfSymbolsIsNoLiteralSize() {
            MatcalcException e = error("A x", "A: k x n*m; x: 6");
            assertEquals("""
                    input:1:1: error: shape mismatch: A is k×m·n, so A x needs x of length m·n, but x has length 6
                      A x
                      ^~~""", e.render());
        }

        @Test
        void productsWithDifferentFactors() {
            MatcalcException e = error("x + y", "x: n*m; y: n*k");
            assertEquals("""
                    input:1:1: error: cannot add x (a vector of length m·n) and y (a vector of length k·n)
                      x + y
                      ^~~~~""", e.render());
            e = error("x ⊙ y", "x: n*m; y: 2*n*m");
            assertEquals("""
                    input:1:1: error: ⊙ needs operands of the same shape, but x has length m·n and y has length 2·m·n
                      x ⊙ y
                      ^~~~~""", e.render());
        }

        @Test
        void aProductBoundToAVariableClashesLater() {
            // A x makes x of length m·n; B x then needs B to have m·n columns, not k
            MatcalcException e = error("A x + B x", "A: k x n*m; B: k x k");
            assertEquals("""
                    input:1:7: error: shape mismatch: B is k×k, so B x needs x of length k, but x has length m·n
                      A x + B x
                            ^~~""", e.render());
        }

        @Test
        void aSymmetricMatrixNeedsEqualProducts() {
            MatcalcException e = assertThrows(MatcalcException.class, () -> new Context().let("--let", "A: n*m x k symmetric"));
            assertEquals("""
                    --let:1:4: error: A is declared symmetric but is not square: m·n×k
                      A: n*m x k symmetric
                         ^~~~~~~~~~~~~~~~~""", e.render());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "x: n*         | --let:1:6: error: unexpected end of input: expected a dimension after '*' (a symbol like n or a size like 3) | '       ^'",
            "x: n·         | --let:1:6: error: unexpected end of input: expected a dimension after '·' (a symbol like n or a size like 3) | '       ^'",
            "x: n*0        | --let:1:6: error: a dimension must be at least 1, not 0 | '       ^'",
            "x: 65536*65536 | --let:1:4: error: a dimension must be at most 2147483647, not 65536*65536 | '     ^~~~~~~~~~~'",
            "x: n·m; y · x | --let:1:11: error: unknown character '·': write a product by juxtaposition (W x) or with * | '            ^'",
        })
        void badProductsInDeclarations(String let, String message, String caret) {
            MatcalcException e = assertThrows(MatcalcException.class, () -> new Context().let("--let", let));
            assertEquals(message + "\n  " + let + "\n" + caret, e.render());
        }

        @Test
        void aDotOutsideADeclarationIsStillAnUnknownCharacter() {
            assertEquals("""
                    input:1:3: error: unknown character '·': write a product by juxtaposition (W x) or with *
                      x · y
                        ^""", error("x · y", "x, y: n·m").render());
            // in the type of a later declaration on the line it is a product again
            assertEquals(Shape.vector(mn), variables("x", "y: n; x: n·m").get("x"));
        }
    }
}
