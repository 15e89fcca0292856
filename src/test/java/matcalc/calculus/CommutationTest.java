package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.core.TextPrinter;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.render.LatexPrinter;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.RuleWalkTest;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The commutation matrix K_{m,n} (core.Expr.Commutation) checked numerically against its
 * definition, K_{m,n} vec(A) = vec(Aᵀ) for A m×n, with values built here entry by entry (not by
 * matcalc's own vec or transpose): at seeded random sizes (2 to 5, so that m ≠ n happens), its
 * transpose, inverse and the swap K (A ⊗ B) K = B ⊗ A; and the identities with K that calculus
 * applies in Java ({@link Jacobians#vecOfKron}, {@link Adjoints#rightAdjoint},
 * {@link Adjoints#leftAdjoint}), each as a rule walked by {@link RuleWalkTest#assertHolds}.
 */
class CommutationTest {
    static final long SEED = Long.getLong("commutation.seed", 20261203L);
    static final int CASES = 40;

    private static DMatrixRMaj commutation(int m, int n) {
        Expr k = Exprs.commutation(Dim.sym("m"), Dim.sym("n"));
        return new Evaluator(new Point()).withSize("m", m).withSize("n", n).evaluate(k);
    }

    /** vec by its definition: entry (i, j) of an r×c A at i + j·r. */
    private static DMatrixRMaj vec(DMatrixRMaj a) {
        DMatrixRMaj v = new DMatrixRMaj(a.numRows * a.numCols, 1);
        for (int j = 0; j < a.numCols; j++) for (int i = 0; i < a.numRows; i++) v.set(i + j * a.numRows, 0, a.get(i, j));
        return v;
    }

    private static DMatrixRMaj random(Random r, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.data.length; i++) a.data[i] = r.nextGaussian();
        return a;
    }

    private static DMatrixRMaj times(DMatrixRMaj... ms) {
        DMatrixRMaj acc = ms[0];
        for (int i = 1; i < ms.length; i++) {
            DMatrixRMaj out = new DMatrixRMaj(acc.numRows, ms[i].numCols);
            CommonOps_DDRM.mult(acc, ms[i], out);
            acc = out;
        }
        return acc;
    }

    private static void near(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertTrue(MatrixFeatures_DDRM.isIdentical(expected, actual, 1e-12), what + ": expected " + expected + " got " + actual);
    }

    @Test
    void theDefinitionAndItsIdentitiesAtRandomSizes() {
        Random r = new Random(SEED);
        for (int c = 0; c < CASES; c++) {
            int m = 2 + r.nextInt(4);
            int n = 2 + r.nextInt(4);
            int p = 2 + r.nextInt(4);
            int q = 2 + r.nextInt(4);
            String at = "seed " + SEED + ", case " + c + ", m=" + m + ", n=" + n + ", p=" + p + ", q=" + q;
            DMatrixRMaj k = commutation(m, n);
            DMatrixRMaj a = random(r, m, n);
            near(vec(CommonOps_DDRM.transpose(a, null)), times(k, vec(a)), "K vec(A) = vec(Aᵀ), " + at);
            near(CommonOps_DDRM.transpose(k, null), commutation(n, m), "K_{m,n}ᵀ = K_{n,m}, " + at);
            near(CommonOps_DDRM.identity(m * n), times(k, commutation(n, m)), "K_{m,n} K_{n,m} = I, " + at);
            // K_{p,m} (A ⊗ B) K_{n,q} = B ⊗ A for A m×n, B p×q (Magnus and Neudecker)
            DMatrixRMaj b = random(r, p, q);
            DMatrixRMaj ab = CommonOps_DDRM.kron(a, b, null);
            near(CommonOps_DDRM.kron(b, a, null), times(commutation(p, m), ab, commutation(n, q)), "K (A ⊗ B) K = B ⊗ A, " + at);
        }
    }

    @Test
    void theFactoryKnowsTransposeInverseAndSizeOne() {
        Dim m = Dim.sym("m");
        Dim n = Dim.sym("n");
        Expr k = Exprs.commutation(m, n);
        assertEquals(Exprs.commutation(n, m), Exprs.transpose(k));
        assertEquals(Exprs.commutation(n, m), Exprs.apply(Fn.INV, k));
        assertEquals(Exprs.identity(n), Exprs.commutation(Dim.ONE, n));
        assertEquals(Exprs.identity(m), Exprs.commutation(m, Dim.ONE));
        assertEquals(new Shape(Dim.product(m, n), Dim.product(m, n)), k.shape());
    }

    @Test
    void printedInEveryNotationAndReadBack() {
        Context ctx = new Context();
        ctx.let("t", "X: m x n; A: p x q");
        Expr e = ctx.check("t", "K_{m,n} vec(X) + K_{m,n} vec(X)").expr();
        assertEquals("K_{m,n} vec(X) + K_{m,n} vec(X)", TextPrinter.unicode().print(e));
        Expr big = ctx.check("t", "K_{m·n,p} (vec(X) ⊗ I_p)").expr();
        assertEquals("K_{m·n,p} (vec(X) ⊗ I_p)", TextPrinter.unicode().print(big));
        assertEquals("K_{m*n,p} kron(vec(X), I_p)", TextPrinter.ascii().print(big));
        assertEquals(big, ctx.check("t", TextPrinter.ascii().print(big)).expr());
        assertTrue(new LatexPrinter().print(big).contains("\\mathbf{K}_{m \\cdot n,p}"), new LatexPrinter().print(big));
        // a K without braces is a name like any other; a declared K stays the user's variable
        ctx.let("t", "K: n x m");
        Expr user = ctx.check("t", "K X").expr();
        assertTrue(user instanceof Expr.Mul mul && mul.chain().get(0) instanceof Expr.Var, user.toString());
        assertTrue(ctx.check("t", "K_{n,m}").expr() instanceof Expr.Commutation);
        // the REPL's LaTeX escapes keep the braces of a size: \mathbf{K}_{m,n} is K_{m,n}, not K_(m,n)
        assertEquals("K_{m,n} vec(X)", matcalc.repl.LatexEscapes.toUnicode("\\mathbf{K}_{m,n} vec(X)"));
        assertEquals("I_{m·n} (x_i)", matcalc.repl.LatexEscapes.toUnicode("I_{m·n} {x_i}"));
    }

    @Test
    void badSizesAreRefusedWithTheReason() {
        Context ctx = new Context();
        ctx.let("t", "X: m x n");
        String[][] cases = {
            {"K_{m}", "two sizes"},
            {"K_{m,n,p}", "two sizes"},
            {"K_{m,k}", "k is not a declared size"},
            {"K_{m,X}", "X is a variable, not a size"},
            {"K_{m,n+1}", "each size of K_{m,n} is a dimension"},
            {"K_{m,n} vec(Xᵀ X)", "shape mismatch"},
        };
        for (String[] c : cases) {
            MatcalcException e = org.junit.jupiter.api.Assertions.assertThrows(MatcalcException.class, () -> ctx.check("t", c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    /** vec(A ⊗ B) = M vec(B) or M vec(A) with M from Jacobians.vecOfKron, at random sizes. */
    @TestFactory
    Stream<DynamicTest> vecOfAKroneckerProduct() {
        return Stream.of(
                identity("vec-of-kron-right", "vec(?A ⊗ ?B)",
                        e -> vecOfKronOf(e, true)),
                identity("vec-of-kron-left", "vec(?A ⊗ ?B)",
                        e -> vecOfKronOf(e, false)),
                identity("vec-of-kron-vector-left", "vec(?a ⊗ ?B)",
                        e -> vecOfKronOf(e, true)),
                identity("vec-of-kron-vector-right", "vec(?A ⊗ ?b)",
                        e -> vecOfKronOf(e, false)))
                .map(rule -> DynamicTest.dynamicTest(rule.name(), () -> RuleWalkTest.assertHolds(rule)));
    }

    private static Expr vecOfKronOf(Expr e, boolean right) {
        Expr.Kron k = (Expr.Kron) ((Expr.Apply) e).arg();
        return Exprs.mul(Jacobians.vecOfKron(k.left(), k.right(), right), Exprs.apply(Fn.VEC, right ? k.right() : k.left()));
    }

    /** ⟨G, C ⊗ V⟩ = ⟨∇, V⟩ and ⟨G, V ⊗ C⟩ = ⟨∇, V⟩ with the adjoints of Adjoints.kron, at random sizes. */
    @TestFactory
    Stream<DynamicTest> adjointsThroughAKroneckerProduct() {
        return Stream.of(
                identity("adjoint-kron-right", "sum(?G ⊙ (?C ⊗ ?V))", e -> {
                    Expr.Kron k = kronIn(e);
                    Expr g = ((Expr.Hadamard) ((Expr.Apply) e).arg()).factors().get(0);
                    return Exprs.apply(Fn.SUM, Exprs.hadamard(Adjoints.rightAdjoint(k.left(), g, k.right().shape()), k.right()));
                }),
                identity("adjoint-kron-left", "sum(?G ⊙ (?V ⊗ ?C))", e -> {
                    Expr.Kron k = kronIn(e);
                    Expr g = ((Expr.Hadamard) ((Expr.Apply) e).arg()).factors().get(0);
                    return Exprs.apply(Fn.SUM, Exprs.hadamard(Adjoints.leftAdjoint(k.right(), g, k.left().shape()), k.left()));
                }))
                .map(rule -> DynamicTest.dynamicTest(rule.name(), () -> RuleWalkTest.assertHolds(rule)));
    }

    private static Expr.Kron kronIn(Expr e) {
        for (Expr f : ((Expr.Hadamard) ((Expr.Apply) e).arg()).factors()) if (f instanceof Expr.Kron k) return k;
        throw new AssertionError("no ⊗ in " + e);
    }

    /** The identity lhs ⇒ java(lhs), its left side read like a rule file's. */
    private static Rule identity(String name, String lhs, UnaryOperator<Expr> java) {
        Rule parsed = new RuleSet().load(new Source("CommutationTest", name + " : " + lhs + " => " + lhs)).rules().get(0);
        return new Rule(name, parsed.lhs(), java.apply(parsed.lhs()), List.of(), parsed.span());
    }
}
