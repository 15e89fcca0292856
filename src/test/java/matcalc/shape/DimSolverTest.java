package matcalc.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import matcalc.core.Dim;
import org.junit.jupiter.api.Test;

/**
 * The solver's product terms directly, with unknowns among the factors (as vec(X) of an undeclared
 * X will have): what it solves, what clashes, and what it refuses to guess. Declarations only
 * give products of declared symbols and sizes; {@link ShapeInferenceTest} covers those.
 */
class DimSolverTest {
    final DimSolver s = new DimSolver();
    final int n = s.rigid("n");
    final int m = s.rigid("m");
    final int k = s.rigid("k");

    int product(int... factors) {
        return s.product(java.util.Arrays.stream(factors).boxed().toList());
    }

    Dim resolved(int id) {
        return s.resolve().dim(id);
    }

    @Test
    void aProductIsCanonical() {
        assertEquals(Dim.product(Dim.sym("m"), Dim.sym("n")), resolved(product(n, m)));
        assertEquals("m·n", s.show(product(n, m)));
        assertEquals("2·n", s.show(product(s.literal(2), n)));
        assertEquals(6, ((Dim.Lit) resolved(product(s.literal(2), s.literal(3)))).size());
        assertEquals(n, product(n, s.one()), "a product of one factor is that factor");
        assertTrue(s.unify(product(n, m), product(m, n)));
        assertTrue(s.unify(product(s.literal(2), n, s.literal(3)), product(n, s.literal(6))));
    }

    @Test
    void anUnknownTakesAProductAsItsValue() {
        int u = s.freshDimension("n_x");
        assertTrue(s.unify(u, product(n, m)));
        assertEquals(Dim.product(Dim.sym("m"), Dim.sym("n")), resolved(u));
        assertTrue(s.isNotOne(u));
        assertFalse(s.unify(u, k), "u is now m·n, not k");
    }

    @Test
    void aProductWithOneUnknownFactorEqualToALiteral() {
        int u = s.fresh("u");
        assertTrue(s.unify(product(u, s.literal(3)), s.literal(6)));
        assertEquals(Dim.of(2), resolved(u));
    }

    @Test
    void aProductWithOneUnknownFactorEqualToAProduct() {
        int u = s.fresh("u");
        assertTrue(s.unify(product(u, n), product(n, m, s.literal(2))));
        assertEquals(Dim.product(Dim.of(2), Dim.sym("m")), resolved(u));
        int v = s.fresh("v");
        int w = s.fresh("w");
        assertTrue(s.unify(product(v, k), product(k, w)), "v·k = k·w gives v = w");
        assertEquals(s.find(v), s.find(w));
    }

    @Test
    void unknownsWhoseProductIsOneAreOne() {
        int u = s.fresh("u");
        int v = s.fresh("v");
        assertTrue(s.unify(product(u, v), s.one()));
        assertTrue(s.isOne(u) && s.isOne(v));
        int named = s.freshDimension("n_x");
        assertFalse(s.unify(product(named, s.fresh("w")), s.one()), "the length of a named vector is never 1");
    }

    @Test
    void clashes() {
        assertFalse(s.unify(product(n, m), k), "declared symbols stand for every size: n·m is not k");
        assertFalse(s.unify(product(n, m), s.literal(6)));
        assertFalse(s.unify(product(n, m), product(n, k)));
        assertFalse(s.unify(product(n, m), product(n, m, s.literal(2))));
        assertFalse(s.unify(product(s.fresh("u"), s.literal(2)), s.literal(5)), "5 is not a multiple of 2");
        assertFalse(s.unify(product(s.fresh("u"), n), s.literal(6)), "u·n = 6 for every n: no u");
    }

    @Test
    void moreThanOneSolutionIsNotGuessed() {
        int u = s.fresh("u");
        int v = s.fresh("v");
        DimSolver.Undecidable e = assertThrows(DimSolver.Undecidable.class, () -> s.unify(product(u, v), s.literal(6)));
        assertEquals("u·v = 6 holds for more than one choice of u, v", e.getMessage());
        e = assertThrows(DimSolver.Undecidable.class, () -> s.unify(product(s.fresh("a"), n), product(s.fresh("b"), m)));
        assertEquals("a·n = b·m holds for more than one choice of a, b", e.getMessage());
    }

    @Test
    void laterBindingsReachIntoProducts() {
        int u = s.fresh("u");
        int t = product(u, n);
        assertEquals("n·u", s.show(t));
        assertTrue(s.unify(u, s.literal(3)));
        assertEquals("3·n", s.show(t));
        assertEquals(Dim.product(Dim.of(3), Dim.sym("n")), resolved(t));
        assertTrue(s.unify(t, product(n, s.literal(3))));
        assertEquals(List.of(Dim.of(3), Dim.sym("n")), resolved(t).factors());
    }
}
