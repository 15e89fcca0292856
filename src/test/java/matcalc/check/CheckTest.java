package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import matcalc.Matcalc;
import matcalc.MatcalcAssertions;
import matcalc.CheckResult;
import matcalc.Session;
import matcalc.calculus.Layout;
import matcalc.cli.CliRun;
import matcalc.cli.CliRun.Run;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * matcalc check on the slides: every equivalent form in check/equivalent.txt is accepted, every
 * typical mistake in check/mistakes.txt rejected with its diagnosis; the library API and the CLI's
 * exit codes.
 */
class CheckTest {
    /** One block: let, assume, layout, expr, wrt, answers, and for a mistake its diagnosis. */
    record Block(int line, Map<String, String> fields, List<String> answers) {
        String get(String k) {
            return fields.get(k);
        }

        Session session() {
            Session s = new Session();
            for (String st : get("let").split(";")) s.let(st.strip());
            if (fields.containsKey("assume")) s.assume(get("assume"));
            return s.layout(Layout.parse(fields.getOrDefault("layout", "numerator")));
        }
    }

    static List<Block> blocks(String resource) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/check", resource));
        List<Block> out = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> answers = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String l = i < lines.size() ? lines.get(i).strip() : "";
            if (l.isEmpty() || l.startsWith("#")) {
                if (!fields.isEmpty()) out.add(new Block(start, fields, answers));
                fields = new LinkedHashMap<>();
                answers = new ArrayList<>();
                continue;
            }
            if (fields.isEmpty()) start = i + 1;
            int colon = l.indexOf(':');
            String key = l.substring(0, colon).strip();
            String value = l.substring(colon + 1).strip();
            if (key.equals("answer")) answers.add(value);
            else fields.put(key, value);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyEquivalentFormIsAccepted() throws IOException {
        List<Block> blocks = blocks("equivalent.txt");
        assertTrue(blocks.size() >= 20, "the slides' results: " + blocks.size());
        return blocks.stream().flatMap(b -> {
            assertTrue(b.answers().size() >= 3, "line " + b.line() + ": at least three forms");
            return b.answers().stream().map(a -> DynamicTest.dynamicTest("line " + b.line() + ": ∂/∂" + b.get("wrt")
                    + " " + b.get("expr") + " = " + a, () -> {
                CheckResult r = b.session().check(b.get("expr"), b.get("wrt"), a);
                assertTrue(r.correct(), () -> "rejected: " + r.diagnosis());
            }));
        });
    }

    @TestFactory
    Stream<DynamicTest> everyTypicalMistakeGetsItsDiagnosis() throws IOException {
        return blocks("mistakes.txt").stream().map(b -> DynamicTest.dynamicTest("line " + b.line() + ": "
                + b.answers().get(0) + " for ∂/∂" + b.get("wrt") + " " + b.get("expr"), () -> {
            CheckResult r = b.session().check(b.get("expr"), b.get("wrt"), b.answers().get(0));
            assertFalse(r.correct(), "accepted a wrong answer");
            assertTrue(r.diagnosis().contains(b.get("diagnosis")),
                    () -> "diagnosis was: " + r.diagnosis() + "\nexpected it to contain: " + b.get("diagnosis"));
        }));
    }

    @Test
    void anAnswerRightForASymmetricMatrixIsRightWhereTheMatrixIsDeclaredSymmetric() {
        String answer = "2 xᵀ A";
        assertTrue(new Session().let("x: n").let("A: n x n symmetric").check("xᵀ A x", "x", answer).correct());
        CheckResult general = new Session().let("x: n").let("A: n x n").check("xᵀ A x", "x", answer);
        assertFalse(general.correct());
        assertTrue(general.diagnosis().startsWith("right only if A is symmetric"), general.diagnosis());
        // an answer wrong for symmetric matrices too gets no such diagnosis
        CheckResult wrong = new Session().let("x: n").let("A: n x n").check("xᵀ A x", "x", "3 xᵀ A");
        assertFalse(wrong.diagnosis().contains("symmetric"), wrong.diagnosis());
    }

    @Test
    void eitherLayoutSaysWhichLayoutMatched() {
        Session s = new Session().let("x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)").assume("sum(y) = 1");
        String loss = "-sum(y ⊙ log(softmax(W x + b)))";
        s.layout(Layout.EITHER);
        assertEquals(Layout.DENOMINATOR, s.check(loss, "b", "ŷ − y").layout());
        assertEquals(Layout.NUMERATOR, s.check(loss, "b", "(ŷ − y)ᵀ").layout());
    }

    @Test
    void aCounterexampleGivesThePointAndBothValues() {
        CheckResult r = Matcalc.check("softmax(x)", "x", "diag(softmax(x))", "x: n");
        assertFalse(r.correct());
        Judgement.Counterexample c = r.counterexample();
        assertNotNull(c);
        int n = c.sizes().get("n");
        assertEquals(n, c.point().get("x").size());
        assertEquals(n, c.expected().size());
        assertEquals(n, c.answer().size());
        assertFalse(c.expected().equals(c.answer()));
    }

    @Test
    void anAnswerRightOnlyForSquareSizesIsCaught() {
        // for W d×n, Wᵀ W x has the right value only where … it never is; W x xᵀ has the wrong shape
        CheckResult r = Matcalc.check("sum(W x)", "x", "𝟏ᵀ W", "W: d x n", "x: n");
        assertTrue(r.correct());
        CheckResult wrongDims = Matcalc.check("sum(W x)", "x", "sum(W) 𝟏ᵀ", "W: d x n", "x: n");
        assertFalse(wrongDims.correct());
    }

    @Test
    void assertionsFailWithTheDiagnosis() {
        Session s = Matcalc.session().let("x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)").assume("sum(y) = 1");
        MatcalcAssertions.assertDerivative(s, "-sum(y ⊙ log(softmax(W x + b)))", "W", "(ŷ − y) xᵀ");
        AssertionError e = assertThrows(AssertionError.class, () -> MatcalcAssertions.assertDerivative(
                s, "-sum(y ⊙ log(softmax(W x + b)))", "W", "2 (ŷ − y) xᵀ"));
        assertTrue(e.getMessage().contains("off by a factor of 2"), e.getMessage());
        assertTrue(e.getMessage().contains("the derivative is (ŷ − y) xᵀ"), e.getMessage());
    }

    @Test
    void anUnreadableAnswerIsBadInput() {
        MatcalcException e = assertThrows(MatcalcException.class, () -> Matcalc.check("W x", "x", "W (", "W: d x n"));
        assertTrue(e.render().startsWith("answer:1:"), e.render());
        MatcalcException stray = assertThrows(MatcalcException.class, () -> Matcalc.check("W x", "x", "W + z", "W: d x n"));
        assertTrue(stray.getMessage().contains("z"), stray.getMessage());
    }

    @Test
    void exitCodesAreZeroRightOneWrongTwoBadInput() {
        String[] base = {"check", "--let", "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)", "--assume", "sum(y) = 1",
            "--wrt", "W", "-sum(y ⊙ log(softmax(W x + b)))", "--answer"};
        assertEquals(0, run(base, "(ŷ − y) xᵀ").code());
        Run wrong = run(base, "(y − ŷ) xᵀ");
        assertEquals(1, wrong.code());
        assertEquals("wrong: (y − ŷ) xᵀ is not ∂f/∂W for f = −sum(y ⊙ log(softmax(W x + b)))\n"
                + "  the sign is flipped: your answer is −∂f/∂W\n", wrong.out());
        Run bad = run(base, "(ŷ − y xᵀ");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("answer:1:1: error: '(' is never closed"), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());
    }

    @Test
    void anAssumptionAboutNeitherTheExpressionNorTheAnswerIsLeftOutWithANote() {
        // this used to exit 2: "cannot draw points where sum(y) = 1"
        Run right = CliRun.run("check", "--assume", "sum(y)=1", "--wrt", "x", "--answer", "𝟏ᵀ", "sum(x)");
        assertEquals(0, right.code(), right.err());
        assertEquals("correct: 𝟏ᵀ is ∂f/∂x for f = sum(x)\n"
                + "  shape 1×n_x (numerator layout); equal to matcalc's derivative at 12 random points with 3 sets of sizes\n"
                + "  note: the assumption sum(y) = 1 is not used: y does not occur in the expression or the answer\n",
                right.out());
        Run wrong = CliRun.run("check", "--assume", "sum(y)=1", "--wrt", "x", "--answer", "2 𝟏ᵀ", "sum(x)");
        assertEquals(1, wrong.code(), wrong.err());
        assertEquals("wrong: 2 𝟏ᵀ is not ∂f/∂x for f = sum(x)\n"
                + "  off by a factor of 2: your answer is 2 times ∂f/∂x\n"
                + "  note: the assumption sum(y) = 1 is not used: y does not occur in the expression or the answer\n",
                wrong.out());
        // in the answer, the assumption is used: sum(y) 𝟏ᵀ is right only because sum(y) = 1
        Run used = CliRun.run("check", "--let", "x, y: n", "--assume", "sum(y) = 1", "--wrt", "x", "--answer", "sum(y) 𝟏ᵀ", "sum(x)");
        assertEquals(0, used.code(), used.out() + used.err());
        assertFalse(used.out().contains("note"), used.out());
        CheckResult r = Matcalc.session().let("x: n").assume("sum(y) = 1").check("sum(x)", "x", "𝟏ᵀ");
        assertTrue(r.correct());
        assertTrue(r.report(false).endsWith("note: the assumption sum(y) = 1 is not used: y does not occur in the expression "
                + "or the answer"), r.report(false));
    }

    static Run run(String[] base, String answer) {
        return CliRun.run(base, answer);
    }
}
