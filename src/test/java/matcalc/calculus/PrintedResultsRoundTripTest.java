package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.TextPrinter;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every printed result parses back to the same value. For seeded random expressions
 * ({@link RandomExpressions}, the problems of {@link DerivativePropertyTest}) and a few written by
 * hand, the expression and its derivative in each layout are printed in Unicode and in ASCII
 * (LaTeX is not read back), parsed again in the same session (declarations, named intermediates,
 * the seed δ or Δ of a tensor declared), shape-checked, and evaluated next to the engine's own
 * expression at random points, to 1e-9 relative. The text alone must fix every size: a 𝟏 or I
 * whose size nothing in the text determines reads back with a size of its own (n_𝟏, n_I), which is
 * a failure here even where the value would agree at the sizes the test happens to give it.
 *
 * <p>Each case has its own seed, printed on failure. More cases: {@code -Dprinted.cases=5000}.
 */
class PrintedResultsRoundTripTest {
    static final int CASES = Integer.getInteger("printed.cases", 200);
    static final long SEED = Long.getLong("printed.seed", 20261202L);
    static final Set<String> DECLARED_DIMS = Set.of("n", "m");
    static final List<Layout> LAYOUTS = List.of(Layout.NUMERATOR, Layout.DENOMINATOR, Layout.MIXED);
    /** Refused derivations, by case seed: must stay a small fraction of the cases. */
    static final Map<Long, String> REFUSED = new ConcurrentHashMap<>();
    /**
     * Generated expressions that leave a size open themselves (𝟏ᵀ 𝟏, tr(I), p 𝟏ᵀ): what they mean
     * depends on a size the user never gave, so their results cannot say more. Not compared.
     */
    static final Map<Long, String> OPEN = new ConcurrentHashMap<>();

    /** Hand-written cases: declarations, expression, variable. The ones that failed on main come first. */
    static final List<String[]> WRITTEN = List.of(
            // a norm after a factor, and the same norm twice in the derivative
            new String[] {"x, y: n; z: m; C: n x n; γ: scalar", "γ ‖x‖ Cᵀ y zᵀ", "x"},
            new String[] {"x, y: n; z: m; C: n x n; γ: scalar", "γ ‖x‖ Cᵀ y zᵀ", "y"},
            new String[] {"x, y: n; z: m; C: n x n; γ: scalar", "γ ‖x‖ xᵀ Cᵀ y zᵀ", "x"},
            new String[] {"x, y: n; C: n x n; γ: scalar", "γ ‖x‖ xᵀ C y", "x"},
            new String[] {"x, y: n; α, β: scalar", "‖x‖ α + ‖x‖ β y ᵀ y", "x"},
            new String[] {"x, y: n; α: scalar", "α ‖x‖ ‖y‖", "α"},
            new String[] {"x, y: n; α: scalar", "norm(x) y + α norm(x) x", "y"},
            // a 𝟏 or I whose size only the variable's declaration gives
            new String[] {"x: n", "sum(x)", "x"},
            new String[] {"x: n; α: scalar", "α x", "x"},
            new String[] {"x: n; α: scalar", "2 α x", "x"},
            new String[] {"x: n; β: scalar", "sum(x + β 𝟏)", "β"},
            new String[] {"A: n x n", "tr(A)", "A"},
            new String[] {"x: n*m", "sum(x)", "x"},
            new String[] {"x: 3", "sum(x)", "x"},
            new String[] {"x: n", "x", "x"},
            new String[] {"x: n; W: m x n", "sum(W x)", "x"},
            new String[] {"x: n; y: m", "sum(x) sum(y)", "x"},
            new String[] {"X: n x m", "sum(X)", "X"},
            new String[] {"x: n; α: scalar", "α^2 sum(x ⊙ x)", "α"},
            new String[] {"x: n; α: scalar", "α xᵀ x", "x"},
            new String[] {"x: n; A: n x n", "xᵀ A x + sum(x)", "x"},
            // the commutation matrix K_{m,n} in the result (and in the expression)
            new String[] {"X: n x m; B: m x n; C: n*m x m*n", "tr(Cᵀ (X ⊗ B))", "X"},
            new String[] {"X: n x m; B: m x m", "X ⊗ B", "X"},
            new String[] {"X: n x m; B: m x m", "B ⊗ Xᵀ", "X"},
            new String[] {"X: n x m; A: m x n", "vec(A)ᵀ K_{n,m} vec(X) + sum(K_{m,n} vec(A))", "X"});

    // ---------------------------------------------------------------- one result

    /** A session, an expression and a derivative's printed forms, to be read back and compared. */
    record Printed(String where, Session session, Expr f, DerivativeResult result, boolean generated) {}

    /** Reads back f's text and the result's, Unicode and ASCII; compares values at two points. */
    static void check(Printed p, Random r) {
        Expr d = p.result().result().derivative().expr();
        Context context = p.session().context().copy();
        if (p.result().isTensor()) {
            Expr.Var delta = p.result().result().derivative().delta();
            context.let(delta.name(), delta.name() + ": " + delta.shape().rows() + " x " + delta.shape().cols());
        }
        String where = p.where() + "\n  result: " + p.result().text() + "   [" + p.result().shapeText() + "]";
        List<Expr> fBack = new ArrayList<>();
        List<Expr> dBack = new ArrayList<>();
        for (TextPrinter printer : List.of(TextPrinter.unicode(), TextPrinter.ascii())) {
            fBack.add(readBack(context, printer.print(p.f()), p.f(), where));
        }
        for (String text : List.of(p.result().text(), p.result().ascii())) dBack.add(readBack(context, text, d, where));
        int compared = 0;
        for (int attempt = 0; attempt < 8 && compared < 2; attempt++) {
            // the generated variables' values follow their kinds (positive, spd); the written ones are any
            Sampler sampler = new Sampler(r);
            Map<String, Integer> sizes = p.generated() ? DerivativePropertyTest.sizes(r, p.f(), d) : sampler.sizes(p.f(), d);
            Point point = p.generated() ? DerivativePropertyTest.point(r, sizes, p.f(), d)
                    : sampler.point(sizes, Sampler.Mode.SIGNED, p.f(), d);
            List<DMatrixRMaj> want;
            DMatrixRMaj fx;
            try {
                fx = DerivativePropertyTest.evaluate(point, sizes, p.f(), p.f(), d);
                want = DerivativePropertyTest.derivativeValue(p.result(), d, point, sizes, p.f(), fx.numRows);
            } catch (MatcalcException outside) {
                continue;   // a point outside a function's domain: draw another
            }
            compared++;
            for (Expr back : fBack) compare(List.of(fx), back, p, point, sizes, fx.numRows, true, where);
            for (Expr back : dBack) compare(want, back, p, point, sizes, fx.numRows, false, where);
        }
    }

    /** Parses text in the context: it must type-check, with every size one the declarations name. */
    static Expr readBack(Context context, String text, Expr original, String where) {
        Expr back;
        try {
            back = context.check("printed", text).expr();
        } catch (MatcalcException e) {
            throw new AssertionError(where + "\n  the printed text does not read back:\n" + e.render(), e);
        }
        Set<String> free = freeSizes(back);
        if (!free.isEmpty()) {
            fail(where + "\n  " + text + "\n  reads back with sizes nothing in the text fixes: " + free
                    + " (in " + TextPrinter.unicode().print(back) + ")");
        }
        boolean zeroMatrix = Exprs.isZero(original) && back instanceof Expr.Num;   // a zero matrix prints as 0
        if (!zeroMatrix && !back.shape().equals(original.shape())) {
            fail(where + "\n  " + text + "\n  reads back as a " + back.shape() + ", not a " + original.shape());
        }
        return back;
    }

    /** The sizes in e that no declaration names: those of a 𝟏 or I nothing fixes (n_𝟏, n_I). */
    static Set<String> freeSizes(Expr e) {
        Set<String> free = new TreeSet<>();
        for (Expr x : DerivativePropertyTest.subexpressions(e)) {
            for (Dim dim : new Dim[] {x.shape().rows(), x.shape().cols()}) {
                for (Dim factor : dim.factors()) {
                    if (factor instanceof Dim.Sym s && !DECLARED_DIMS.contains(s.name())) free.add(s.name());
                }
            }
        }
        return free;
    }

    private static void compare(List<DMatrixRMaj> want, Expr back, Printed p, Point point, Map<String, Integer> sizes,
                                int fRows, boolean isF, String where) {
        if (!isF && Exprs.isZero(p.result().result().derivative().expr()) && back instanceof Expr.Num) return;
        List<DMatrixRMaj> got;
        try {
            got = isF ? List.of(DerivativePropertyTest.evaluate(point, sizes, back, p.f(), back))
                    : DerivativePropertyTest.derivativeValue(p.result(), back, point, sizes, p.f(), fRows);
        } catch (MatcalcException e) {
            throw new AssertionError(where + "\n  read back as " + TextPrinter.unicode().print(back)
                    + ", it has no value where the original has one: " + e.getMessage(), e);
        }
        for (int i = 0; i < want.size(); i++) {
            DMatrixRMaj diff = got.get(i).copy();
            CommonOps_DDRM.subtractEquals(diff, want.get(i));
            double scale = Math.max(1, NormOps_DDRM.normF(want.get(i)));
            if (!(NormOps_DDRM.normF(diff) <= 1e-9 * scale)) {
                fail(where + "\n  read back as " + TextPrinter.unicode().print(back) + ", which gives "
                        + DerivativePropertyTest.show(got.get(i)) + ", not " + DerivativePropertyTest.show(want.get(i))
                        + "\n  sizes: " + sizes + "\n  point: " + DerivativePropertyTest.show(point));
            }
        }
    }

    // ---------------------------------------------------------------- the cases

    @TestFactory
    Stream<DynamicTest> writtenCasesReadBack() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] w : WRITTEN) {
            for (Layout layout : LAYOUTS) {
                String name = "let " + w[0] + "  d/d" + w[2] + " " + w[1] + "  (" + layout.word() + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Session s = new Session().let(w[0]).layout(layout).seed(7);
                    Expr f = s.context().check("input", w[1]).expr();
                    check(new Printed(name, s, f, s.derive(w[1], w[2]), false), new Random(name.hashCode()));
                }));
            }
            if (w[2].equals("x") && !w[1].contains("‖") && !w[1].contains("norm")) {
                // the Hessian of a scalar, read back the same way (2 α I_n for α xᵀ x)
                String name = "let " + w[0] + "  Hessian of " + w[1] + " by " + w[2];
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Session s = new Session().let(w[0]).seed(7);
                    Expr f = s.context().check("input", w[1]).expr();
                    if (!f.shape().isScalar()) return;
                    check(new Printed(name, s, f, s.hessian(w[1], w[2]), false), new Random(name.hashCode()));
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> randomResultsReadBack() {
        REFUSED.clear();
        OPEN.clear();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                DerivativePropertyTest.Case c = DerivativePropertyTest.generate(seed);
                Random r = new Random(seed);
                for (Layout layout : LAYOUTS) {
                    DerivativePropertyTest.Case in = new DerivativePropertyTest.Case(seed, c.problem(), c.wrt(), layout);
                    Session s = in.session();
                    Expr f = s.context().check("input", c.problem().expression()).expr();
                    if (!freeSizes(f).isEmpty()) {
                        OPEN.put(seed, in.describe());
                        return;
                    }
                    DerivativeResult result;
                    try {
                        result = s.derive(c.problem().expression(), c.wrt());
                    } catch (MatcalcException e) {
                        REFUSED.put(seed, in.describe() + "\n  refused: " + e.getMessage());
                        continue;
                    }
                    check(new Printed(in.describe().replace("-Dderivatives.", "-Dprinted."), s, f, result, true), r);
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("few refusals", () -> {
            int limit = (int) Math.ceil(DerivativePropertyTest.MAX_REFUSED * CASES);
            System.out.println("PrintedResultsRoundTripTest: " + CASES + " cases from seed " + SEED + ", " + REFUSED.size()
                    + " refused, " + OPEN.size() + " with a size the expression itself leaves open");
            assertTrue(REFUSED.size() <= limit, REFUSED.size() + " of " + CASES + " cases refused (at most " + limit
                    + "):\n" + String.join("\n", new TreeMap<>(REFUSED).values()));
        }));
        return tests.stream();
    }

    // ---------------------------------------------------------------- the sized forms

    /** 𝟏_n, ones_n, I_n, I_3, I_{m·n}: the size as written, in both notations; printed back the same. */
    @Test
    void sizedOnesAndIdentityReadAsWritten() {
        Context c = new Session().let("x: n; y: m; α: scalar").context();
        Dim n = Dim.sym("n");
        Dim mn = Dim.product(Dim.sym("m"), n);
        assertEquals(Exprs.ones(n), c.check("t", "𝟏_n").expr());
        assertEquals(Exprs.ones(n), c.check("t", "ones_n").expr());
        assertEquals(Exprs.identity(n), c.check("t", "I_n").expr());
        assertEquals(Exprs.identity(Dim.of(3)), c.check("t", "I_3").expr());
        assertEquals(Exprs.identity(mn), c.check("t", "I_{m·n}").expr());
        assertEquals(Exprs.ones(mn), c.check("t", "ones_{n*m}").expr());
        assertEquals("𝟏_nᵀ", TextPrinter.unicode().print(c.check("t", "𝟏_nᵀ").expr()));
        assertEquals("ones_n'", TextPrinter.ascii().print(c.check("t", "𝟏_nᵀ").expr()));
        assertEquals("α I_{m·n}", TextPrinter.unicode().print(c.check("t", "α I_{m*n}").expr()));
        assertEquals("alpha I_{m*n}", TextPrinter.ascii().print(c.check("t", "α I_{m*n}").expr()));
        // a neighbour fixes the size: no subscript
        assertEquals("𝟏ᵀ x", TextPrinter.unicode().print(c.check("t", "𝟏_nᵀ x").expr()));
        assertEquals("x + 𝟏", TextPrinter.unicode().print(c.check("t", "x + 𝟏_n").expr()));
        // sized per value: the 𝟏 𝟏ᵀ 𝟏 leaves open is written 𝟏_n everywhere it is printed
        assertEquals("𝟏_nᵀ 𝟏_n + 𝟏_nᵀ x", TextPrinter.unicode().print(c.check("t", "𝟏_nᵀ 𝟏_n + 𝟏ᵀ x").expr()));
        // sum(𝟏_n) and tr(I_n) are the size itself
        assertEquals("n + 𝟏ᵀ x", TextPrinter.unicode().print(c.check("t", "sum(𝟏_n) + 𝟏ᵀ x").expr()));
        assertEquals("3 n", TextPrinter.unicode().print(c.check("t", "tr(I_3) tr(I_n)").expr()));
        // the user's own open size stays open
        assertEquals("α I", TextPrinter.unicode().print(c.check("t", "α I").expr()));
    }

    @Test
    void aSizeMustBeADimension() {
        Context c = new Session().let("x: n; α: scalar").context();
        MatcalcException e = assertThrows(MatcalcException.class, () -> c.check("t", "I_x").expr());
        assertEquals("t:1:1: error: x is a variable, not a size; the size in I_n is a dimension, such as n in x: n\n  I_x\n  ^~~",
                e.render());
        assertThrows(MatcalcException.class, () -> c.check("t", "𝟏_0").expr());
        assertEquals("t:1:1: error: k is not a declared size; the size in 𝟏_n is a dimension of a declaration (n in x: n) or a number\n  𝟏_k\n  ^~~",
                assertThrows(MatcalcException.class, () -> c.check("t", "𝟏_k").expr()).render());
        assertThrows(MatcalcException.class, () -> c.check("t", "𝟏_n + 𝟏_3").expr());   // n is not 3
        // I_hat is the name Î, as y_hat is ŷ
        assertEquals("Î", ((Expr.Var) c.check("t", "I_hat").expr()).name());
    }
}
