package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL driven through a pipe, as `printf '…' | matcalc` drives it: no prompts and no colours,
 * results on standard output, errors on standard error, and every line run whatever happened
 * before it. The sessions follow the slides' logistic regression.
 */
class ReplTest {
    static final String LOGISTIC = """
            # logistic regression, as in the slides
            x: n; W: d x n
            b, y: d
            ŷ = softmax(W x + b)
            assume sum(y) = 1
            L = -sum(y .* log(y_hat))
            """;

    static final String LOGISTIC_ECHO = """
            x: vector of length n (n×1)
            W: d×n
            b: vector of length d (d×1)
            y: vector of length d (d×1)
            ŷ = softmax(W x + b): vector of length d (d×1)
            assuming sum(y) = 1
            L = -sum(y .* log(y_hat)): scalar
            """;

    static final String F = "−sum(y ⊙ log(softmax(W x + b)))";

    @TempDir
    Path dir;

    /** What a script printed: on standard output, on standard error, and both in the order they came. */
    record Run(int code, String out, String err, String all) {}

    static Run run(String script) {
        return run(new Repl(), script);
    }

    static Run run(Repl repl, String script) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        StringBuilder all = new StringBuilder();
        int code = repl.script(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new Tee(out, all)), new PrintWriter(new Tee(err, all)));
        return new Run(code, nl(out), nl(err), nl(all));
    }

    private static String nl(StringBuilder sb) {
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /** A run with no errors: exit 0, nothing on standard error. */
    static String ok(String script) {
        Run r = run(script);
        assertEquals("", r.err(), "nothing on standard error");
        assertEquals(0, r.code());
        return r.out();
    }

    /** Writes to its own buffer and to one shared with the other stream. */
    static final class Tee extends Writer {
        private final StringBuilder own;
        private final StringBuilder shared;

        Tee(StringBuilder own, StringBuilder shared) {
            this.own = own;
            this.shared = shared;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            own.append(buf, off, len);
            shared.append(buf, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    static void noStackTrace(String text) {
        for (String trace : List.of("\tat ", "Exception:", "at matcalc.", "at java.", "Caused by")) {
            assertFalse(text.contains(trace), "a stack trace on the screen:\n" + text);
        }
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void theSlidesLogisticRegressionSession() {
        String out = ok(LOGISTIC + """
                d/dW L
                :check ŷ xᵀ − y xᵀ
                :check (y − ŷ) xᵀ
                :d b L
                :layout denominator
                d/db L
                :check ŷ - y
                :layout numerator
                :shape W x + b
                :shape x' W'
                W \\odot W
                """);
        assertEquals(LOGISTIC_ECHO + """
                ∂/∂W −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y) xᵀ
                  shape d×n (numerator layout); checked against finite differences at 3 random points
                correct: ŷ xᵀ − y xᵀ is ∂f/∂W for f = −sum(y ⊙ log(softmax(W x + b)))
                  shape d×n (numerator layout); equal to matcalc's derivative after simplification
                wrong: (y − ŷ) xᵀ is not ∂f/∂W for f = −sum(y ⊙ log(softmax(W x + b)))
                  the sign is flipped: your answer is −∂f/∂W
                ∂/∂b −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y)ᵀ
                  shape 1×d (numerator layout); checked against finite differences at 3 random points
                layout: denominator
                ∂/∂b −sum(y ⊙ log(softmax(W x + b)))
                  = ŷ − y
                  shape d×1 (denominator layout); checked against finite differences at 3 random points
                correct: ŷ - y is ∂f/∂b for f = −sum(y ⊙ log(softmax(W x + b)))
                  shape d×1 (denominator layout); equal to matcalc's derivative after simplification
                layout: numerator
                vector of length d (d×1)
                row vector 1×d
                W ⊙ W : d×n
                """, out);
    }

    @Test
    void stepsOfTheLastDerivative() {
        String out = ok(LOGISTIC + "d/db L\n:steps\n");
        String steps = out.substring(out.indexOf("∂L/∂b for L"));
        assertTrue(steps.startsWith("∂L/∂b for L = " + F + "\n"), steps);
        for (String line : List.of(
                "  ŷ = softmax(u1)        d×1",
                "chain rule (numerator layout)",
                "  ∂L/∂b = ∂L/∂ŷ ∂ŷ/∂u1 ∂u1/∂b",
                "  ∂ŷ/∂u1 = diag(ŷ) − ŷ ŷᵀ   d×d   d-softmax",
                "  ∂L/∂b = (ŷ − y)ᵀ")) {
            assertTrue(steps.contains(line + "\n"), () -> "no line '" + line + "' in\n" + steps);
        }
        assertTrue(steps.matches("(?s).*= ŷᵀ − \\(y ⊘ ŷ\\)ᵀ diag\\(ŷ\\) +assumption\n.*"), steps);
    }

    @Test
    void stepsInAnotherLayoutSayWhatWasAsked() {
        String out = ok(LOGISTIC + ":layout denominator\nd/db L\n:steps\n");
        assertTrue(out.endsWith("  (the steps are in numerator layout; in denominator layout, as asked, ∂/∂b = ŷ − y, d×1)\n"), out);
    }

    @Test
    void withoutAStepByStepFormTheRulesThatFiredAreShown() {
        // ∂(W x)/∂W is an order-3 tensor: the REPL lists the rules the engine recorded
        String out = ok("W: d x n; x: n\n:d W W x\n:steps\n");
        assertTrue(out.contains("""
                ∂/∂W W x
                  differentiation:
                    1. d-product  (rules/derivatives.rules:"""), out);
        assertTrue(out.endsWith("""
                  = δᵀ xᵀ   (d×d×n, numerator layout)
                  (no step-by-step form: steps are shown for scalar functions, and for vector functions of a vector \
                or a scalar; ∂f/∂W here is a tensor of order 3 (matcalc diff without --steps gives it contracted); \
                these are the rules that fired)
                """), out);
    }

    @Test
    void latexOfTheLastDerivative() {
        String out = ok(LOGISTIC + "d/dW L\n:latex\n");
        String latex = out.substring(out.indexOf("\\begin{aligned}"));
        assertTrue(latex.startsWith("\\begin{aligned}\n\\mathbf{u}^{(1)} &= \\mathbf{W} \\mathbf{x} + \\mathbf{b} && \\\\\n"), latex);
        assertTrue(latex.contains("\\underbrace{"), latex);
        assertTrue(latex.endsWith("&= \\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right) \\mathbf{x}^\\top && \\text{(factor-transpose-difference)}\n\\end{aligned}\n"), latex);
        // without a step-by-step form, the equation
        assertTrue(ok("W: d x n; x: n\nd/dW W x\n:latex\n").endsWith(
                "\\frac{\\partial}{\\partial \\mathbf{W}}\\left[\\mathbf{W} \\mathbf{x}\\right] = \\boldsymbol{\\delta}^\\top \\mathbf{x}^\\top\n"));
    }

    @Test
    void theCommandLinesWordLetIsTakenBeforeADeclarationOrADefinition() {
        String out = ok("let x: n\nlet h = tanh(x)\nlet W ∈ ℝ^{d×n}\nlet = 2\n");
        assertEquals("""
                x: vector of length n (n×1)
                h = tanh(x): vector of length n (n×1)
                W: d×n
                let = 2: scalar
                """, out);
        // without a declaration or a definition after it, let is a name like any other
        Run r = run("let x\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("let"), r.err());
    }

    @Test
    void severalVariablesAtOnceAndByANamedIntermediate() {
        String out = ok(LOGISTIC + "d/dW,b L\nd/dŷ L\n");
        assertEquals(LOGISTIC_ECHO + """
                ∂/∂W −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y) xᵀ
                  shape d×n (numerator layout); checked against finite differences at 3 random points
                ∂/∂b −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y)ᵀ
                  shape 1×d (numerator layout); checked against finite differences at 3 random points
                ∂/∂ŷ −sum(y ⊙ log(softmax(W x + b)))
                  = −(y ⊘ ŷ)ᵀ
                  shape 1×d (numerator layout); checked against finite differences at 3 random points
                """, out);
    }

    @Test
    void hessiansAndMixedSecondDerivatives() {
        String out = ok("x: n; A: n x n\n:hessian x xᵀ A x\ny: m; B: n x m\n:hessian x,y xᵀ B y\n");
        assertEquals("""
                x: vector of length n (n×1)
                A: n×n
                ∂²/∂x∂xᵀ xᵀ A x
                  = Aᵀ + A
                  shape n×n; checked against finite differences of the gradient at 3 random points
                y: vector of length m (m×1)
                B: n×m
                ∂²/∂x∂yᵀ xᵀ B y
                  = B
                  shape n×m; checked against finite differences of the gradient at 3 random points
                """, out);
        Run bad = run("x: n\n:hessian z sum(x)\n:hessian x x\n");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("error: :hessian z: there is no variable z in the expression"), bad.err());
        assertTrue(bad.err().contains("a Hessian is taken of a scalar expression"), bad.err());
    }

    @Test
    void mixedLayoutWritesAScalarsGradientAsAColumn() {
        String out = ok(LOGISTIC + ":layout mixed\nd/dx L\n:check Wᵀ (ŷ − y)\n");
        assertTrue(out.endsWith("""
                layout: mixed
                ∂/∂x −sum(y ⊙ log(softmax(W x + b)))
                  = Wᵀ (ŷ − y)
                  shape n×1 (mixed layout); checked against finite differences at 3 random points
                correct: Wᵀ (ŷ − y) is ∂f/∂x for f = −sum(y ⊙ log(softmax(W x + b)))
                  shape n×1 (denominator layout); equal to matcalc's derivative after simplification
                """), out);
    }

    @Test
    void valuesSetByHandOrLoadedAndEvaluated() throws IOException {
        Path point = dir.resolve("point.json");
        Files.writeString(point, "{\"b\": [0.1, 0.2, 0.3], \"y\": [0, 1, 0]}");
        String out = ok(LOGISTIC + """
                :set W = [[1, 2], [3, 4], [0, -1]]
                :set x = [0.5, -1]
                :load %s
                :set
                :eval softmax(W x + b)
                :eval L
                :eval W x + b
                d/db L
                :eval
                """.formatted(point));
        assertEquals(LOGISTIC_ECHO + """
                W = [[1, 2], [3, 4], [0, -1]]
                x = [0.5, -1]
                loaded b, y from %s
                W = [[1, 2], [3, 4], [0, -1]]
                x = [0.5, -1]
                b = [0.1, 0.2, 0.3]
                y = [0, 1, 0]
                softmax(W x + b) =   (vector of length 3)
                  [ 0.06140129526 ]
                  [ 0.02496390372 ]
                  [   0.913634801 ]
                −sum(y ⊙ log(softmax(W x + b))) = 3.690324349
                W x + b =   (vector of length 3)
                  [ -1.4 ]
                  [ -2.3 ]
                  [  1.3 ]
                ∂/∂b −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y)ᵀ
                  shape 1×d (numerator layout); checked against finite differences at 3 random points
                ∂/∂b −sum(y ⊙ log(softmax(W x + b)))
                  = (ŷ − y)ᵀ
                  shape 1×d (numerator layout); checked against finite differences at 3 random points
                  value:
                    [ 0.06140129526 -0.9750360963 0.913634801 ]
                """.formatted(point), out);
    }

    @Test
    void aWrongShapedValueIsRefusedWhenItIsSet() {
        Run r = run(LOGISTIC + """
                :set x = [[1, 2], [3, 4]]
                :set W = [[1, 2], [3, 4], [0, -1]]
                :set x = [1, 2, 3]
                :set alpha = [1, 2]
                :set ŷ = [1, 2, 3]
                :set x = [1, 2
                :set x = [1, "two"]
                :set I = [[1, 2], [3, 4]]
                :set 0x = [1]
                :set "x = 4
                :load p\0.json
                :set x
                :set
                """);
        assertEquals("""
                error: the value of x is 2×2, but x is a vector of length n
                error: inconsistent sizes: W is 3×2, so n = 2, but x has length 3 (x is a vector of length n)
                error: the value of α is a vector of length 2, but α is a scalar
                error: ŷ is a named intermediate (ŷ = softmax(W x + b)); its value comes from its definition
                value:1:6: error: not a value: Unexpected end-of-input: expected close marker for Array
                  [1, 2
                       ^
                  note: a value is a number (0.5), a flat list for a vector ([1, 2]) or a list of rows for a matrix ([[1, 2], [3, 4]])
                error: :set x: value of "x": entry 2 is "two", not a number
                error: 'I' is not a variable name, so it cannot be given a value
                error: '0x' is not a variable name, so it cannot be given a value
                error: '"x' is not a variable name, so it cannot be given a value
                error: 'p\\0.json' cannot be a file name: it holds a NUL character
                error: :set NAME = VALUE, like :set x = [1, 2] (a vector), :set W = [[1, 2], [3, 4]] (rows of a matrix) or :set alpha = 0.5
                """, r.err());
        // the refused values were not kept
        assertTrue(r.out().endsWith("W = [[1, 2], [3, 4], [0, -1]]\nW = [[1, 2], [3, 4], [0, -1]]\n"), r.out());
        assertEquals(Repl.BAD_INPUT, r.code());
    }

    @Test
    void aValueThatBreaksADeclarationIsRefusedAndTheSessionGoesOn() {
        Run r = run("""
                x: n
                A: n x n symmetric
                :set A = [[1, 2], [3, 4]]
                :set x = [1, NaN]
                :set x = [1, 1]
                :set A = [[1, 2], [2, 4]]
                :eval xᵀ A x
                """);
        assertEquals("""
                error: A is declared symmetric, but its value is not: A[1][2] = 2 and A[2][1] = 3
                error: :set x: value of "x": entry 2 is NaN, not a number; values must be finite numbers
                """, r.err());
        assertTrue(r.out().endsWith("x = [1, 1]\nA = [[1, 2], [2, 4]]\nxᵀ A x = 9\n"), r.out());
        assertEquals(Repl.BAD_INPUT, r.code());
    }

    @Test
    void evalWithoutValuesSaysWhichAreMissing() {
        Run r = run(LOGISTIC + ":set x = [1, 2]\n:eval W x + b\n:eval\n");
        assertEquals("""
                error: no value for W (d×n), b (vector of length d): set one with :set W = …, or :load a JSON file of values
                error: :eval with no expression works on the last derivative, and there is none yet: ask for one first, like d/dx sum(x)
                """, r.err());
    }

    @Test
    void rulesAreListedWithTheFileAndLineTheyComeFrom() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("rules/simplify.rules"));
        int line = 0;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("ones-hadamard ")) line = i + 1;
        assertEquals("ones-hadamard  rules/simplify.rules:" + line + "  𝟏 ⊙ ?A => ?A\n", ok(":rules ones-hadamard\n"));
        String all = ok(":rules\n");
        int rules = 0;
        for (String f : List.of("rules/derivatives.rules", "rules/simplify.rules", "rules/jacobian.rules")) {
            for (String l : Files.readAllLines(Path.of(f))) if (l.matches("[a-z0-9-]+\\s*:.*=>.*")) rules++;
        }
        assertEquals(rules, all.lines().count(), "every rule of the three files, one a line");
        assertTrue(all.lines().allMatch(l -> l.matches("\\S+ +rules/(derivatives|simplify|jacobian)\\.rules:\\d+ +.*=>.*")), all);
    }

    @Test
    void saveWritesTheSessionsDerivationsAsALatexDocument() throws IOException {
        Path tex = dir.resolve("session.tex");
        String out = ok(LOGISTIC + "d/dW L\nd/db L\n:d W W x\n:save " + tex + "\n");
        assertTrue(out.endsWith("wrote " + tex + " (3 derivations; pdflatex session.tex makes a PDF)\n"), out);
        String doc = Files.readString(tex);
        assertTrue(doc.startsWith("\\documentclass{article}\n"), doc);
        assertTrue(doc.contains("\\begin{document}") && doc.endsWith("\\end{document}\n"), doc);
        assertTrue(doc.contains("\\section*{$\\frac{\\partial L}{\\partial \\mathbf{W}}$}"), doc);
        assertTrue(doc.contains("\\section*{$\\frac{\\partial L}{\\partial \\mathbf{b}}$}"), doc);
        // the tensor has no step-by-step form: its result is there all the same
        assertTrue(doc.contains("\\left[\\mathbf{W} \\mathbf{x}\\right] = \\boldsymbol{\\delta}^\\top \\mathbf{x}^\\top"), doc);
    }

    @Test
    void saveNeedsDerivationsAndAFolderThatExists() {
        Run r = run(":save x.tex\nx: n\nd/dx sum(x)\n:save " + dir.resolve("no/such/folder.tex") + "\n");
        assertEquals("error: :save writes the session's derivations, and there are none yet: ask for one first, like d/dx sum(x)\n"
                + "error: cannot write " + dir.resolve("no/such/folder.tex") + ": there is no folder " + dir.resolve("no/such") + "\n", r.err());
        assertFalse(Files.exists(Path.of("x.tex")));
    }

    @Test
    void errorsPrintTheirCaretMessageAndTheSessionGoesOn() {
        Run r = run("""
                x: n; W: d x n
                W: d x
                W (x + b
                sofmax(x)
                :check W
                :frobnicate
                d/dz sum(x)
                :layout sideways
                \\hta{y}
                W x
                d/dx sum(W x)
                """);
        assertTrue(r.err().startsWith("""
                input:1:6: error: expected a dimension after 'x' (a symbol like n or a size like 3)
                  W: d x
                       ^
                input:1:3: error: '(' is never closed
                  W (x + b
                    ^
                input:1:1: error: unknown function 'sofmax': did you mean softmax?
                  sofmax(x)
                  ^~~~~~
                  note: an undeclared elementwise function is one lowercase or Greek letter, like h(x) or g(x)
                """), r.err());
        assertTrue(r.err().contains("error: :check works on the last derivative, and there is none yet"), r.err());
        assertTrue(r.err().contains("error: unknown command :frobnicate (:help lists them)"), r.err());
        assertTrue(r.err().contains("error: d/dz: there is no variable z in the expression; did you mean W? (its variables: W, x)"), r.err());
        assertTrue(r.err().contains("error: unknown layout 'sideways': expected numerator, denominator, mixed or either"), r.err());
        assertTrue(r.err().contains("input:1:1: error: unknown LaTeX escape \\hta: did you mean \\eta?"), r.err());
        // the bad lines changed nothing: W is still d×n, and the lines after them ran
        assertTrue(r.out().endsWith("""
                W x : vector of length d (d×1)
                ∂/∂x sum(W x)
                  = 𝟏ᵀ W
                  shape 1×n (numerator layout); checked against finite differences at 3 random points
                """), r.out());
        assertEquals(Repl.BAD_INPUT, r.code());
        noStackTrace(r.all());
    }

    @Test
    void aDeclarationThatBreaksTheContextIsRefusedWhole() {
        Run r = run("x: n; W: d x n\nŷ = softmax(W x)\nx: k; W: d x n; y: d\n:shape y\n");
        assertTrue(r.err().startsWith("input:"), r.err());
        assertEquals("vector of length n_y (n_y×1)\n", r.out().substring(r.out().lastIndexOf('\n', r.out().length() - 2) + 1));
    }

    @Test
    void anInternalErrorIsOneLineAndTheSessionGoesOn() {
        Repl repl = new Repl((state, line) -> {
            if (line.equals("boom")) throw new IllegalStateException("boom\n\tat somewhere");
            return Commands.run(state, line);
        });
        Run r = run(repl, "x: n\nboom\n:shape x\n");
        assertEquals("internal error (please report it): java.lang.IllegalStateException: boom\n", r.err());
        assertEquals("x: vector of length n (n×1)\nvector of length n (n×1)\n", r.out());
        assertEquals(Repl.INTERNAL_ERROR, r.code());
    }

    @Test
    void interruptingALineAbandonsItAndKeepsTheSession() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        Repl repl = new Repl((state, line) -> {
            if (line.equals(":spin")) {
                state.context.let("input", "z: k");       // changes made by an abandoned line are lost
                // a stage that does not look at its deadline: the message still names it
                return matcalc.syntax.Deadline.during("spinning", () -> {
                    started.countDown();
                    while (!release.get()) Thread.onSpinWait();
                    return Commands.Outcome.print("finished");
                });
            }
            return Commands.run(state, line);
        });
        Thread ctrlC = new Thread(() -> {
            try {
                if (started.await(30, TimeUnit.SECONDS)) repl.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ctrlC.start();
        try {
            Run r = run(repl, "x: n\n:spin\n:shape z\n:shape x\n");
            assertEquals("x: vector of length n (n×1)\nvector of length n_z (n_z×1)\nvector of length n (n×1)\n", r.out());
            assertEquals("interrupted while spinning: the line's computation is abandoned, and the session is as it was before it\n", r.err());
        } finally {
            release.set(true);
            ctrlC.join();
        }
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndQuitEnds() {
        String out = ok("# a comment\n\n   \nx: n\n  # indented comment\n:quit\nd/dx sum(x)\n");
        assertEquals("x: vector of length n (n×1)\n", out);
        assertEquals("", ok("x: n\n:q\nx: k\n").replace("x: vector of length n (n×1)\n", ""));
    }

    @Test
    void latexEscapesTypedInALine() {
        String out = ok("""
                \\mathbf{W}: d \\times n; \\mathbf{x}: n
                \\hat{\\mathbf{y}} = \\sigma(\\mathbf{W} \\mathbf{x})
                \\alpha \\hat{y}^\\top \\hat{y}
                :d \\mathbf{W} \\mathbf{1}^\\top (\\hat{y} \\odot \\hat{y})
                """);
        assertEquals("""
                W: d×n
                x: vector of length n (n×1)
                ŷ = σ(W x): vector of length d (d×1)
                α σ(W x)ᵀ σ(W x) : scalar
                ∂/∂W 𝟏ᵀ (σ(W x) ⊙ σ(W x))
                  = 2 (ŷ.^2 ⊙ (𝟏 − ŷ)) xᵀ
                  shape d×n (numerator layout); checked against finite differences at 3 random points
                """, out);
    }

    @Test
    void asciiEverywhere() {
        String out = ok("x: n; W: d x n\ny_hat = sigmoid(W x)\nd/dW sum(y_hat .* y_hat)\n:shape x' W'\n");
        assertTrue(out.contains("ŷ = sigmoid(W x): vector of length d (d×1)\n"), out);
        assertTrue(out.endsWith("row vector 1×d\n"), out);
    }

    /** The slides' examples are scripts of declarations, intermediates and expressions: each runs as a session. */
    @TestFactory
    Stream<DynamicTest> everySlideExampleRunsAsASession() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples/slides"))) {
            files = s.filter(p -> p.toString().endsWith(".mc")).sorted().toList();
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Run r = run(Files.readString(p));
            assertEquals("", r.err(), p.toString());
            assertEquals(0, r.code());
        }));
    }

    @Test
    void helpListsEveryCommand() {
        String help = ok(":help\n");
        for (String c : Commands.HELP.keySet()) assertTrue(help.contains("\n  " + c), c + " is not in\n" + help);
        for (String c : List.of("d/dW L", "assume sum(y) = 1", "ŷ = softmax(W x + b)", "W: d x n")) {
            assertTrue(help.contains(c), c);
        }
    }

    @Test
    void aPipedSessionHasNoPromptsAndNoColours() {
        Run r = run(LOGISTIC + "d/dW L\nsofmax(x)\n");
        assertFalse(r.all().contains(Interactive.PROMPT), r.all());
        assertFalse(r.all().contains("\u001b"), "no escape sequences when not on a terminal");
    }

    @Test
    void theHistoryFileCanBeMovedOrTurnedOff() {
        String old = System.getProperty(Repl.HISTORY_PROPERTY);
        try {
            System.setProperty(Repl.HISTORY_PROPERTY, "/tmp/somewhere/history");
            assertEquals(Path.of("/tmp/somewhere/history"), Repl.historyFile());
            System.setProperty(Repl.HISTORY_PROPERTY, "");
            assertEquals(null, Repl.historyFile());
        } finally {
            if (old == null) System.clearProperty(Repl.HISTORY_PROPERTY);
            else System.setProperty(Repl.HISTORY_PROPERTY, old);
        }
    }
}
