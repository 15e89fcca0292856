package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import matcalc.cli.CliRun.Run;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run in-process through {@link Main#run}: what `matcalc eval` and `matcalc diff`
 * print (text, LaTeX, JSON), the options (--let, --assume, --layout, --ascii, --at, --wrt), and the
 * exit codes: 0 on success, 2 with a caret message and no stack trace on bad input.
 */
class CliTest {
    static final String LOSS = "-sum(y ⊙ log(ŷ))";
    static final String[] LOGISTIC = {"--let", "W: d x n", "--let", "ŷ = softmax(W x + b)", "--assume", "sum(y) = 1"};

    @TempDir
    Path dir;
    Path point;

    @BeforeEach
    void writePoint() throws IOException {
        // W x + b = [−1.5, −2.5]; W x = [−2, −2]
        point = write("point.json", "{\"W\": [[1, 2, 3], [4, 5, 6]], \"x\": [1, 0, -1], \"b\": [0.5, -0.5], \"y\": [1, 0]}");
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static Run run(Object... args) {
        return CliRun.run(args);
    }

    static Run ok(Object... args) {
        Run r = run(args);
        assertEquals(0, r.code(), () -> "exit " + r.code() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        assertEquals("", r.err(), "nothing on stderr when all is well");
        return r;
    }

    /** Bad input: exit 2, nothing on stdout, a message on stderr and never a stack trace. */
    static String bad(Object... args) {
        Run r = run(args);
        assertEquals(Main.BAD_INPUT, r.code(), () -> "stdout: " + r.out() + "\nstderr: " + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().isBlank());
        for (String trace : List.of("\tat ", "Exception", "at matcalc.", "at java.", "Caused by")) {
            assertFalse(r.err().contains(trace), "a stack trace or exception name on stderr:\n" + r.err());
        }
        return r.err().stripTrailing();
    }

    @Nested
    class Eval {
        @Test
        void aVectorAsText() {
            assertEquals("""
                    W x + b =   (vector of length 2)
                      [ -1.5 ]
                      [ -2.5 ]
                    """, ok("eval", "--at", point, "W x + b").out());
        }

        @Test
        void aScalarAndAMatrixAsText() {
            assertEquals("sum(W x) = -4\n", ok("eval", "--at", point, "sum(W x)").out());
            assertEquals("""
                    W =   (2×3)
                      [ 1 2 3 ]
                      [ 4 5 6 ]
                    """, ok("eval", "--at", point, "W").out());
        }

        @Test
        void json() throws IOException {
            JsonNode v = ok("eval", "--at", point, "--format", "json", "W x + b").json();
            assertEquals(List.of("schema", "command", "expression", "shape", "value"), fieldNames(v));
            assertEquals(1, v.get("schema").asInt());
            assertEquals("eval", v.get("command").asText());
            assertEquals("W x + b", v.get("expression").get("text").asText());
            assertEquals("[2]", v.get("shape").toString());
            assertEquals("[-1.5,-2.5]", v.get("value").toString());

            JsonNode s = ok("eval", "--at", point, "--format", "json", "sum(W x)").json();
            assertEquals("[]", s.get("shape").toString());
            assertEquals(-4.0, s.get("value").asDouble());

            JsonNode m = ok("eval", "--at", point, "--format", "json", "W").json();
            assertEquals("[2,3]", m.get("shape").toString());
            assertEquals("[[1.0,2.0,3.0],[4.0,5.0,6.0]]", m.get("value").toString());

            JsonNode row = ok("eval", "--at", point, "--format", "json", "xᵀ").json();
            assertEquals("[1,3]", row.get("shape").toString());
            assertEquals("[[1.0,0.0,-1.0]]", row.get("value").toString());
        }

        @Test
        void letWithDeclarationsAndIntermediatesAndAscii() {
            assertEquals("""
                    (W x + b) .* (W x + b) + ones =   (vector of length 2)
                      [ 3.25 ]
                      [ 7.25 ]
                    """, ok("eval", "--at", point, "--ascii", "--let", "W: d x n", "--let", "u = W x + b", "u ⊙ u + 𝟏").out());
            // several statements in one --let, separated by ';'; the expression is echoed with them expanded
            assertEquals("−0.4 sum(W x + b) = 1.6\n", ok("eval", "--at", point, "--let", "u = W x + b; h = -sum(u) / 2.5", "h").out());
        }

        @Test
        void sizesComeFromEveryVariableEvenOnesTheExpressionLoses() {
            // 0 x simplifies to a zero vector that no longer mentions x; its length is still that of x
            List<String> lines = ok("eval", "--at", point, "exp(0 x)").out().lines().toList();
            assertTrue(lines.get(0).endsWith("=   (vector of length 3)"), lines.get(0));
            assertEquals(List.of("  [ 1 ]", "  [ 1 ]", "  [ 1 ]"), lines.subList(1, 4));
        }
    }

    @Nested
    class Diff {
        @Test
        void theSlidesLogisticRegressionAsText() {
            assertEquals("""
                    ∂/∂W −sum(y ⊙ log(softmax(W x + b)))
                      = (ŷ − y) xᵀ
                      shape d×n (numerator layout); checked against finite differences at 3 random points
                    """, ok("diff", "--wrt", "W", LOGISTIC, LOSS).out());
        }

        @Test
        void withoutTheAssumptionTheGeneralForm() {
            assertEquals("  = (sum(y) ŷ − y) xᵀ", ok("diff", "--wrt", "W", "--let", "W: d x n", "--let", "ŷ = softmax(W x + b)", LOSS)
                    .out().lines().toList().get(1));
        }

        @Test
        void withAValueAtAPoint() {
            // W x + b = [−1.5, −2.5]: ŷ = [e/(1+e), 1/(1+e)], ŷ − y = [−0.2689…, 0.2689…], times xᵀ = [1, 0, −1]
            assertEquals("""
                    ∂/∂W −sum(y ⊙ log(softmax(W x + b)))
                      = (ŷ − y) xᵀ
                      shape d×n (numerator layout); checked against finite differences at 3 random points
                      value:
                        [ -0.2689414214 0  0.2689414214 ]
                        [  0.2689414214 0 -0.2689414214 ]
                    """, ok("diff", "--wrt", "W", LOGISTIC, "--at", point, LOSS).out());
        }

        @Test
        void latex() {
            assertEquals("\\frac{\\partial}{\\partial \\mathbf{W}}\\left[-\\operatorname{sum}\\left(\\mathbf{y} \\odot "
                    + "\\log\\left(\\operatorname{softmax}\\left(\\mathbf{W} \\mathbf{x} + \\mathbf{b}\\right)\\right)\\right)\\right]"
                    + " = \\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right) \\mathbf{x}^\\top\n",
                    ok("diff", "--wrt", "W", "--format", "latex", LOGISTIC, LOSS).out());
        }

        @Test
        void jsonFieldsAndAOneByNValueNestedTwoDeep() throws IOException {
            JsonNode doc = ok("diff", "--wrt", "b", "--format", "json", "--at", point, LOGISTIC, LOSS).json();
            assertEquals(List.of("schema", "command", "expression", "derivatives"), fieldNames(doc), "no notes: the assumption is about y, which the loss has");
            assertEquals("−sum(y ⊙ log(softmax(W x + b)))", doc.get("expression").get("text").asText());
            assertEquals("-sum(y .* log(softmax(W x + b)))", doc.get("expression").get("ascii").asText());
            JsonNode v = doc.get("derivatives").get(0);
            assertEquals("b", v.get("wrt").asText());
            assertEquals("(ŷ − y)ᵀ", v.get("derivative").get("text").asText());
            assertEquals("(y_hat - y)'", v.get("derivative").get("ascii").asText());
            assertEquals("\\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right)^\\top", v.get("derivative").get("latex").asText());
            // the point fixes d: sizes are integers
            assertEquals("[1,2]", v.get("shape").toString());
            assertEquals("passed", v.get("verification").get("status").asText());
            // 1×d: one row, as [[…]]
            JsonNode value = v.get("value");
            assertEquals(1, value.size());
            assertEquals(2, value.get(0).size());
            assertEquals(-1 / (1 + Math.E), value.get(0).get(0).asDouble(), 1e-12);
            assertEquals(1 / (1 + Math.E), value.get(0).get(1).asDouble(), 1e-12);
        }

        @Test
        void jsonOfAMatrixHasOneListPerRow() throws IOException {
            JsonNode v = ok("diff", "--wrt", "W", "--format", "json", "--at", point, "--let", "W: d x n", "sum(W x)").json()
                    .get("derivatives").get(0);
            assertEquals("𝟏_d xᵀ", v.get("derivative").get("text").asText());
            assertEquals("[2,3]", v.get("shape").toString());
            assertEquals("[[1.0,0.0,-1.0],[1.0,0.0,-1.0]]", v.get("value").toString());
        }

        @Test
        void jsonOfATensorNestsThreeDeep() throws IOException {
            JsonNode v = ok("diff", "--wrt", "W", "--format", "json", "--at", point, "--let", "W: d x n", "W x + b").json()
                    .get("derivatives").get(0);
            assertEquals("[2,2,3]", v.get("shape").toString());
            assertEquals("δ", v.get("tensor").get("seed").get("text").asText());
            // slice i is ∂(W x + b)_i/∂W: row i is xᵀ, the other rows 0
            assertEquals("[[[1.0,0.0,-1.0],[0.0,0.0,0.0]],[[0.0,0.0,0.0],[1.0,0.0,-1.0]]]", v.get("value").toString());
        }

        @Test
        void severalVariablesGiveOneDocumentWithAListOfDerivatives() throws IOException {
            JsonNode v = ok("diff", "--wrt", "W", "--wrt", "b", "--format", "json", LOGISTIC, LOSS).json().get("derivatives");
            assertTrue(v.isArray());
            assertEquals("(ŷ − y) xᵀ", v.get(0).get("derivative").get("text").asText());
            assertEquals("(ŷ − y)ᵀ", v.get(1).get("derivative").get("text").asText());
            assertFalse(v.get(0).has("value"), "no value without --at");
            // without a point the sizes are not known: names
            assertEquals("[\"d\",\"n\"]", v.get(0).get("shape").toString());
        }

        @Test
        void layouts() {
            assertEquals("""
                    ∂/∂x −sum(y ⊙ log(softmax(W x + b)))
                      = Wᵀ (ŷ − y)
                      shape n×1 (denominator layout); checked against finite differences at 3 random points
                    """, ok("diff", "--wrt", "x", "--layout", "denominator", LOGISTIC, LOSS).out());
            assertEquals("  = (ŷ − y)ᵀ W", ok("diff", "--wrt", "x", LOGISTIC, LOSS).out().lines().toList().get(1));
            assertEquals("  shape d×n (mixed layout); checked against finite differences at 3 random points",
                    ok("diff", "--wrt", "W", "--layout", "mixed", LOGISTIC, LOSS).out().lines().toList().get(2));
        }

        @Test
        void asciiPrintsTheExpressionsInAscii() {
            // the words around the expressions are ASCII too: d/dW, d x n, delta
            String out = ok("diff", "--wrt", "W", "--ascii", LOGISTIC, LOSS).out();
            assertEquals("""
                    d/dW -sum(y .* log(softmax(W x + b)))
                      = (y_hat - y) x'
                      shape d x n (numerator layout); checked against finite differences at 3 random points
                    """, out);
            assertTrue(out.chars().allMatch(c -> c < 128), out);
            String tensor = ok("diff", "--wrt", "W", "--ascii", "--let", "W: d x n", "W x").out();
            assertTrue(tensor.contains("  = delta' x'"), tensor);
        }

        @Test
        void aNamedIntermediateAsTheVariable() {
            assertEquals("  = (ŷ − y)ᵀ", ok("diff", "--wrt", "h2", "--assume", "sum(y) = 1", "--let", "h2 = W x + b; ŷ = softmax(h2)",
                    LOSS).out().lines().toList().get(1));
        }
    }

    @Nested
    class BadInput {
        /** 600 nested parentheses overflowed the stack with a thousand-line trace (exit 1); the command runs on a large stack. */
        @Test
        void deeplyNestedInputIsDerivedWithoutAStackTrace() {
            for (int depth : new int[] {600, 5000}) {
                String nested = "(".repeat(depth) + "x" + ")".repeat(depth);
                Run r = CliRun.run("diff", "--wrt", "x", "sum(" + nested + ")");
                assertEquals(0, r.code(), r.err());
                assertEquals("  = 𝟏ᵀ", r.out().lines().toList().get(1));
                assertFalse(r.err().contains("\tat "), r.err());
            }
        }

        @Test
        void aParseErrorHasACaret() {
            assertEquals("""
                    input:1:6: error: unexpected end of input: expected an expression
                      W x +
                           ^""", bad("eval", "--at", point, "W x +"));
            assertEquals("""
                    input:1:5: error: '(' is never closed
                      -sum(y ⊙ log(ŷ)
                          ^""", bad("diff", "--wrt", "W", LOGISTIC, "-sum(y ⊙ log(ŷ)"));
        }

        @Test
        void aShapeErrorHasACaret() {
            assertEquals("""
                    input:1:22: error: shape mismatch: W is d×n, so W x needs x of length n, but x has length k
                      -sum(y ⊙ log(softmax(W x + b)))
                                           ^~~""", bad("diff", "--wrt", "W", "--let", "W: d x n", "--let", "x: k",
                    "-sum(y ⊙ log(softmax(W x + b)))"));
        }

        @Test
        void aBadLetIsReportedAtItsOwnOption() {
            assertEquals("""
                    --let#2:1:5: error: shape mismatch: W is d×n, so W x needs x of length n, but x has length k
                      u = W x
                          ^~~""", bad("eval", "--at", point, "--let", "W: d x n; x: k", "--let", "u = W x", "u"));
        }

        @Test
        void anUnknownFunctionGetsASuggestion() {
            assertTrue(bad("eval", "--at", point, "softmx(W x)").contains("unknown function 'softmx': did you mean softmax?"));
        }

        @Test
        void aVariableMissingFromThePointFile() {
            assertEquals("error: no value for c (a vector of length d): add \"c\" to the point",
                    bad("eval", "--at", point, "--let", "W: d x n", "W x + c"));
            // the derivative c xᵀ needs c
            assertEquals("error: no value for c (a vector of length d): add \"c\" to the point",
                    bad("diff", "--wrt", "W", "--at", point, "--let", "W: d x n", "sum(c ⊙ (W x))"));
        }

        @Test
        void aMalformedPointFile() throws IOException {
            Path broken = write("broken.json", "{\"W\": [[1, 2], [3, 4]], \"x\": [0.5, -1");
            String m = bad("eval", "--at", broken, "W x");
            assertTrue(m.startsWith("error: " + broken + ":1:"), m);
            assertTrue(m.contains("malformed JSON"), m);
            Path ragged = write("ragged.json", "{\"W\": [[1, 2], [3]], \"x\": [0.5, -1]}");
            assertEquals("error: " + ragged + ": value of \"W\" is ragged: row 2 has 1 entries, row 1 has 2", bad("eval", "--at", ragged, "W x"));
        }

        @Test
        void aPointThatBreaksADeclarationIsRefused() throws IOException {
            // 2 xᵀ A holds for a symmetric A only: at this A it printed [8 12], where the gradient is [7 13]
            Path p = write("p.json", "{\"x\": [1, 1], \"A\": [[1, 2], [3, 4]]}");
            String sym = "error: A is declared symmetric, but its value is not: A[1][2] = 2 and A[2][1] = 3";
            assertEquals(sym, bad("diff", "--let", "x: n; A: n x n symmetric", "--wrt", "x", "--at", p, "xᵀ A x"));
            assertEquals(sym, bad("hessian", "--let", "x: n; A: n x n symmetric", "--wrt", "x", "--at", p, "xᵀ A x"));
            assertEquals(sym, bad("eval", "--let", "x: n; A: n x n symmetric", "--at", p, "xᵀ A x"));
            assertEquals("error: A is declared diagonal, but its value is not: A[2][1] = 3",
                    bad("eval", "--let", "x: n; A: n x n diagonal", "--at", p, "xᵀ A x"));
            assertEquals("error: A is declared orthogonal, but its value is not: (AᵀA)[2][2] = 20, not 1",
                    bad("eval", "--let", "x: n; A: n x n orthogonal", "--at", p, "xᵀ A x"));
            Path indefinite = write("indefinite.json", "{\"x\": [1, 1], \"A\": [[1, 2], [2, 1]]}");
            assertEquals("error: A is declared spd (symmetric positive definite), but its value is not positive definite "
                    + "(its Cholesky factorisation fails)",
                    bad("diff", "--let", "x: n; A: n x n spd", "--wrt", "x", "--at", indefinite, "xᵀ A x"));
            // within the tolerance, and the properties it does have, are accepted
            Path nearly = write("nearly.json", "{\"x\": [1, 1], \"A\": [[2, 1], [1.0000000000001, 2]]}");
            assertTrue(ok("diff", "--let", "x: n; A: n x n spd", "--wrt", "x", "--at", nearly, "xᵀ A x").out().contains("[ 6 6 ]"));
        }

        @Test
        void entriesThatAreNotFiniteAreNamed() throws IOException {
            Path big = write("big.json", "{\"x\": [1, 1e400]}");
            assertEquals("error: " + big + ": value of \"x\": entry 2 is 1E+400, too large for a double (the largest is about "
                    + "1.8e308); values must be finite numbers", bad("eval", "--at", big, "sum(x)"));
            Path nan = write("nan.json", "{\"x\": [[1, NaN], [2, 3]]}");
            assertEquals("error: " + nan + ": value of \"x\": entry (1, 2) is NaN, not a number; values must be finite numbers",
                    bad("eval", "--at", nan, "sum(x)"));
            Path inf = write("inf.json", "{\"a\": -Infinity}");
            assertEquals("error: " + inf + ": value of \"a\" is -Infinity, not a finite number; values must be finite numbers",
                    bad("eval", "--at", inf, "a"));
        }

        @Test
        void aValueThatOverflowsIsNotPrinted() throws IOException {
            Path p = write("large.json", "{\"x\": [1000, 2]}");
            assertEquals("error: the value of sum(exp(x)) overflows (∞) at this point; it cannot be computed in double precision",
                    bad("eval", "--at", p, "sum(exp(x))"));
            assertEquals("error: the value of exp(x) (entry 1) overflows (∞) at this point; it cannot be computed in double precision",
                    bad("eval", "--at", p, "exp(x)"));
            // the derivative's value is checked too: the expression first, as eval does
            assertEquals("error: the value of sum(exp(x)) overflows (∞) at this point; it cannot be computed in double precision",
                    bad("diff", "--wrt", "x", "--at", p, "sum(exp(x))"));
        }

        @Test
        void diffAndHessianAtAPointOutsideTheDomainAreRefusedAsEvalIs() throws IOException {
            Path neg = write("neg.json", "{\"x\": [-1, 2], \"X\": [[0, 1], [1, 0]]}");
            String log = "error: log needs positive entries, but entry 1 of its argument is -1 in log(x)";
            assertEquals(log, bad("eval", "--at", neg, "sum(log(x))"));
            assertEquals(log, bad("diff", "--wrt", "x", "--at", neg, "sum(log(x))"));
            assertEquals(log, bad("hessian", "--wrt", "x", "--at", neg, "sum(log(x))"));
            assertEquals("error: logdet needs a positive determinant, but det = -1 in logdet(X)",
                    bad("diff", "--wrt", "X", "--at", neg, "logdet(X)"));
        }

        @Test
        void aMissingPointFile() {
            Path missing = dir.resolve("nowhere.json");
            assertEquals("error: cannot read " + missing + ": no such file", bad("eval", "--at", missing, "W x"));
            assertEquals("error: cannot read " + missing + ": no such file", bad("diff", "--wrt", "x", "--at", missing, "sum(W x)"));
        }

        @Test
        void anUnknownVariableToDifferentiateBy() {
            assertEquals("error: --wrt w: there is no variable w in the expression; did you mean W? (its variables: W, b, x, y)",
                    bad("diff", "--wrt", "w", "-sum(y ⊙ log(softmax(W x + b)))"));
        }

        @Test
        void anUnknownLayout() {
            assertEquals("error: unknown layout 'sideways': expected numerator, denominator, mixed or either",
                    bad("diff", "--wrt", "x", "--layout", "sideways", "sum(x)"));
        }

        @Test
        void anOptionErrorIsOneLineAndWhereToReadMore() {
            assertEquals("error: missing required option: '--at=POINT.json'\nsee 'matcalc eval --help'", bad("eval", "W x"));
            assertEquals("error: missing required option: '--wrt=VAR'\nsee 'matcalc diff --help'", bad("diff", "sum(x)"));
            assertEquals("error: invalid value for option '--format': expected one of [text, latex, json] (case-sensitive) "
                    + "but was 'yaml'\nsee 'matcalc eval --help'", bad("eval", "--at", point, "--format", "yaml", "W x"));
            assertEquals("error: invalid value for option '--format': expected one of [text, latex, json] (case-sensitive) "
                    + "but was 'yaml'\nsee 'matcalc diff --help'", bad("diff", "--wrt", "x", "--format", "yaml", "sum(x)"));
            assertEquals("error: missing required parameter: 'EXPR'\nsee 'matcalc diff --help'", bad("diff", "--wrt", "x"));
            assertEquals("error: missing required option: '--answer=ANSWER'\nsee 'matcalc check --help'",
                    bad("check", "--wrt", "x", "sum(x)"));
            assertEquals("error: missing required option: '--wrt=X'\nsee 'matcalc hessian --help'", bad("hessian", "sum(x)"));
            assertEquals("error: missing required parameter: 'SUBMISSIONS'\nsee 'matcalc grade --help'", bad("grade", "p.txt"));
        }

        @Test
        void anUnknownCommandIsNamed() {
            assertEquals("error: unknown command 'frobnicate' (the commands: eval, diff, check, grade, hessian, codegen, serve)\n"
                    + "see 'matcalc --help'", bad("frobnicate"));
            assertEquals("error: unknown command 'dif'; did you mean diff?\nsee 'matcalc --help'", bad("dif"));
        }

        @Test
        void anUnknownOptionIsNamedNotTakenForTheExpression() {
            // '-sum(…)' must stay an expression, so an unknown --option used to be read as the
            // expression and the expression reported as an "unmatched argument"
            assertEquals("error: unknown option: '--bogus'\nsee 'matcalc diff --help'", bad("diff", "--wrt", "x", "--bogus", "sum(x)"));
            assertEquals("error: unknown option: '--layot'; did you mean --layout?\nsee 'matcalc diff --help'",
                    bad("diff", "--wrt", "x", "sum(x)", "--layot", "mixed"));
            assertEquals("error: unknown option: '--anser'; did you mean --answer?\nsee 'matcalc check --help'",
                    bad("check", "--wrt", "x", "--anser", "xᵀ", "xᵀ x"));
            assertEquals("error: unknown option: '--bogus'\nsee 'matcalc diff --help'", bad("diff", "--wrt", "x", "--bogus"));
            assertEquals("error: unknown option: '--layot'; did you mean --layout?\nsee 'matcalc diff --help'",
                    bad("diff", "--wrt", "x", "--layot"));
            assertTrue(ok("diff", "--wrt", "x", "--", "-sum(x)").out().contains("= −𝟏ᵀ"));
        }

        @Test
        void anExpressionMayStartWithADashWhateverFollows() throws IOException {
            // -h(x) and -h1 used to be read as -h (the usage, exit 0), -V as the version (nothing printed)
            assertEquals("∂/∂x −h(x)\n  = −diag(h'(x))\n  shape n_x×n_x (numerator layout); "
                    + "checked against finite differences at 3 random points\n", ok("diff", "--wrt", "x", "-h(x)").out());
            String minusH1 = "∂/∂h1 −h1\n  = −I\n  shape n_h1×n_h1 (numerator layout); "
                    + "checked against finite differences at 3 random points\n";
            assertEquals(minusH1, ok("diff", "--wrt", "h1", "-h1").out());
            assertEquals(minusH1, ok("diff", "--wrt", "h1", "--", "-h1").out());
            assertTrue(ok("diff", "--wrt", "V", "-V").out().startsWith("∂/∂V −V\n  = −Δ\n"));
            assertEquals("∂/∂x −x\n  = −I\n  shape n_x×n_x (numerator layout); "
                    + "checked against finite differences at 3 random points\n", ok("diff", "--wrt", "x", "-x").out());
            assertEquals("∂/∂x −sum(x)\n  = −𝟏ᵀ\n  shape 1×n_x (numerator layout); "
                    + "checked against finite differences at 3 random points\n", ok("diff", "--wrt", "x", "-sum(x)").out());
            assertEquals(ok("diff", "--wrt", "x", "-h(x)").out(), ok("diff", "-h(x)", "--wrt", "x").out());
            assertTrue(ok("hessian", "--wrt", "x", "-sum(h(x))").out().startsWith("∂²/∂x∂xᵀ −sum(h(x))\n"));
            assertEquals("−h1 =   (vector of length 1)\n  [ -1.5 ]\n",
                    ok("eval", "--at", write("h.json", "{\"h1\": [1.5]}"), "-h1").out());
        }

        @Test
        void anAnswerMayStartWithADash() {
            // --answer '-h(x)' and --answer=-h(x) used to be refused: "Expected parameter for option '--answer'"
            String right = "correct: -diag(h'(x)) is ∂f/∂x for f = −h(x)\n"
                    + "  shape n_x×n_x (numerator layout); equal to matcalc's derivative after simplification\n";
            assertEquals(right, ok("check", "--wrt", "x", "--answer", "-diag(h'(x))", "-h(x)").out());
            assertEquals(right, ok("check", "--wrt", "x", "--answer=-diag(h'(x))", "-h(x)").out());
            String wrong = "wrong: -h(x) is not ∂f/∂x for f = h(x)\n"
                    + "  your answer is n_x×1, but in numerator layout ∂f/∂x is n_x×n_x\n";
            for (String[] answer : List.of(new String[] {"--answer", "-h(x)"}, new String[] {"--answer=-h(x)"})) {
                Run r = run("check", "--wrt", "x", answer, "h(x)");
                assertEquals(1, r.code(), () -> r.out() + r.err());
                assertEquals(wrong, r.out());
            }
        }

        @Test
        void severalVariablesInOneWrt() {
            assertEquals(ok("diff", "--wrt", "x", "--wrt", "y", "xᵀ y").out(), ok("diff", "--wrt", "x, y", "xᵀ y").out());
        }

        @Test
        void aFileNameNoFileCanHaveIsOneLineOfError() {
            // Java's InvalidPathException named in picocli's message (and, in the REPL, an internal
            // error) for a NUL, a lone surrogate, or under LANG=C a character the locale cannot write
            assertEquals("error: invalid value for option '--at': 'p\\0.json' cannot be a file name: it holds a NUL "
                    + "character\nsee 'matcalc eval --help'", bad("eval", "--at", "p\0.json", "sum(x)"));
            assertTrue(bad("eval", "--at", "p\uD800.json", "sum(x)").startsWith("error: invalid value for option '--at': 'p"));
        }

        @Test
        void helpBeforeAnExpressionOnStandardInputDoesNotReadIt() {
            // 'matcalc hessian -h -' waited at a terminal for an expression it would not use
            java.io.InputStream never = new java.io.InputStream() {
                @Override public int read() {
                    throw new AssertionError("standard input was read");
                }
            };
            java.io.StringWriter out = new java.io.StringWriter();
            int code = Main.run(new String[] {"hessian", "-h", "-"}, never, new java.io.PrintWriter(out),
                    new java.io.PrintWriter(new java.io.StringWriter()));
            assertEquals(0, code);
            assertTrue(out.toString().startsWith("Usage: matcalc hessian"), out.toString());
        }

        @Test
        void aQuoteInWrtIsOneLineOfError() {
            // picocli used to print two "[picocli WARN] Unbalanced quotes" lines before the error
            Run r = run("diff", "--wrt", "x,\"y", "xᵀ y");
            assertEquals(2, r.code());
            assertEquals("error: --wrt \"y: there is no variable \"y in the expression; did you mean y? (its variables: x, y)\n", r.err());
        }

        @Test
        void aValueOutsideAFunctionsDomain() {
            assertEquals("error: log needs positive entries, but entry 1 of its argument is -1.5 in log(W x + b)",
                    bad("eval", "--at", point, "log(W x + b)"));
        }
    }

    @Test
    void anAssumptionAboutAVariableTheExpressionDoesNotHaveIsLeftOutWithANote() throws IOException {
        // the sampler cannot draw a y that is not in the expression: this used to print "NOT checked numerically"
        assertEquals("∂/∂x sum(x)\n"
                + "  = 𝟏ᵀ\n"
                + "  shape 1×n_x (numerator layout); checked against finite differences at 3 random points\n"
                + "  note: the assumption sum(y) = 1 is not used: y does not occur in the expression\n",
                ok("diff", "--assume", "sum(y)=1", "--wrt", "x", "sum(x)").out());
        assertEquals("d/dx sum(x)\n"
                + "  = ones'\n"
                + "  shape 1 x n_x (numerator layout); checked against finite differences at 3 random points\n"
                + "  note: the assumption alpha = 2 is not used: alpha does not occur in the expression\n"
                + "  note: the assumption sum(y) = 1 is not used: y does not occur in the expression\n",
                ok("diff", "--ascii", "--assume", "α = 2", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x)").out());
        // one about the expression stays, one about another variable goes
        assertEquals("∂/∂x sum(y ⊙ x)\n"
                + "  = yᵀ\n"
                + "  shape 1×n_y (numerator layout); checked against finite differences at 3 random points\n"
                + "  note: the assumption sum(z) = 2 is not used: z does not occur in the expression\n",
                ok("diff", "--assume", "sum(y) = 1", "--assume", "sum(z) = 2", "--wrt", "x", "sum(y ⊙ x)").out());
        assertEquals("∂²/∂x∂xᵀ sum(x ⊙ x)\n"
                + "  = 2 I\n"
                + "  shape n_x×n_x; checked against finite differences of the gradient at 3 random points\n"
                + "  note: the assumption sum(y) = 1 is not used: y does not occur in the expression\n",
                ok("hessian", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x ⊙ x)").out());
        JsonNode doc = ok("diff", "--assume", "sum(y)=1", "--wrt", "x", "--format", "json", "sum(x)").json();
        JsonNode note = doc.get("notes").get(0);
        assertEquals("unused-assumption", note.get("kind").asText());
        assertEquals("the assumption sum(y) = 1 is not used: y does not occur in the expression", note.get("message").asText());
        assertEquals("sum(y)", note.get("assumption").get("left").get("text").asText());
        assertEquals("y", note.get("variables").get(0).asText());
        assertEquals("passed", doc.get("derivatives").get(0).get("verification").get("status").asText());
        assertFalse(ok("diff", "--wrt", "x", "--format", "json", "sum(x)").json().has("notes"));
    }

    @Test
    void versionAndHelpExitZero() {
        assertEquals("matcalc 0.1.0\n", ok("--version").out());
        assertEquals("matcalc 0.1.0\n", ok("-V").out());
        assertEquals("matcalc 0.1.0\n", ok("diff", "--version").out());
        assertEquals(ok("diff", "--help").out(), ok("diff", "--wrt", "x", "-h").out());
        assertTrue(ok("check", "-h").out().startsWith("Usage: matcalc check"));
        String help = ok("--help").out();
        assertTrue(help.contains("eval") && help.contains("diff"), help);
        assertTrue(ok("diff", "--help").out().contains("--layout"));
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
