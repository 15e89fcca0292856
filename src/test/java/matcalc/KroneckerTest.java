package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.render.LatexPrinter;
import matcalc.shape.Context;
import matcalc.shape.Script;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * vec and the Kronecker product: values by definition (column-major stacking; blocks a_ij B),
 * shapes, the spellings and the precedence of ⊗, printing, the refusal where a matrix inside ⊗
 * varies, and the examples in examples/ml/kronecker-*.mc. The identities are RuleWalkTest's, the
 * derivatives DerivativePropertyTest's and the goldens' (golden/derivatives-kronecker.txt).
 */
class KroneckerTest {
    static final Context CONTEXT = new Context().let("declarations", "A: 2 x 3; B: 2 x 2; X: 3 x 2; x: n; y: m");

    static Expr parse(String text) {
        return CONTEXT.check("input", text).expr();
    }

    static final DMatrixRMaj A = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, 6}});
    static final DMatrixRMaj B = new DMatrixRMaj(new double[][] {{0, 1}, {-1, 2}});

    static DMatrixRMaj eval(String text) {
        return new Evaluator(new Point().put("A", A).put("B", B)).evaluate(parse(text));
    }

    @Test
    void vecStacksTheColumns() {
        DMatrixRMaj v = eval("vec(A)");
        assertEquals(6, v.numRows);
        assertEquals(1, v.numCols);
        double[] expected = {1, 4, 2, 5, 3, 6};
        for (int i = 0; i < 6; i++) assertEquals(expected[i], v.get(i, 0), 0);
    }

    @Test
    void kronIsTheMatrixOfBlocks() {
        DMatrixRMaj k = eval("A ⊗ B");
        assertEquals(4, k.numRows);
        assertEquals(6, k.numCols);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int p = 0; p < 2; p++) {
                    for (int q = 0; q < 2; q++) assertEquals(A.get(i, j) * B.get(p, q), k.get(2 * i + p, 2 * j + q), 0);
                }
            }
        }
        assertEquals(parse("A ⊗ B"), parse("kron(A, B)"));
    }

    @Test
    void shapesAndPrecedence() {
        assertEquals("4×6", parse("A ⊗ B").shape().toString());
        assertEquals("m·n×1", parse("x ⊗ y").shape().toString());
        assertEquals("6×1", parse("vec(A)").shape().toString());
        // ⊗ binds looser than a product, tighter than ⊙: A ⊗ B X is A ⊗ (B X)
        assertEquals(parse("A ⊗ (B B)"), parse("A ⊗ B B"));
        assertEquals(parse("(A ⊗ B) ⊙ (A ⊗ B)"), parse("A ⊗ B ⊙ A ⊗ B"));
        // associative: one canonical nesting
        assertEquals(parse("(B ⊗ B) ⊗ A"), parse("B ⊗ (B ⊗ A)"));
        // vec of a vector is the vector; a scalar side scales
        assertEquals(parse("x"), parse("vec(x)"));
        assertEquals(parse("x"), parse("vec(xᵀ)"));
        assertEquals(parse("2 A"), parse("2 ⊗ A"));
    }

    @Test
    void printsInEveryNotation() {
        Expr e = parse("(A ⊗ B) vec(X) − vec(B) ⊙ vec(B B)");
        assertEquals("(A ⊗ B) vec(X) − vec(B) ⊙ vec(B B)", TextPrinter.unicode().print(e));
        assertEquals("kron(A, B) vec(X) - vec(B) .* vec(B B)", TextPrinter.ascii().print(e));
        String latex = new LatexPrinter().print(e);
        assertTrue(latex.contains("\\otimes") && latex.contains("\\operatorname{vec}"), latex);
        assertEquals(e, parse(TextPrinter.ascii().print(e)));
    }

    @Test
    void aVaryingMatrixInsideKronIsDifferentiatedThroughTheCommutationMatrix() {
        Session s = new Session();
        s.let("A: n x n; B: m x m");
        DerivativeResult r = s.derive("tr(A ⊗ B)", "A");
        assertEquals("tr(B) I_n", r.text());
        assertTrue(r.verification().passed());
    }

    /** Hessians with respect to a matrix, ∂²f/∂vec(X)∂vec(X)ᵀ in Kronecker form, each checked numerically. */
    @Test
    void hessiansWithRespectToAMatrix() {
        Session s = new Session();
        s.let("X: n x m; A: n x n; B: m x m");
        String[][] cases = {
            {"tr(Xᵀ A X)", "I_m ⊗ (Aᵀ + A)"},
            {"tr(Xᵀ A X B)", "B ⊗ Aᵀ + Bᵀ ⊗ A"},
            {"sum(exp(X))", "diag(vec(exp(X)))"},
            {"0.5 norm(X B − A X)^2", "I_m ⊗ Aᵀ A − Bᵀ ⊗ Aᵀ + B Bᵀ ⊗ I_n − B ⊗ A"},
        };
        for (String[] c : cases) {
            DerivativeResult r = s.hessian(c[0], "X");
            assertEquals(c[1], r.text(), c[0]);
            assertTrue(r.verification().passed(), c[0]);
        }
        // Xᵀ in the gradient: the commutation matrix
        s.let("C: n x n");
        DerivativeResult h = s.hessian("tr(C C)", "C");
        assertEquals("2 K_{n,n}", h.text());
        assertTrue(h.verification().passed());
        MatcalcException e = assertThrows(MatcalcException.class, () -> s.hessian("tr(Xᵀ A X)", "X", "A"));
        assertTrue(e.getMessage().contains("mixed Hessians"), e.getMessage());
    }

    /** diff --explicit: ∂vec(F)/∂vec(X) written out, verified; Xᵀ through the commutation matrix. */
    @Test
    void explicitJacobians() {
        String[][] cases = {
            {"X: m x n; A: p x m; B: n x q", "A X B", "Bᵀ ⊗ A"},
            {"X, Y: m x n", "X ⊙ Y", "diag(vec(Y))"},
            {"X: m x n; A: p x m", "A X", "I_n ⊗ A"},
            {"X: m x n; a: m; b: n", "aᵀ X b", "aᵀ (bᵀ ⊗ I_m)"},
            {"X: m x n; b: n", "tanh(X b)", "diag(𝟏 − tanh(X b).^2) (bᵀ ⊗ I_m)"},
            {"X: m x n", "Xᵀ", "K_{m,n}"},
            {"X: m x n; A: p x q", "A ⊗ X", "(I_q ⊗ K_{n,p} ⊗ I_m) (vec(A) ⊗ I_{m·n})"},
        };
        for (String[] c : cases) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = matcalc.cli.Main.run(new String[] {"diff", "--explicit", "--let", c[0], "--wrt", "X", c[1]},
                    new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("  = " + c[2] + "\n"), out.toString());
            assertTrue(out.toString().contains("checked against finite differences"), out.toString());
        }
    }

    @TestFactory
    Stream<DynamicTest> examplesParse() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples/ml"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("kronecker-") && p.toString().endsWith(".mc")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Script.Result r = Script.run(new Source(p.toString(), Files.readString(p)));
            assertFalse(r.expressions().isEmpty(), "no expression in " + p);
        }));
    }
}
