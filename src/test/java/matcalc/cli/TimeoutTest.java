package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import matcalc.Matcalc;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.AnswerChecker;
import matcalc.check.Diagnosis;
import matcalc.check.Grading;
import matcalc.check.ProblemSet;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.present.TextRenderer;
import matcalc.present.Views;
import matcalc.shape.Context;
import matcalc.steps.Derivation;
import matcalc.syntax.Deadline;
import org.junit.jupiter.api.Test;

/**
 * A deadline expiring in each stage gives one line naming that stage. The clock is the test's: it
 * advances one second each time the named stage reads it and stands still otherwise, so the
 * limit (3 s) is passed at the fourth check inside that stage, however slow the machine. A stage
 * that checks only on entry would never get there, and the test would fail.
 */
class TimeoutTest {
    private static final String EXPR = "-sum(y ⊙ log(softmax(W x + b)))";
    private static final String LETS = "x: n; W: d x n; b, y: d";

    /** Ticks one second per reading in {@code stage}. */
    static Deadline.Clock ticking(String stage) {
        long[] now = {0};
        return s -> s.equals(stage) ? (now[0] += 1_000_000_000L) : now[0];
    }

    static Deadline deadline(String stage) {
        return Deadline.of(Duration.ofSeconds(3), "--timeout").withClock(ticking(stage));
    }

    static void stopsIn(String stage, Supplier<?> work) {
        Deadline.Expired e = assertThrows(Deadline.Expired.class, () -> deadline(stage).run(work));
        assertEquals("stopped after 3 s while " + stage + " (--timeout 3; raise it or simplify the expression)",
                e.getMessage());
    }

    static Engine engine() {
        return Engine.of(new Context().let("--let", LETS));
    }

    static Point point() {
        Point p = new Point();
        p.put("x", new org.ejml.data.DMatrixRMaj(new double[][] {{1}, {2}, {3}}));
        p.put("W", new org.ejml.data.DMatrixRMaj(new double[][] {{1, 0, 2}, {0, 1, -1}}));
        p.put("b", new org.ejml.data.DMatrixRMaj(new double[][] {{0.5}, {-0.5}}));
        p.put("y", new org.ejml.data.DMatrixRMaj(new double[][] {{0.25}, {0.75}}));
        return p;
    }

    @Test
    void eachStageOfADerivationStopsNamingItself() {
        for (String stage : List.of("parsing", "checking shapes", "differentiating", "simplifying", "verifying numerically")) {
            stopsIn(stage, () -> engine().derive(EXPR, List.of("W"), Layout.NUMERATOR));
        }
    }

    @Test
    void evaluatingCheckingStepsAndPrintingStopNamingThemselves() {
        Context.Checked checked = engine().check(EXPR);
        stopsIn("evaluating", () -> Deadline.during("evaluating",
                () -> new Evaluator(point()).sizesFrom(checked.variables()).evaluate(checked.expr())));
        Map<String, VerifiedDerivative> results = engine().derive(EXPR, List.of("W"), Layout.NUMERATOR);
        stopsIn("evaluating at the point", () -> Views.derivatives(engine(), EXPR, results, point()));
        stopsIn("checking the answer", () -> Deadline.during("checking the answer",
                () -> new AnswerChecker(engine()).check(EXPR, "W", "(y - y_hat) x'".replace("y_hat", "softmax(W x + b)"),
                        Layout.NUMERATOR)));
        stopsIn("working out the steps", () -> Deadline.during("working out the steps",
                () -> Derivation.of(engine(), EXPR, "b")));
        var view = Views.derivatives(engine(), EXPR, results, null);
        stopsIn("printing the result", () -> Deadline.during("printing the result", () -> TextRenderer.unicode().render(view)));
    }

    /** How many times checking one answer reads the clock in "checking the answer" (deterministic: the points are seeded). */
    private static long checks(ProblemSet problems, Grading.Submission row) {
        long[] now = {0};
        Deadline.Clock counting = s -> s.equals("checking the answer") ? ++now[0] : now[0];
        Deadline.of(Duration.ofDays(1), "--timeout").withClock(counting).run(() -> Grading.grade(problems, List.of(row), 1, n -> { }));
        return now[0];
    }

    @Test
    void gradeGivesEachAnswerItsOwnDeadlineAndMarksThoseThatTimedOut() {
        ProblemSet problems = ProblemSet.parse("problems.txt",
                "problem: p\nlet: " + LETS + "\nassume: sum(y) = 1\nexpr: " + EXPR + "\nwrt: b\n");
        Grading.Submission right = new Grading.Submission(2, "ana", "p", "(softmax(W x + b) - y)'");
        Grading.Submission wrong = new Grading.Submission(3, "bruno", "p", "(y - softmax(W x + b))'");
        long quick = checks(problems, right);
        long slow = checks(problems, wrong);
        assertTrue(quick > 0 && slow > quick, quick + " " + slow);
        // a limit the right answer just meets: twice over only because each answer has its own
        // deadline; the wrong answer (compared at random points) passes it
        Deadline d = Deadline.of(Duration.ofSeconds(quick), "--timeout").withClock(ticking("checking the answer"));
        List<Grading.Graded> graded = d.run(() -> Grading.grade(problems, List.of(right,
                new Grading.Submission(4, "carl", "p", right.answer()), wrong), 1, n -> { }));
        assertTrue(graded.get(0).correct(), graded.get(0).toString());
        assertTrue(graded.get(1).correct(), graded.get(1).toString());
        Diagnosis late = graded.get(2).diagnosis();
        assertInstanceOf(Diagnosis.TimedOut.class, late);
        assertEquals("stopped after " + quick + " s while checking the answer (--timeout " + quick
                + "; raise it or simplify the expression)", ((Diagnosis.TimedOut) late).reason());
    }

    @Test
    void aTimedOutAnswerIsInTheSchema() throws Exception {
        var reason = "stopped after 3 s while checking the answer (--timeout 3; raise it or simplify the expression)";
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("problem", "p");
        answer.put("answer", "(y - softmax(W x + b))'");
        answer.put("points", 0);
        answer.put("max", 1);
        answer.put("correct", false);
        answer.put("diagnosis", new matcalc.present.JsonRenderer().diagnosis(new Diagnosis.TimedOut(reason)));
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("schema", 1, "command", "grade",
                "students", List.of(Map.of("student", "bruno", "points", 0, "max", 1, "answers", List.of(answer))),
                "skipped", List.of()));
        assertEquals(java.util.Set.of(), JsonSchemaTest.schema().validate(doc));
        assertEquals("timedOut", doc.at("/students/0/answers/0/diagnosis/kind").asText());
        assertEquals(reason, doc.at("/students/0/answers/0/diagnosis/reason").asText());
    }

    @Test
    void theSessionHasATimeoutToo() {
        var s = Matcalc.session().let(LETS).assume("sum(y) = 1").timeout(Duration.ofNanos(1));
        Deadline.Expired e = assertThrows(Deadline.Expired.class, () -> s.derive(EXPR, "W"));
        assertTrue(e.getMessage().startsWith("stopped after 0.000000001 s while "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (Session.timeout 0.000000001; raise it or simplify the expression)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.timeout(Duration.ZERO));
        assertEquals("(ŷ − y) xᵀ".replace("ŷ", "softmax(W x + b)"),
                s.timeout(Duration.ofMinutes(5)).derive(EXPR, "W").text());
    }

    /** A sum of 3000 terms: parsing it alone takes far longer than a microsecond on any machine. */
    private static String huge() {
        StringBuilder sb = new StringBuilder("x");
        for (int i = 1; i < 3000; i++) sb.append(" + x");
        return sb.toString();
    }

    @Test
    void theCommandLineSaysWhichStageInOneLineAndExits2() {
        for (String command : List.of("diff", "hessian")) {
            CliRun.Run r = CliRun.run(command, "--let", "x: n", "--wrt", "x", "--timeout", "0.000001", "sum(" + huge() + ")");
            assertEquals(2, r.code(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().matches("error: stopped after 0\\.000001 s while [a-z ]+ \\(--timeout 0\\.000001; raise it or "
                    + "simplify the expression\\)\n"), r.err());
        }
        CliRun.Run json = CliRun.run("diff", "--let", "x: n", "--wrt", "x", "--timeout", "0.000001", "--format", "json", huge());
        assertEquals(2, json.code());
        assertTrue(json.out().contains("stopped after 0.000001 s while "), json.out());
    }

    @Test
    void aBadTimeoutIsAnOptionError() {
        for (String bad : List.of("0", "-1", "soon", "NaN", "1e300")) {
            CliRun.Run r = CliRun.run("diff", "--wrt", "x", "--timeout", bad, "sum(x)");
            assertEquals(2, r.code(), bad);
            assertEquals("error: invalid value for option '--timeout': expected a positive number of seconds (at most a year) "
                    + "but was '" + bad + "'\nsee 'matcalc diff --help'\n", r.err());
        }
        CliRun.Run ok = CliRun.run("diff", "--let", "x: n", "--wrt", "x", "--timeout", "30", "sum(x)");
        assertEquals(0, ok.code(), ok.err());
        assertFalse(ok.out().isEmpty());
    }
}
