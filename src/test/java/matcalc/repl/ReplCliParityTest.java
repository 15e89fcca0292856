package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import matcalc.cli.CliRun;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each REPL command prints exactly what its command-line counterpart prints on the same inputs:
 * both go through the same views and renderers (matcalc.present). A case is the REPL's set-up
 * lines, the command, and the CLI's arguments; the REPL's output for the command is what the
 * script prints after the set-up alone.
 */
class ReplCliParityTest {
    static final String LOGISTIC = "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)";
    static final String LOSS = "-sum(y ⊙ log(softmax(W x + b)))";
    static final String HIDDEN = "x: n; W1: k x n; b1: k; W2: d x k; b2, y: d; h1 = g(W1 x + b1); ŷ = softmax(W2 h1 + b2)";

    @TempDir
    static Path dir;

    record Case(String name, List<String> setup, String command, String[] cli) {}

    static Case c(String name, List<String> setup, String command, String... cli) {
        return new Case(name, setup, command, cli);
    }

    static List<Case> cases() throws IOException {
        Path point = dir.resolve("point.json");
        Files.writeString(point, "{\"W\": [[1, 2], [3, 4], [0, -1]], \"x\": [0.5, -1], \"b\": [0.1, 0.2, 0.3], \"y\": [0, 1, 0]}");
        String at = point.toString();
        List<String> logistic = List.of(LOGISTIC, "assume sum(y) = 1");
        List<Case> out = new ArrayList<>();
        out.add(c("a gradient", logistic, "d/dW " + LOSS,
                "diff", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", LOSS));
        out.add(c("several variables", logistic, "d/dW,b,x " + LOSS,
                "diff", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W,b,x", LOSS));
        out.add(c("without the assumption", List.of(LOGISTIC), "d/db " + LOSS, "diff", "--let", LOGISTIC, "--wrt", "b", LOSS));
        out.add(c("denominator layout", List.of(LOGISTIC, ":layout denominator"), "d/dx " + LOSS,
                "diff", "--let", LOGISTIC, "--layout", "denominator", "--wrt", "x", LOSS));
        out.add(c("a vector of a matrix (δ)", List.of("W: d x n; x: n"), "d/dW W x", "diff", "--let", "W: d x n; x: n", "--wrt", "W", "W x"));
        out.add(c("a matrix of a matrix (Δ)", List.of("X, A: n x n"), "d/dX X A X", "diff", "--let", "X, A: n x n", "--wrt", "X", "X A X"));
        out.add(c("a user's Δ beside the seed", List.of("X, Δ: n x n"), "d/dX X Δ", "diff", "--let", "X, Δ: n x n", "--wrt", "X", "X Δ"));
        out.add(c("a hidden layer", List.of(HIDDEN, "assume sum(y) = 1"), "d/dW1 -sum(y ⊙ log(ŷ))",
                "diff", "--let", HIDDEN, "--assume", "sum(y) = 1", "--wrt", "W1", "-sum(y ⊙ log(ŷ))"));
        out.add(c("a Hessian", List.of("x: n; A: m x n; b: m"), ":hessian x 0.5 norm(A x − b)^2",
                "hessian", "--let", "x: n; A: m x n; b: m", "--wrt", "x", "0.5 norm(A x − b)^2"));
        out.add(c("a mixed second derivative", List.of("x: n; y: m; B: n x m"), ":hessian x,y xᵀ B y",
                "hessian", "--let", "x: n; y: m; B: n x m", "--wrt", "x", "--then", "y", "xᵀ B y"));
        out.add(c("a derivative written out", List.of("X: m x n; A: p x m; B: n x q"), ":explicit X A X B",
                "diff", "--explicit", "--let", "X: m x n; A: p x m; B: n x q", "--wrt", "X", "A X B"));
        out.add(c("the last derivative written out", List.of("X, Y: m x n", "d/dX X ⊙ Y"), ":explicit",
                "diff", "--explicit", "--let", "X, Y: m x n", "--wrt", "X", "X ⊙ Y"));
        List<String> derived = new ArrayList<>(logistic);
        derived.add("d/dW " + LOSS);
        out.add(c("a right answer", derived, ":check ŷ xᵀ − y xᵀ",
                "check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "ŷ xᵀ − y xᵀ", LOSS));
        out.add(c("a wrong sign", derived, ":check (y − ŷ) xᵀ",
                "check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "(y − ŷ) xᵀ", LOSS));
        out.add(c("a missing chain-rule path", List.of("x: n; A: n x n", "d/dx xᵀ A x"), ":check xᵀ A",
                "check", "--let", "x: n; A: n x n", "--wrt", "x", "--answer", "xᵀ A", "xᵀ A x"));
        out.add(c("a counterexample", List.of("x: n; s = softmax(x)", "d/dx softmax(x)"), ":check diag(s)",
                "check", "--let", "x: n; s = softmax(x)", "--wrt", "x", "--answer", "diag(s)", "softmax(x)"));
        out.add(c("the steps", derived, ":steps",
                "diff", "--steps", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", LOSS));
        out.add(c("the steps with several paths", List.of("x: n; A: n x n", "d/dx xᵀ A x"), ":steps",
                "diff", "--steps", "--let", "x: n; A: n x n", "--wrt", "x", "xᵀ A x"));
        out.add(c("the steps in LaTeX", derived, ":latex",
                "diff", "--steps", "--format", "latex", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", LOSS));
        out.add(c("a value", List.of(LOGISTIC, ":load " + at), ":eval softmax(W x + b)", "eval", "--let", LOGISTIC, "--at", at, "softmax(W x + b)"));
        out.add(c("a scalar value", List.of(LOGISTIC, ":load " + at), ":eval " + LOSS, "eval", "--let", LOGISTIC, "--at", at, LOSS));
        List<String> unused = List.of("x: n", "assume sum(y) = 1");
        out.add(c("an assumption the expression does not use", unused, "d/dx sum(x)",
                "diff", "--let", "x: n", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x)"));
        out.add(c("checked with an assumption it does not use", List.of("x: n", "assume sum(y) = 1", "d/dx sum(x)"),
                ":check 𝟏ᵀ", "check", "--let", "x: n", "--assume", "sum(y) = 1", "--wrt", "x", "--answer", "𝟏ᵀ", "sum(x)"));
        out.add(c("a Hessian with an assumption it does not use", unused, ":hessian x sum(x ⊙ x)",
                "hessian", "--let", "x: n", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x ⊙ x)"));
        List<String> loaded = new ArrayList<>(logistic);
        loaded.add(":load " + at);
        loaded.add("d/db " + LOSS);
        out.add(c("a derivative's value", loaded, ":eval",
                "diff", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "b", "--at", at, LOSS));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> eachReplCommandPrintsWhatItsCommandLineCounterpartPrints() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String setup = String.join("\n", c.setup()) + "\n";
            ReplTest.Run before = ReplTest.run(setup);
            assertEquals("", before.err(), "the set-up runs cleanly");
            ReplTest.Run after = ReplTest.run(setup + c.command() + "\n");
            assertEquals("", after.err(), c.command());
            assertTrue(after.out().startsWith(before.out()), after.out());
            String repl = after.out().substring(before.out().length());
            CliRun.Run cli = CliRun.run((Object) c.cli());
            assertTrue(cli.code() == 0 || cli.code() == 1, cli.err());
            assertEquals(cli.out(), repl, c.command() + " in the REPL against matcalc " + String.join(" ", c.cli()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> errorsAreReportedAlikeToo() {
        List<String[]> cases = List.of(
                new String[] {"W: d x n; x: k", ":shape W (x + b)", "diff", "--let", "W: d x n; x: k", "--wrt", "x", "W (x + b)"},
                new String[] {"x: n", "d/dq sofmax(q)", "diff", "--let", "x: n", "--wrt", "q", "sofmax(q)"});
        return cases.stream().map(c -> DynamicTest.dynamicTest(c[1], () -> {
            ReplTest.Run repl = ReplTest.run(c[0] + "\n" + c[1] + "\n");
            CliRun.Run cli = CliRun.run((Object) java.util.Arrays.copyOfRange(c, 2, c.length));
            assertEquals(2, cli.code());
            assertEquals(cli.err(), repl.err());
        }));
    }
}
