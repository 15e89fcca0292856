package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import matcalc.bench.Workloads;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/**
 * Flat sums of 100,000 terms, long products and chains 100,000 deep through the derivation engine
 * (differentials, reverse sweep, simplification, the numeric check), on a thread with the CLI's
 * 512 MB stack. The inputs are built as core expressions: parsing them is the syntax stage's
 * business. Results are asserted, never timed (timings: the derivation-sizes benchmark, README).
 * What is inherently too large written out is refused with its size.
 */
class HugeInputsTest {
    private static Derivative derive(Workloads.Workload w, int n) {
        Context.Checked checked = w.checked(n);
        Engine engine = Engine.of(new Context());
        Derivative d = engine.deriver().derive(checked.expr(), List.of(Engine.variable(checked, w.wrt())),
                Layout.NUMERATOR, checked.definitions(), checked.assumptions()).get(w.wrt());
        Verification v = engine.verify(d, checked, "∂/∂" + w.wrt());
        assertTrue(v.passed() || v.detail().contains("overflows"), w.name() + " at " + n + ": " + v.detail());
        return d;
    }

    /** Runs body on a thread with the CLI's stack; rethrows what it threw. */
    private static <T> T onWorker(java.util.function.Supplier<T> body) throws Exception {
        return matcalc.LargeStack.call(body);
    }

    @Test
    void sumOfOneHundredThousandXs() throws Throwable {
        Derivative d = onWorker(() -> derive(Workloads.named("sum of n x"), 100_000));
        assertEquals("100000 I_n", d.expr().toString()); // nothing beside I fixes its size: written I_n
    }

    @Test
    void sumOfManyInnerProducts() throws Throwable {
        Derivative d = onWorker(() -> derive(Workloads.named("sum of n (x"), 20_000));
        assertEquals("20000 yᵀ", d.expr().toString());
    }

    @Test
    void sumOfManyScalarsByOne() throws Throwable {
        Derivative d = onWorker(() -> derive(Workloads.named("sum of n scalars"), 20_000));
        assertEquals("1", d.expr().toString());
    }

    @Test
    void productOfManyScalarsByOneFactor() throws Throwable {
        int n = 10_000;
        Derivative d = onWorker(() -> derive(Workloads.named("product of n scalars"), n));
        List<Expr> rest = new ArrayList<>();
        for (int i = 1; i < n; i++) rest.add(Exprs.var("a" + i, Shape.SCALAR));
        assertEquals(Exprs.product(1, rest, List.of()), d.expr());
    }

    @Test
    void quadraticFormThroughTenThousandMatrices() throws Throwable {
        // (?A ?b)ᵀ, ?A ?Aᵀ and the `if simpler` rules tried on a chain of 10,002 factors: each
        // split once at most, and only where its shapes fit; the result (checked numerically by
        // derive) is two chains of n matrices, xᵀ(A … A + (A … A)ᵀ) in one arrangement or another
        for (int n : new int[] {300, 10_000}) {
            Derivative d = onWorker(() -> derive(Workloads.named("xᵀ A … A x"), n));
            long written = matcalc.core.Exprs.writtenOut(d.expr(), new java.util.IdentityHashMap<>());
            assertTrue(written >= 2L * n && written <= 4L * n + 20, n + ": " + written + " symbols");
        }
    }

    @Test
    void productOfOneVariableManyTimes() throws Throwable {
        Derivative d = onWorker(() -> derive(Workloads.named("product of n a"), 1_000));
        assertEquals("1000 a^999", d.expr().toString());
    }

    @Test
    void productTooLargeWrittenOutIsRefusedWithItsSize() {
        MatcalcException e = assertThrows(MatcalcException.class,
                () -> onWorker(() -> derive(Workloads.named("product of n a"), 10_000)));
        assertTrue(e.getMessage().contains("would have ~100000000 factors"), e.getMessage());
    }

    @Test
    void oneHundredThousandTransposesNegationsAndParentheses() throws Throwable {
        for (String w : List.of("n transposes", "n nested negations", "n nested parentheses")) {
            Derivative d = onWorker(() -> derive(Workloads.named(w), 100_000));
            assertEquals("I_n", d.expr().toString(), w);
        }
    }

    @Test
    void nestedSums() throws Throwable {
        Derivative d = onWorker(() -> derive(Workloads.named("n nested sum"), 10_000));
        assertEquals("𝟏_nᵀ", d.expr().toString());
    }

    @Test
    void nestedExpIsTheProductOfEveryLevel() throws Throwable {
        int n = 300;
        Derivative d = onWorker(() -> derive(Workloads.named("n nested exp"), n));
        // d exp^n(a)/da = exp^n(a) exp^(n-1)(a) … exp(a)
        List<Expr> levels = new ArrayList<>();
        Expr e = Workloads.A;
        for (int i = 0; i < n; i++) {
            e = Exprs.apply(Fn.EXP, e);
            levels.add(0, e);
        }
        assertEquals(Exprs.product(1, levels, List.of()), d.expr());
        assertTrue(matcalc.core.Exprs.writtenOut(d.expr(), new java.util.IdentityHashMap<>()) > (long) n * n / 2,
                "written out, the result is quadratic in the depth; held shared, it is not");
    }

    @Test
    void deepChainsTooLargeWrittenOutAreRefusedWithTheirSize() {
        for (String w : List.of("n nested exp", "n nested σ")) {
            MatcalcException e = assertThrows(MatcalcException.class,
                    () -> onWorker(() -> derive(Workloads.named(w), 100_000)), w);
            assertTrue(e.getMessage().startsWith("the derivative written out would have more than ~1e+07 symbols"),
                    e.getMessage());
        }
    }

    @Test
    void deepChainsLargeOnlyWrittenOutArePrintedWithNamedIntermediates() throws Throwable {
        // 2,000 nested exp: ~2.0e+06 symbols written out (once refused), a few thousand named
        Derivative d = onWorker(() -> derive(Workloads.named("n nested exp"), 2_000));
        assertTrue(matcalc.core.Exprs.writtenOut(d.expr(), new java.util.IdentityHashMap<>()) > 1_000_000);
        matcalc.core.Intermediates named = matcalc.core.Intermediates.of(d.display(), d.f(), java.util.Set.of(),
                matcalc.core.Intermediates.Mode.auto);
        assertTrue(named != null && named.size() < 20_000, "named: " + (named == null ? null : named.size()));
    }
}
