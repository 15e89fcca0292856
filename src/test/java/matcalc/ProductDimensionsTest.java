package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import matcalc.cli.CliRun;
import matcalc.core.Dim;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Derivatives by a variable whose length is a product of dimensions (x: n·m, the shape vec(X) will
 * have): the result's shape, the built-in numeric check (random sizes for n and m, so x has n·m
 * entries), an independent central difference at a point, and the command line.
 */
class ProductDimensionsTest {
    static final String LETS = "x: n*m; A: k x n*m";
    static final Dim MN = Dim.product(Dim.sym("m"), Dim.sym("n"));

    /** A is 2×6 and x has 6 entries; y (length n = 2) fixes n, so m = 3. */
    static Point point() {
        return Point.parse("point", "{\"A\": [[0.5, -1, 0.2, 0.3, 0.1, -0.4], [0.7, 0.2, -0.3, 0.6, -0.5, 0.1]],"
                + " \"x\": [0.3, -0.2, 0.5, 0.1, -0.6, 0.4], \"y\": [1, 2]}");
    }

    /** Sizes are positive: u·u = n·n has the one root u = n (and u·u = 4 n·n the root 2 n); u·u = m·n has none to take. */
    @Test
    void aSquareOfAnUnknownSizeHasOneRoot() {
        DerivativeResult r = Matcalc.derive("sum(vec(S) ⊙ vec(I))", "S", "S: n x n");
        assertTrue(r.report().startsWith("∂/∂S sum(vec(S) ⊙ vec(I_n))\n"), r.report());
        assertTrue(r.verification().passed(), r.verification().detail());
        assertEquals("vec(I_{2·n})ᵀ", Matcalc.derive("xᵀ vec(I)", "x", "x: n*n*4").text());
        matcalc.syntax.MatcalcException e = org.junit.jupiter.api.Assertions.assertThrows(matcalc.syntax.MatcalcException.class,
                () -> Matcalc.derive("sum(vec(S) ⊙ vec(I))", "S", "S: n x m"));
        assertTrue(e.getMessage().contains("cannot infer the sizes"), e.getMessage());
    }

    @Test
    void aLinearFunction() {
        DerivativeResult r = Matcalc.derive("sum(A x)", "x", LETS);
        assertEquals("𝟏ᵀ A", r.text());
        assertEquals(List.of(Dim.ONE, MN), r.result().shape());
        assertEquals("1×m·n", r.shapeText());
        assertTrue(r.verification().passed(), r.verification().detail());
        DerivativeResult byA = Matcalc.derive("sum(A x)", "A", LETS);
        assertEquals("𝟏_k xᵀ", byA.text());
        assertEquals(List.of(Dim.sym("k"), MN), byA.result().shape());
        assertTrue(byA.verification().passed(), byA.verification().detail());
    }

    @Test
    void aNonlinearFunctionAgreesWithCentralDifferences() {
        String f = "sum(tanh(A x)) + (yᵀ y) sum(x ⊙ x)";
        String lets = LETS + "; y: n";
        DerivativeResult r = Matcalc.derive(f, "x", lets);
        assertTrue(r.verification().passed(), r.verification().detail());
        assertEquals(List.of(Dim.ONE, MN), r.result().shape());
        DMatrixRMaj gradient = r.result().value(point()).get(0);
        assertEquals(1, gradient.numRows);
        assertEquals(6, gradient.numCols);
        // the test's own oracle: (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for each entry
        Context.Checked checked = new Context().let("--let", lets).check("input", f);
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            double[] at = new double[2];
            for (int sign = 0; sign < 2; sign++) {
                Point p = point();
                p.get("x").add(i, 0, sign == 0 ? h : -h);
                at[sign] = new Evaluator(p).sizesFrom(checked.variables()).evaluate(checked.expr()).get(0);
            }
            assertEquals((at[0] - at[1]) / (2 * h), gradient.get(0, i), 1e-6, "entry " + (i + 1));
        }
    }

    @Test
    void theCommandLine() throws Exception {
        CliRun.Run run = CliRun.run("diff", "--let", LETS, "--wrt", "x", "sum(A x)");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                ∂/∂x sum(A x)
                  = 𝟏ᵀ A
                  shape 1×m·n (numerator layout); checked against finite differences at 3 random points
                """, run.out());
        run = CliRun.run("diff", "--ascii", "--let", "x: n*m; A: k x n*m", "--wrt", "x", "sum(A x)");
        assertEquals("  shape 1 x m*n (numerator layout); checked against finite differences at 3 random points",
                run.out().lines().toList().get(2));
        run = CliRun.run("diff", "--format", "json", "--let", LETS, "--wrt", "A", "sum(A x)");
        assertEquals("[\"k\",\"m·n\"]", run.json().get("derivatives").get(0).get("shape").toString());
        // JSON is the same whatever the terminal's notation: --ascii changes the text output only
        run = CliRun.run("diff", "--format", "json", "--ascii", "--let", LETS, "--wrt", "A", "sum(A x)");
        assertEquals("[\"k\",\"m·n\"]", run.json().get("derivatives").get(0).get("shape").toString());
        run = CliRun.run("diff", "--let", "x: n*m; y: n", "--wrt", "x", "xᵀ y");
        assertEquals(2, run.code());
        assertEquals("""
                input:1:1: error: shape mismatch: xᵀ y needs two vectors of the same length, but xᵀ is 1×m·n and y has length n
                  xᵀ y
                  ^~~~
                """, run.err());
    }
}
