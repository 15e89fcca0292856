package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.cli.CliRun;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.numeric.Point;
import matcalc.shape.Context;
import matcalc.steps.Derivation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every name the engine makes for itself, declared as a user's variable. The engine's names are
 * kinds of their own ({@link Expr.Kind}), so a user's δ or Δ is never the seed of a contraction and
 * a user's d is never the differential: each derivative must pass matcalc's own numeric check and
 * agree with this test's finite differences (the oracle of {@link DerivativePropertyTest}).
 *
 * <p>Where the engine's names come from:
 * <ul>
 *   <li>δ and Δ, the seeds that contract a tensor derivative ({@link Deriver}), and δ1, Δ1, …
 *       the names they take where the expression has a δ or Δ of its own;</li>
 *   <li>d, the differential d(e) as rule files write it ({@link Exprs#DIFFERENTIAL});</li>
 *   <li>f, f1, …, the steps' name for the whole expression, and u1, u2, … their intermediate
 *       functions ({@link Derivation});</li>
 *   <li>κ, the stand-in κ⁽i⁾ of a missing function derivative (check/Mistakes).</li>
 * </ul>
 * The others cannot be typed, and the parser says so with a caret (golden/errors.txt): the
 * pattern variables ?a and functions ?h of rule files, the differential ∂X, and the renamed
 * occurrences x⁽k⁾ and κ⁽i⁾ of the steps and of check.
 */
class EngineNamesTest {
    static final String DECLARATIONS = "W: m x n; x: n; X: n x n; δ: m; Δ: n x n; δ1: m; Δ1: n x n; d: scalar;"
            + " f: m; f1: scalar; u1: m; u2: n; κ: scalar";

    /** An expression, what it is differentiated by, and the seed's printed name for a tensor (else null). */
    record Case(String expr, String wrt, String seed) {}

    static final List<Case> CASES = List.of(
            // scalar f: gradients, no seed
            new Case("sum(δ ⊙ tanh(W x + d f)) + tr(Δᵀ X) + κ f1 + δ1ᵀ W u2 + u1ᵀ exp(W x)", "W", null),
            new Case("sum(δ ⊙ tanh(W x + d f)) + tr(Δᵀ X) + κ f1 + δ1ᵀ W u2 + u1ᵀ exp(W x)", "δ", null),
            new Case("sum(δ ⊙ tanh(W x + d f)) + tr(Δᵀ X) + κ f1 + δ1ᵀ W u2 + u1ᵀ exp(W x)", "Δ", null),
            new Case("sum(δ ⊙ tanh(W x + d f)) + tr(Δᵀ X) + κ f1 + δ1ᵀ W u2 + u1ᵀ exp(W x)", "d", null),
            new Case("sum(δ ⊙ tanh(W x + d f)) + tr(Δᵀ X) + κ f1 + δ1ᵀ W u2 + u1ᵀ exp(W x)", "κ", null),
            // a vector f by a matrix: contracted with a row vector, which must not be δ or δ1
            new Case("δ ⊙ tanh(W x) + d f + δ1 ⊙ (W u2) + κ u1", "W", "δ2"),
            new Case("δ ⊙ (W Δ x) + f", "Δ", "δ2"),
            // a matrix F by a matrix: contracted with a matrix, which must not be Δ or Δ1
            new Case("X Δ + Δ1 Xᵀ + d X + κ Δ X", "X", "Δ2"),
            new Case("Δ X Δ + f1 Δ", "Δ", "Δ2"),
            // the two reproductions of issue 9
            new Case("X Δ", "X", "Δ2"),
            new Case("δ ⊙ (W x)", "W", "δ2"));

    @TestFactory
    Stream<DynamicTest> derivativesWithTheEnginesNamesAreRight() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            long seed = 20261209L + i;
            tests.add(DynamicTest.dynamicTest("∂/∂" + c.wrt() + " " + c.expr(), () -> {
                Session session = new Session().let(DECLARATIONS).seed(seed);
                check(session, c, seed);
            }));
        }
        return tests.stream();
    }

    /** X Δ by X was Δ Δᵀ: the seed merged with the user's Δ. dF = dX Δ, so ⟨S, dX Δ⟩ = ⟨S Δᵀ, dX⟩. */
    @Test
    void matrixSeedIsNotTheUsersDelta() {
        Session session = new Session().let("X: n x n; Δ: n x n");
        DerivativeResult r = check(session, new Case("X Δ", "X", "Δ1"), 1L);
        assertEquals("Δ1 Δᵀ", r.text());
        // the ASCII spelling is the same variable
        DerivativeResult ascii = new Session().let("X: n x n; Delta: n x n").derive("X Delta", "X");
        assertEquals("Δ1 Δᵀ", ascii.text());
        assertEquals("Delta1 Delta'", ascii.ascii());
    }

    /** δ ⊙ (W x) by W was (δᵀ ⊙ δ) xᵀ: with a row seed s, ⟨sᵀ, δ ⊙ dW x⟩ = ⟨(sᵀ ⊙ δ) xᵀ, dW⟩. */
    @Test
    void rowSeedIsNotTheUsersDelta() {
        Session session = new Session().let("W: d x n; x: n; δ: d");
        DerivativeResult r = check(session, new Case("δ ⊙ (W x)", "W", "δ1"), 2L);
        assertEquals("(δ1ᵀ ⊙ δ) xᵀ", r.text());
    }

    /** The explanation under the result names the seed as the result prints it. */
    @Test
    void theCommandLineExplainsTheSeedItPrints() {
        CliRun.Run matrix = CliRun.run("diff", "--let", "X: n x n; Δ: n x n", "--wrt", "X", "X Δ");
        assertEquals(0, matrix.code(), matrix.err());
        List<String> lines = matrix.out().lines().toList();
        assertEquals("  = Δ1 Δᵀ", lines.get(1));
        assertTrue(lines.get(2).contains("Σ_ij Δ1_ij ∂F_ij/∂X for a matrix Δ1 (n×n)"), lines.get(2));
        assertTrue(lines.get(2).endsWith("contracted with Δ1"), lines.get(2));

        CliRun.Run row = CliRun.run("diff", "--let", "W: d x n; x: n; δ: d", "--wrt", "W", "δ ⊙ (W x)");
        assertEquals(0, row.code(), row.err());
        lines = row.out().lines().toList();
        assertEquals("  = (δ1ᵀ ⊙ δ) xᵀ", lines.get(1));
        assertTrue(lines.get(2).startsWith("  this is δ1 ∂f/∂W for a row vector δ1 (1×d)"), lines.get(2));

        // the usual case keeps the usual letters (README)
        CliRun.Run usual = CliRun.run("diff", "--let", "W: d x n; x: n", "--wrt", "W", "W x");
        assertEquals("  = δᵀ xᵀ", usual.out().lines().toList().get(1));
        assertTrue(usual.out().contains("this is δ ∂f/∂W for a row vector δ (1×d)"), usual.out());
    }

    /** A user's symmetric Δ made the seed symmetric: X Xᵀ came out as 2 Δ X and failed its own check. */
    @Test
    void declaredPropertiesAreTheUsersOnly() {
        Session session = new Session().let("X: n x n; Δ: n x n symmetric");
        // a session's seed avoids every declared name
        assertEquals("(Δ1ᵀ + Δ1) X", check(session, new Case("X Xᵀ", "X", "Δ1"), 3L).text());
        // the engine alone names it Δ (f has no Δ), and the user's symmetric Δ still says nothing of it
        Context.Checked checked = session.context().check("input", "X Xᵀ");
        Expr.Var x = (Expr.Var) Exprs.var("X", checked.variables().get("X"));
        Derivative d = session.engine().deriver()
                .derive(checked.expr(), List.of(x), Layout.NUMERATOR, Map.of(), Map.of()).get("X");
        assertEquals("(Δᵀ + Δ) X", d.expr().toString());
        Verification o = session.engine().withSeed(3L).verifier().check(d, Map.of(), 3);
        assertTrue(o.passed(), o.detail());
    }

    /** The steps name the seed and the whole expression apart from the user's δ and f. */
    @Test
    void stepsKeepTheirNamesApartFromTheUsers() {
        Session session = new Session().let("W: m x n; x: n; δ: m; f: m");
        Derivation d = Derivation.of(session.engine(), "sum(δ ⊙ tanh(W x) + f)", "W");
        assertTrue(d.check().passed(), d.check().detail());
        assertEquals("f1", d.name());
        Derivation.Factor last = d.factors().get(d.factors().size() - 1);
        assertTrue(last.contracted());
        assertEquals("δ1", last.seed().name());
        assertTrue(d.text().contains("δ1 ∂u1/∂W = δ1ᵀ xᵀ"), d.text());
    }

    /** Equality and hash tell the kinds apart, whatever the name. */
    @Test
    void aKindIsPartOfIdentity() {
        Shape s = Shape.matrix(Dim.sym("n"), Dim.sym("n"));
        Expr.Var user = (Expr.Var) Exprs.var("Δ", s);
        assertNotEquals(user, Exprs.seed("Δ", s));
        assertNotEquals(user, Exprs.pattern("Δ", s));
        assertNotEquals(user, Exprs.differentialOf(user));
        assertNotEquals(Exprs.var("?a", s), Exprs.pattern("?a", s));
        assertTrue(Exprs.isPattern(Exprs.pattern("?a", s)));
        assertFalse(Exprs.isPattern(Exprs.var("?a", s)));
        Expr x = Exprs.var("x", s);
        assertNotEquals(Exprs.userFn("d", 0, x), Exprs.differential(x));
        assertTrue(Exprs.isDifferential(Exprs.differential(x)));
        assertFalse(Exprs.isDifferential(Exprs.userFn("d", 0, x)));
        assertEquals(Exprs.seed("Δ", s), Exprs.seed("Δ", s));
        assertEquals(Exprs.seed("Δ", s).hashCode(), Exprs.seed("Δ", s).hashCode());
    }

    // ---------------------------------------------------------------- the check

    /**
     * Derives c, requires matcalc's own check to have passed and a seed of its own kind with the
     * expected name, then compares with finite differences at two random points, two directions
     * each; {@link DerivativeResult#value} must give the slices this test computes.
     */
    static DerivativeResult check(Session session, Case c, long seed) {
        DerivativeResult r = session.derive(c.expr(), c.wrt());
        String where = "∂/∂" + c.wrt() + " " + c.expr() + " = " + r.text();
        assertTrue(r.verification().passed(), where + ": not verified: " + r.verification().detail());
        Expr f = session.context().check("input", c.expr()).expr();
        Set<String> userNames = DerivativePropertyTest.variables(f);
        if (c.seed() == null) {
            assertFalse(r.isTensor(), where);
        } else {
            Expr.Var s = r.result().derivative().delta();
            assertNotNull(s, where + ": not a tensor");
            assertEquals(Expr.Kind.SEED, s.kind(), where);
            assertEquals(c.seed(), r.result().derivative().seedName(), where);
            assertFalse(userNames.contains(s.name()), where + ": the seed is named like a variable of f");
        }
        Random random = new Random(seed);
        for (int k = 0; k < 2; k++) compareAtRandomPoint(r, f, random, where);
        return r;
    }

    private static void compareAtRandomPoint(DerivativeResult r, Expr f, Random random, String where) {
        Expr d = r.result().derivative().expr();
        Map<String, Integer> sizes = DerivativePropertyTest.sizes(random, f, d);
        Point p = point(random, sizes, f);
        List<DMatrixRMaj> slices = slices(r, p, sizes, f);
        List<DMatrixRMaj> value = r.result().value(p);
        assertEquals(slices.size(), value.size(), where + ": DerivativeResult.value has another number of slices");
        for (int i = 0; i < slices.size(); i++) {
            DMatrixRMaj diff = value.get(i).copy();
            CommonOps_DDRM.subtractEquals(diff, slices.get(i));
            assertTrue(NormOps_DDRM.normF(diff) <= 1e-9 * Math.max(1, NormOps_DDRM.normF(slices.get(i))),
                    where + ": DerivativeResult.value, slice " + (i + 1) + ", is " + DerivativePropertyTest.show(value.get(i))
                            + ", not " + DerivativePropertyTest.show(slices.get(i)));
        }
        String x = r.wrt();
        DMatrixRMaj x0 = p.get(x);
        DMatrixRMaj fx = DerivativePropertyTest.evaluate(p, sizes, f, f, d);
        for (int k = 0; k < 2; k++) {
            DMatrixRMaj v = DerivativePropertyTest.direction(random, x0.numRows, x0.numCols);
            DMatrixRMaj symbolic = DerivativePropertyTest.applied(r.layout(), f, r, slices, v);
            double h = DerivativePropertyTest.STEP * Math.max(1, NormOps_DDRM.normF(x0));
            DMatrixRMaj fd = DerivativePropertyTest.centralDifference(p, sizes, f, d, x, x0, v, h);
            String m = DerivativePropertyTest.mismatch(symbolic, fd, fx, h);
            if (m == null) continue;
            DMatrixRMaj half = DerivativePropertyTest.centralDifference(p, sizes, f, d, x, x0, v, h / 2);
            DMatrixRMaj extrapolated = new DMatrixRMaj(half.numRows, half.numCols);
            CommonOps_DDRM.add(4.0 / 3, half, -1.0 / 3, fd, extrapolated);
            if (DerivativePropertyTest.mismatch(symbolic, extrapolated, fx, h) == null) continue;
            fail(where + "\n  along V = " + DerivativePropertyTest.show(v) + ": " + m + "\n  sizes: " + sizes
                    + "\n  point: " + DerivativePropertyTest.show(p));
        }
    }

    /**
     * The derivative's value computed here: one matrix, or for a tensor one slice per entry of f
     * (row-major), the result with the seed set to the unit row e_i or the unit matrix E_ij.
     */
    private static List<DMatrixRMaj> slices(DerivativeResult r, Point p, Map<String, Integer> sizes, Expr f) {
        Expr d = r.result().derivative().expr();
        if (!r.isTensor()) return List.of(DerivativePropertyTest.evaluate(p, sizes, d, f, d));
        DMatrixRMaj fx = DerivativePropertyTest.evaluate(p, sizes, f, f, d);
        Expr.Var seed = r.result().derivative().delta();
        boolean row = seed.shape().rows().isOne();
        List<DMatrixRMaj> out = new ArrayList<>();
        for (int i = 0; i < fx.getNumElements(); i++) {
            DMatrixRMaj unit = row ? new DMatrixRMaj(1, fx.getNumElements()) : new DMatrixRMaj(fx.numRows, fx.numCols);
            unit.data[i] = 1;
            p.put(seed.name(), unit);
            out.add(DerivativePropertyTest.evaluate(p, sizes, d, f, d));
        }
        p.values().remove(seed.name());
        return out;
    }

    /** Signed entries in ±[0.2, 1.5] for every variable of f. */
    private static Point point(Random random, Map<String, Integer> sizes, Expr f) {
        Map<String, Shape> vars = new java.util.TreeMap<>();
        collect(f, vars, new HashSet<>());
        Point p = new Point();
        vars.forEach((name, shape) -> {
            int rows = size(shape.rows(), sizes);
            int cols = size(shape.cols(), sizes);
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < m.getNumElements(); i++) {
                m.data[i] = (random.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * random.nextDouble());
            }
            p.put(name, m);
        });
        return p;
    }

    private static void collect(Expr e, Map<String, Shape> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v) out.put(v.name(), v.shape());
        for (Expr c : e.children()) collect(c, out, seen);
    }

    private static int size(Dim d, Map<String, Integer> sizes) {
        return d instanceof Dim.Lit l ? l.size() : sizes.get(((Dim.Sym) d).name());
    }
}
