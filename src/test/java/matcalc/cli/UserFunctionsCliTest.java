package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import matcalc.cli.CliRun.Run;
import matcalc.shape.Script;
import matcalc.syntax.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User functions through the CLI: definitions, stated derivatives, answers with f and f', errors with carets. */
class UserFunctionsCliTest {
    static final String SWISH = "x: n; W: d x n; b: d; f(u) = u ⊙ σ(u)";

    static Run ok(Object... args) {
        Run r = CliRun.run(args);
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertEquals("", r.err());
        return r;
    }

    static String bad(String let, String expr) {
        Run r = CliRun.run("diff", "--let", let, "--wrt", "x", expr);
        assertEquals(Main.BAD_INPUT, r.code(), () -> r.out() + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(3, r.err().strip().split("\n").length, "one line, the text and a caret: " + r.err());
        return r.err();
    }

    @Test
    void aDefinedFunctionIsUsedLikeABuiltInAndItsResultIsChecked() {
        Run r = ok("diff", "--let", SWISH, "--wrt", "W", "sum(f(W x + b))");
        assertEquals("∂/∂W sum((W x + b) ⊙ σ(W x + b))\n"
                + "  = (((𝟏 − σ(W x + b)) ⊙ (W x + b) + 𝟏) ⊙ σ(W x + b)) xᵀ\n"
                + "  shape d×n (numerator layout); checked against finite differences at 3 random points\n", r.out());
    }

    @Test
    void aStatedDerivativeIsPutInPlaceOfHPrimeAndChecked() {
        Run r = ok("diff", "--let", "x: n; W: d x n; h'(u) = 1 - h(u).^2", "--wrt", "x", "sum(h(W x))");
        assertEquals("∂/∂x sum(h(W x))\n  = (𝟏 − h(W x).^2)ᵀ W\n"
                + "  shape 1×n (numerator layout); checked against finite differences at 3 random points\n", r.out());
    }

    @Test
    void whereNoSolutionOfTheStatementReachesThePointsTheResultIsMarkedNotChecked() {
        Run r = ok("diff", "--let", "x: n; W: d x n; h'(u) = 1 + h(u).^2", "--wrt", "x", "sum(h(W x))");
        assertTrue(r.out().contains("NOT checked numerically"), r.out());
        assertFalse(r.out().contains("checked against"), r.out());
    }

    @Test
    void answersMayUseTheFunctionAndItsDerivative() {
        assertEquals(0, CliRun.run("check", "--let", SWISH, "--wrt", "x", "sum(f(W x + b))", "--answer", "f'(W x + b)ᵀ W").code());
        assertEquals(1, CliRun.run("check", "--let", SWISH, "--wrt", "x", "sum(f(W x + b))", "--answer", "f(W x + b)ᵀ W").code());
        String stated = "x: n; W: d x n; h'(u) = 1 - h(u).^2";
        assertEquals(0, CliRun.run("check", "--let", stated, "--wrt", "x", "sum(h(W x))", "--answer", "h'(W x)ᵀ W").code());
        assertEquals(0, CliRun.run("check", "--let", stated, "--wrt", "x", "sum(h(W x))", "--answer", "(1 - h(W x).^2)ᵀ W").code());
        assertEquals(1, CliRun.run("check", "--let", stated, "--wrt", "x", "sum(h(W x))", "--answer", "(1 - h(W x))ᵀ W").code());
    }

    @Test
    void badDefinitionsGetOneLineWithACaret() {
        assertTrue(bad("σ(u) = u", "sum(x)").contains("σ is a built-in function; it cannot be redefined"));
        assertTrue(bad("f(u) = u + y", "sum(f(x))").contains("y is not declared"));
        assertTrue(bad("f(u) = f(u) + 1", "sum(f(x))").contains("f is defined in terms of itself"));
        assertTrue(bad("f(u) = sum(u)", "sum(f(x))").contains("sum is not elementwise"));
        assertTrue(bad("f(u) = softmax(u)", "sum(f(x))").contains("softmax is not elementwise"));
        assertTrue(bad("f(u) = uᵀ u", "sum(f(x))").contains("uses the parameter u as a matrix"));
        assertTrue(bad("W: d x n; f(u) = W u", "sum(f(x))").contains("W is a vector or matrix"));
        assertTrue(bad("f(u) = g(u); g(u) = f(u)", "sum(f(x))").contains("g is defined after f"));
        assertTrue(bad("f(u) = 2", "sum(f(x))").contains("does not use its parameter u"));
        assertTrue(bad("x: n; f(x) = x", "sum(f(x))").contains("x is a variable here"));
        assertTrue(bad("β: scalar; h'(u) = β h(u)", "sum(h(x))").contains("may hold only u, h(u)"));
        assertTrue(bad("h'(u) = h(2 u)", "sum(h(x))").contains("h is defined in terms of itself"));
        assertTrue(bad("f(u) = u.^2; f'(u) = 2 u", "sum(f(x))").contains("cannot also be stated"));
        assertTrue(bad("h'(u) = h(u)", "sum(h''(x))").contains("only h' is stated"));
        assertTrue(bad("f(u, v) = u + v", "sum(f(x))").contains("an elementwise function of one parameter"));
        assertTrue(bad("f(u) = u ⊙ I", "sum(f(x))").contains("I is a vector or matrix"));
        assertTrue(bad("h''(u) = h(u)", "sum(h(x))").contains("only a first derivative can be stated"));
        assertTrue(bad("f(u) = u.^u", "sum(f(x))").contains("the exponent cannot depend on u"));
    }

    @TempDir
    Path dir;

    @Test
    void gradeTakesDefinitionsInItsLetLines() throws IOException {
        Path problems = dir.resolve("problems.txt");
        Files.writeString(problems, String.join("\n",
                "problem: swish", "points: 2", "let: x: n; W: d x n; b: d; f(u) = u ⊙ σ(u)", "expr: sum(f(W x + b))", "wrt: x", "",
                "problem: stated", "points: 1", "let: x: n; W: d x n; h'(u) = 1 - h(u).^2", "expr: sum(h(W x))", "wrt: x", ""),
                StandardCharsets.UTF_8);
        Path subs = dir.resolve("subs.csv");
        Files.writeString(subs, String.join("\n", "student,problem,answer",
                "ana,swish,f'(W x + b)ᵀ W", "ana,stated,h'(W x)ᵀ W",
                "bo,swish,f(W x + b)ᵀ W", "bo,stated,(1 - h(W x))ᵀ W", ""), StandardCharsets.UTF_8);
        Run r = ok("grade", "--threads", "1", problems.toString(), subs.toString());
        assertTrue(r.out().startsWith("ana: 3/3\n"), r.out());
        assertTrue(r.out().contains("bo: 0/3\n"), r.out());
    }

    @Test
    void theExamplesTypeCheck() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples/ml"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("user-functions-") && f.toString().endsWith(".mc")).toList()) {
                Script.Result r = Script.run(new Source(p.toString(), Files.readString(p)));
                assertFalse(r.expressions().isEmpty(), p.toString());
                assertFalse(r.context().functions().isEmpty(), p.toString());
            }
        }
    }
}
