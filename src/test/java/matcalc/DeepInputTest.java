package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import matcalc.cli.Main;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.render.LatexPrinter;
import matcalc.repl.Repl;
import matcalc.shape.Context;
import matcalc.syntax.DiagnosticRenderer;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nesting to {@link Parsing#MAX_DEPTH} and sums of 100,000 terms through the stages before and after
 * the derivation (parse, shape check, printing, evaluation), on a thread with the CLI's stack; the
 * limit itself; and such input through the CLI (EXPR as '-', read from standard input) and a piped
 * REPL. Results are checked, not times (those are in SizeBenchmark and the README).
 */
class DeepInputTest {
    static final int N = Parsing.MAX_DEPTH;

    /** Runs the work on a thread with the CLI's stack (cli.Main.STACK_BYTES) and returns its result. */
    static <T> T onLargeStack(java.util.function.Supplier<T> work) throws Exception {
        return LargeStack.call(work);
    }

    static Context.Checked check(String lets, String text) {
        return new Context().let("let", lets).check("input", text);
    }

    static double scalar(Expr e, Point p) {
        DMatrixRMaj v = new Evaluator(p).evaluate(e);
        assertEquals(1, v.getNumElements());
        return v.get(0);
    }

    @Test
    void nestedCallsToTheLimit() throws Exception {
        String text = "sin(".repeat(N) + "α" + ")".repeat(N);
        Context.Checked c = onLargeStack(() -> check("α: scalar", text));
        assertEquals(text, onLargeStack(() -> TextPrinter.unicode().print(c.expr())));
        assertEquals("sin(".repeat(N) + "alpha" + ")".repeat(N), onLargeStack(() -> TextPrinter.ascii().print(c.expr())));
        assertEquals("\\sin\\left(".repeat(N) + "\\alpha" + "\\right)".repeat(N), onLargeStack(() -> new LatexPrinter().print(c.expr())));
        double expected = 0.7;
        for (int i = 0; i < N; i++) expected = Math.sin(expected);
        assertEquals(expected, onLargeStack(() -> scalar(c.expr(), new Point().put("α", 0.7))), 0.0);
    }

    @Test
    void nestedParenthesesAndNegationsToTheLimit() throws Exception {
        Point p = new Point().put("x", new DMatrixRMaj(new double[][] {{1}, {2}, {3}}));
        Context.Checked parens = onLargeStack(() -> check("x: n", "sum(" + "(".repeat(N - 1) + "x" + ")".repeat(N)));
        assertEquals("sum(x)", parens.expr().toString());
        assertEquals(6.0, onLargeStack(() -> scalar(parens.expr(), p)), 0.0);
        // N − 1 minus signs, an odd number
        Context.Checked negations = onLargeStack(() -> check("x: n", "sum(" + "-(".repeat(N - 1) + "x" + ")".repeat(N)));
        assertEquals(-6.0, onLargeStack(() -> scalar(negations.expr(), p)), 0.0);
        Context.Checked transposes = onLargeStack(() -> check("x: n", "x" + "ᵀ".repeat(N - 1) + " x"));
        assertEquals(14.0, onLargeStack(() -> scalar(transposes.expr(), p)), 0.0);
    }

    @Test
    void aSumOfAHundredThousandTerms() throws Exception {
        String text = String.join(" + ", java.util.Collections.nCopies(100_000, "x"));
        Context.Checked c = onLargeStack(() -> check("x: n", text));
        assertInstanceOf(Expr.Add.class, c.expr());
        assertEquals(100_000, ((Expr.Add) c.expr()).terms().size());
        assertEquals(text, onLargeStack(() -> TextPrinter.unicode().print(c.expr())));
        DMatrixRMaj v = onLargeStack(() -> new Evaluator(new Point().put("x", new DMatrixRMaj(new double[][] {{1}, {-2}})))
                .evaluate(c.expr()));
        assertEquals(100_000.0, v.get(0), 0.0);
        assertEquals(-200_000.0, v.get(1), 0.0);
        // with differences: x − x + x − … cancels to x
        StringBuilder alternating = new StringBuilder("x");
        for (int i = 1; i < 100_001; i++) alternating.append(i % 2 == 1 ? " − x" : " + x");
        Context.Checked d = onLargeStack(() -> check("x: n", alternating.toString()));
        DMatrixRMaj w = new Evaluator(new Point().put("x", new DMatrixRMaj(new double[][] {{1}, {-2}}))).evaluate(d.expr());
        assertEquals(1.0, w.get(0), 0.0);
        assertEquals(-2.0, w.get(1), 0.0);
    }

    @Test
    void aProductOfTenThousandFactors() throws Exception {
        Context.Checked scalars = onLargeStack(() -> check("α: scalar", String.join(" ", java.util.Collections.nCopies(10_000, "α"))));
        assertEquals(Math.pow(1.0001, 10_000), scalar(scalars.expr(), new Point().put("α", 1.0001)), 1e-9);
        // a permutation: A^10000 = I, so xᵀ A … A x = xᵀ x
        Context.Checked chain = onLargeStack(() -> check("x: n; A: n x n", "xᵀ " + "A ".repeat(10_000) + "x"));
        Point p = new Point().put("x", new DMatrixRMaj(new double[][] {{1}, {2}}))
                .put("A", new DMatrixRMaj(new double[][] {{0, 1}, {1, 0}}));
        assertEquals(5.0, scalar(chain.expr(), p), 0.0);
    }

    @Test
    void pastTheLimitTheFirstBracketTooManyIsMarked() {
        String text = "sum(" + "(".repeat(N) + "x" + ")".repeat(N + 1);
        MatcalcException e = assertThrows(MatcalcException.class, () -> Parsing.expression(new Source("input", text)));
        // sum( and N − 1 parentheses are open: the next one is past the limit
        assertEquals(4 + N - 1, e.diagnostic().span().start());
        String rendered = DiagnosticRenderer.render(e.diagnostic());
        assertTrue(rendered.startsWith("input:1:" + (4 + N) + ": error: nested too deeply: matcalc reads at most 100000 levels of brackets"), rendered);
        // the quoted line is an excerpt around the place, with the caret under it
        String[] lines = rendered.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].length() < 200, lines[1]);
        assertEquals('(', lines[1].charAt(lines[2].indexOf('^')));
        assertTrue(lines[1].startsWith("  …((("), lines[1]);
        MatcalcException minus = assertThrows(MatcalcException.class,
                () -> Parsing.expression(new Source("input", "-".repeat(N + 1) + "x")));
        assertEquals(N, minus.diagnostic().span().start());
        assertTrue(minus.getMessage().contains("minus signs in a row"), minus.getMessage());
    }

    @Test
    void theCliReadsAnExpressionFromStandardInput(@TempDir Path dir) throws Exception {
        Path point = Files.writeString(dir.resolve("p.json"), "{\"x\": [1, 2, 3]}");
        String deep = "sum(" + "(".repeat(N - 1) + "x" + ")".repeat(N) + "\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"eval", "--at", point.toString(), "-"},
                new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertEquals("sum(x) = 6", out.toString().strip());

        out = new StringWriter();
        err = new StringWriter();
        code = Main.run(new String[] {"diff", "--wrt", "x", "-"},
                new ByteArrayInputStream(("sum(" + "(".repeat(N) + "x" + ")".repeat(N + 1)).getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code);
        String[] lines = err.toString().strip().split("\n");
        assertTrue(lines[0].startsWith("input:1:" + (4 + N) + ": error: nested too deeply"), lines[0]);
        assertEquals(3, lines.length, err.toString());
        assertTrue(err.toString().length() < 1000);
    }

    @Test
    void theCliReadsArgumentsFromAFile(@TempDir Path dir) throws Exception {
        Path point = Files.writeString(dir.resolve("p.json"), "{\"x\": [1, 2, 3]}");
        String expr = String.join(" + ", java.util.Collections.nCopies(30_000, "sum(x)"));   // 270 KB
        Path args = Files.writeString(dir.resolve("args"), "--at\n" + point + "\n" + expr + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"eval", "@" + args}, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertEquals(expr + " = 180000", out.toString().strip());
    }

    @Test
    void aPipedReplTakesAHugeLine() {
        String script = "x: n\n:shape " + "sin(".repeat(N - 1) + "x" + ")".repeat(N - 1) + "\n"
                + ":shape " + "(".repeat(N + 1) + "x" + ")".repeat(N + 1) + "\n"
                + ":shape " + String.join(" + ", java.util.Collections.nCopies(100_000, "x")) + "\n"
                + ":shape xᵀ x\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Repl().script(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("nested too deeply"), err.toString());
        assertTrue(err.toString().length() < 1000, "an excerpt of the line, not the line");
        String[] results = out.toString().strip().split("\n");
        // the declaration, then the three lines that were read
        assertEquals(4, results.length, out.toString().length() < 2000 ? out.toString() : out.toString().substring(0, 2000));
        assertEquals("vector of length n (n×1)", results[1]);
        assertEquals("vector of length n (n×1)", results[2]);
        assertEquals("scalar", results[3]);
    }
}
