package matcalc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.render.LatexPrinter;
import matcalc.render.Pictures;
import matcalc.core.TextPrinter;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every descriptor in {@link Fn} is consistent with the parts of matcalc that read it: each of
 * its names parses, both printers print it back to the same expression, its LaTeX form is the one
 * the LaTeX printer writes and renders, its shape rule takes exactly the shapes the shape checker
 * takes, its value at 0 is its kernel's, and its kernel is finite inside its domain and reported
 * outside it. A function added to the table is tested here without new test code (its derivative
 * rule is RuleWalkTest's).
 */
class FnTableTest {
    static final Dim N = Dim.sym("n");
    static final Dim D = Dim.sym("d");
    static final Context CONTEXT = new Context().let("declarations", "α: scalar; x: n; A: n x n; W: d x n");

    /** An argument as typed and as built: a scalar, a vector, a row, a square and a non-square matrix. */
    record Arg(String text, Expr expr) {}

    static final List<Arg> ARGS = List.of(
            new Arg("α", Exprs.var("α", Shape.SCALAR)),
            new Arg("x", Exprs.var("x", Shape.vector(N))),
            new Arg("xᵀ", Exprs.transpose(Exprs.var("x", Shape.vector(N)))),
            new Arg("A", Exprs.var("A", Shape.matrix(N, N))),
            new Arg("W", Exprs.var("W", Shape.matrix(D, N))));

    @TestFactory
    Stream<DynamicNode> everyFunction() {
        return Arrays.stream(Fn.values()).map(fn -> DynamicContainer.dynamicContainer(fn.fnName(), Stream.of(
                DynamicTest.dynamicTest("every name parses", () -> namesParse(fn)),
                DynamicTest.dynamicTest("prints back in Unicode and ASCII", () -> printsBack(fn)),
                DynamicTest.dynamicTest("LaTeX form", () -> latex(fn)),
                DynamicTest.dynamicTest("shape rule = shape checker", () -> shapesAgree(fn)),
                DynamicTest.dynamicTest("value at 0", () -> valueAtZero(fn)),
                DynamicTest.dynamicTest("kernel inside its domain", () -> insideDomain(fn)),
                DynamicTest.dynamicTest("domain error outside it", () -> outsideDomain(fn)))));
    }

    /**
     * The arguments the factory takes, with fn applied; inv of a scalar is left out (it is built as
     * α^-1), and so are applications the factory folds away (vec(x) is x).
     */
    static List<Expr> applications(Fn fn) {
        List<Expr> out = new ArrayList<>();
        for (Arg a : ARGS) {
            if (fn == Fn.INV && a.expr().shape().isScalar()) continue;
            try {
                Expr built = Exprs.apply(fn, a.expr());
                if (built instanceof Expr.Apply) out.add(built);
            } catch (ShapeException notTaken) {
                // the checker must refuse it too: shapesAgree
            }
        }
        assertTrue(!out.isEmpty(), fn + " takes none of " + ARGS);
        return out;
    }

    /** The first non-scalar argument fn takes (and the factory does not fold away). */
    static Arg firstArg(Fn fn) {
        for (Arg a : ARGS.subList(1, ARGS.size())) {
            try {
                if (!(Exprs.apply(fn, a.expr()) instanceof Expr.Apply)) continue;
                return a;
            } catch (ShapeException notTaken) {
                // try the next
            }
        }
        throw new AssertionError(fn + " takes no vector or matrix");
    }

    static Expr parse(String text) {
        return CONTEXT.check("input", text).expr();
    }

    static void namesParse(Fn fn) {
        Arg a = firstArg(fn);
        Expr expected = Exprs.apply(fn, a.expr());
        List<String> spellings = new ArrayList<>();
        for (String name : fn.names()) {
            spellings.add(name);
            if (!Names.toAscii(name).equals(name)) spellings.add(Names.toAscii(name));   // σ as sigma
        }
        for (String name : spellings) {
            assertEquals(expected, parse(name + "(" + a.text() + ")"), name);
            assertEquals(fn, Fn.byName(Names.canonical(name)).orElseThrow(), name);
        }
        assertTrue(Fn.callableNames().contains(fn.fnName()) && Fn.callableNames().contains(fn.unicodeName()));
        for (Fn other : Fn.values()) {
            if (other == fn) continue;
            for (String name : fn.names()) assertTrue(!other.names().contains(name), name + " names two functions");
        }
    }

    static void printsBack(Fn fn) {
        for (Expr e : applications(fn)) {
            String unicode = TextPrinter.unicode().print(e);
            String ascii = TextPrinter.ascii().print(e);
            assertTrue(ascii.chars().allMatch(c -> c < 128), ascii);
            assertEquals(e, parse(unicode), unicode);
            assertEquals(e, parse(ascii), ascii);
            if (fn.notation() == Fn.Notation.CALL) {
                assertTrue(unicode.startsWith(fn.unicodeName() + "("), unicode);
                assertTrue(ascii.startsWith(fn.fnName() + "("), ascii);
            }
        }
    }

    static void latex(Fn fn) {
        Expr e = Exprs.apply(fn, firstArg(fn).expr());
        String latex = new LatexPrinter().print(e);
        String form = switch (fn.notation()) {
            case CALL -> fn.latex() + "\\left(";
            case ROOT -> "\\sqrt{";
            case BARS -> "\\left|";
            case NORM_BARS -> "\\left\\|";
            case INVERSE -> "^{-1}";
        };
        assertTrue(latex.contains(form), latex + " lacks " + form);
        assertNotNull(Pictures.icon(latex), latex);
    }

    /**
     * For every kind of argument, the factory and the checker agree on whether fn takes it and on
     * the result's shape; the checker says what is wrong. Undeclared names, whose shapes the checker
     * infers through the rule, never reach the factory ill-shaped.
     */
    static void shapesAgree(Fn fn) {
        for (Arg a : ARGS) {
            Shape factory;
            try {
                factory = Exprs.apply(fn, a.expr()).shape();
            } catch (ShapeException e) {
                factory = null;
            }
            String text = fn.fnName() + "(" + a.text() + ")";
            try {
                Shape checked = parse(text).shape();
                assertEquals(factory, checked, text + ": the factory and the checker disagree");
            } catch (MatcalcException e) {
                assertEquals(null, factory, text + ": the checker refuses what the factory takes: " + e.getMessage());
                assertTrue(e.getMessage().contains(" needs "), e.getMessage());
            }
        }
        for (String undeclared : List.of("u", "B", "γ")) {
            String text = fn.fnName() + "(" + undeclared + ")";
            try {
                parse(text);
            } catch (MatcalcException refused) {
                assertTrue(refused.getMessage().contains(" needs "), refused.getMessage());
            }
        }
    }

    /** fn(0) folds to the kernel's value at 0; a function that does not fold is outside its domain at 0. */
    static void valueAtZero(Fn fn) {
        for (Expr e : applications(fn)) {
            Shape s = ((Expr.Apply) e).arg().shape();
            Expr folded = Exprs.apply(fn, Exprs.zero(s));
            Evaluator ev = new Evaluator(new Point()).withSize("n", 3).withSize("d", 2);
            DMatrixRMaj zero = new DMatrixRMaj(s.rows().isOne() ? 1 : size(s.rows()), s.cols().isOne() ? 1 : size(s.cols()));
            if (fn.atZero(s, e.shape()) == null) {
                assertTrue(folded instanceof Expr.Apply a && a.fn() == fn, fn + "(0) folded to " + folded);
                assertThrows(MatcalcException.class, () -> ev.evaluate(folded), fn + "(0) is defined: give it a value at 0");
            } else {
                assertEquals(e.shape(), folded.shape(), "the folded " + folded);
                assertClose(fn.value(zero), ev.evaluate(folded), fn + "(0) folded to " + folded);
            }
        }
    }

    static int size(Dim d) {
        return ((Dim.Sym) d).name().equals("n") ? 3 : 2;
    }

    /** At points drawn inside the domain the value is finite, and taken entry by entry for an elementwise function. */
    static void insideDomain(Fn fn) {
        assertEquals(fn.elementwise(), fn.shapeRule() == ShapeRule.SAME, "elementwise ⇔ the shape of its argument");
        // the sampler draws matrices under det, logdet and inv invertible with det > 0; entries (and a
        // 1×1 determinant) are positive in its positive mode, which the verifier tries after the signed one
        Sampler.Mode mode = fn.domain() == Domain.REALS ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
        for (Expr e : applications(fn)) {
            for (int seed = 0; seed < 5; seed++) {
                Sampler sampler = new Sampler(new Random(seed));
                Map<String, Integer> sizes = sampler.sizes(e);
                Point p = sampler.point(sizes, mode, e);
                Evaluator ev = new Evaluator(p);
                sizes.forEach(ev::withSize);
                DMatrixRMaj value = ev.evaluate(e);
                for (int i = 0; i < value.getNumElements(); i++) {
                    assertTrue(Double.isFinite(value.data[i]), e + " at " + p.values());
                }
                if (fn.elementwise()) {
                    DMatrixRMaj arg = ev.evaluate(((Expr.Apply) e).arg());
                    for (int i = 0; i < value.getNumElements(); i++) {
                        assertEquals(fn.entrywise().applyAsDouble(arg.data[i]), value.data[i], 0, e.toString());
                    }
                }
            }
        }
    }

    /** A value outside the domain is a domain error that names the function's need and the expression. */
    static void outsideDomain(Fn fn) {
        Expr e = Exprs.apply(fn, firstArg(fn).expr());
        String name = ((Expr.Apply) e).arg() instanceof Expr.Var v ? v.name() : "x";
        int n = 2;
        DMatrixRMaj outside = switch (fn.domain()) {
            case REALS, SQUARE -> null;
            case POSITIVE -> new DMatrixRMaj(new double[][] {{1}, {0}});
            case NON_NEGATIVE -> new DMatrixRMaj(new double[][] {{1}, {-1}});
            case POSITIVE_DETERMINANT -> new DMatrixRMaj(new double[][] {{0, 1}, {1, 0}});
            case INVERTIBLE -> new DMatrixRMaj(n, n);
        };
        if (outside == null) return;
        Point p = new Point().put(name, outside);
        MatcalcException error = assertThrows(MatcalcException.class, () -> new Evaluator(p).evaluate(e), e.toString());
        String need = fn.domain().needs() != null ? fn.fnName() + " needs " + fn.domain().needs() + ", but "
                : "the matrix is singular";
        assertTrue(error.getMessage().startsWith(need), error.getMessage());
        assertTrue(error.getMessage().endsWith(" in " + TextPrinter.unicode().print(e)), error.getMessage());
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj got, String what) {
        assertEquals(expected.numRows + "×" + expected.numCols, got.numRows + "×" + got.numCols, what);
        for (int i = 0; i < expected.getNumElements(); i++) {
            if (Math.abs(expected.data[i] - got.data[i]) > 1e-12) fail(what + ": " + expected + " vs " + got);
        }
    }

    /**
     * The lookup keeps the spellings people type; suggestions list the ASCII names in the table's
     * order, then dot, then the Unicode spellings (σ), so that a near miss suggests sigmoid.
     */
    @Test
    void namesAndAliases() {
        Map<String, Fn> typed = new HashMap<>(Map.of("ln", Fn.LOG, "trace", Fn.TR, "inverse", Fn.INV, "σ", Fn.SIGMOID,
                "sigmoid", Fn.SIGMOID, "norm", Fn.NORM));
        typed.forEach((name, fn) -> assertEquals(fn, Fn.byName(name).orElseThrow(), name));
        assertTrue(Fn.byName("dot").isEmpty() && Fn.isBuiltinName("dot"));
        assertTrue(Fn.byName("kron").isEmpty() && Fn.isBuiltinName("kron"));
        List<String> expected = new ArrayList<>();
        for (Fn f : Fn.values()) expected.add(f.fnName());
        expected.add("dot");
        expected.add("kron");
        expected.addAll(List.of("mean", "colsum", "rowsum"));
        for (Fn f : Fn.values()) if (!f.unicodeName().equals(f.fnName())) expected.add(f.unicodeName());
        assertEquals(expected, Fn.callableNames());
        assertEquals(List.of("exp", "log", "sin"), expected.subList(0, 3));
        assertEquals("σ", expected.get(expected.size() - 1));
    }
}
