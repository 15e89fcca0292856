package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.calculus.Derivative;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.Verification;
import matcalc.calculus.VerifiedDerivative;
import matcalc.cli.CliRun;
import matcalc.cli.CliRun.Run;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.shape.Context;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: answers are compared, and derivatives verified, only at sizes and points where every
 * function of the expression and the derivative is defined and well conditioned; where there is
 * none, the verdict is undecided, never wrong. Each case runs at several seeds, since one seed
 * could draw good sizes by luck (n ≥ m for Xᵀ S X with X: n×m).
 */
class AdmissiblePointsTest {
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    private static Engine engine(String lets, long seed) {
        return Engine.of(new Context().let("(test)", lets)).withSeed(seed);
    }

    private static Judgement check(String lets, long seed, String expr, String answer) {
        return new AnswerChecker(engine(lets, seed)).check(expr, "X", answer, Layout.NUMERATOR);
    }

    /** The three textbook derivatives, each right at every seed, compared at random points. */
    @Test
    void textbookAnswersThroughXtSXAreAcceptedAtEverySeed() {
        String[][] cases = {
            {"X: n x m; S: n x n spd", "logdet(Xᵀ S X)", "2 S X inv(Xᵀ S X)"},
            {"X: n x m; C: n x n; A: m x m", "tr(inv(Xᵀ C X) A)",
                "-C X inv(Xᵀ C X) A inv(Xᵀ C X) - Cᵀ X inv(Xᵀ Cᵀ X) Aᵀ inv(Xᵀ Cᵀ X)"},
            {"X: n x m; C: n x n; B: n x n", "tr(inv(Xᵀ C X) Xᵀ B X)",
                "B X inv(Xᵀ C X) + Bᵀ X inv(Xᵀ Cᵀ X) − C X inv(Xᵀ C X) Xᵀ B X inv(Xᵀ C X) − Cᵀ X inv(Xᵀ Cᵀ X) Xᵀ Bᵀ X inv(Xᵀ Cᵀ X)"},
        };
        for (String[] c : cases) {
            for (long seed : SEEDS) {
                Judgement j = check(c[0], seed, c[1], c[2]);
                assertTrue(j.correct(), () -> "seed " + seed + ": " + c[2] + " for " + c[1] + ": " + j.diagnosis());
                assertEquals(Judgement.Method.NUMERIC, j.method(), "compared at points, not symbolically");
                assertEquals(AnswerChecker.SIZE_SETS * Trials.POINTS_PER_SET, j.points(), "every trial found");
            }
        }
    }

    @Test
    void wrongAnswersThroughXtSXStayWrongAtEverySeed() {
        String lets = "X: n x m; S: n x n spd";
        for (long seed : java.util.Arrays.copyOf(SEEDS, 4)) {
            // 2 inv(X Xᵀ) X is right where X is square (it is 2 X⁻ᵀ there), and undefined for n > m
            for (String wrong : List.of("S X inv(Xᵀ S X)", "2 inv(Xᵀ S X) Xᵀ S", "2 S X inv(Xᵀ X)", "2 X inv(Xᵀ S X)",
                    "2 inv(X Xᵀ) X")) {
                Judgement j = check(lets, seed, "logdet(Xᵀ S X)", wrong);
                assertFalse(j.correct(), () -> "seed " + seed + ": accepted " + wrong);
                assertEquals(Judgement.Verdict.WRONG, j.verdict(), () -> "seed " + seed + ": " + wrong + ": " + j.diagnosis());
            }
        }
    }

    @Test
    void noAdmissiblePointIsUndecidedWithTheReason() {
        // Xᵀ S X is 3×3 of rank 2 at the only sizes there are
        Judgement j = check("X: 2 x 3; S: 2 x 2 spd", 1, "logdet(Xᵀ S X)", "2 S X inv(Xᵀ S X)");
        assertEquals(Judgement.Verdict.UNDECIDED, j.verdict());
        assertFalse(j.correct());
        assertTrue(j.diagnosis() instanceof Diagnosis.Undecided u && u.reason().startsWith("no point found where Xᵀ S X is invertible"),
                () -> "" + j.diagnosis());
        // so is a wrong answer: nothing can be said about it
        assertEquals(Judgement.Verdict.UNDECIDED, check("X: 2 x 3; S: 2 x 2 spd", 1, "logdet(Xᵀ S X)", "S X inv(Xᵀ S X)").verdict());
        // a rank-one matrix at every size: x xᵀ is never invertible (an answer equal after simplification
        // would be right without any point; this one is not)
        Judgement rankOne = new AnswerChecker(engine("x: n", 1)).check("logdet(x xᵀ)", "x", "xᵀ inv(x xᵀ)", Layout.NUMERATOR);
        assertEquals(Judgement.Verdict.UNDECIDED, rankOne.verdict(), () -> "" + rankOne.diagnosis());
    }

    @Test
    void undecidedThroughTheCliExitsTwoInEveryFormat() throws java.io.IOException {
        String[] args = {"check", "--let", "X: 2 x 3; S: 2 x 2 spd", "--wrt", "X", "--answer", "2 S X inv(Xᵀ S X)", "logdet(Xᵀ S X)"};
        Run text = CliRun.run((Object) args);
        assertEquals(2, text.code(), text.out() + text.err());
        assertTrue(text.out().startsWith("undecided: 2 S X inv(Xᵀ S X) could not be checked against ∂f/∂X for f = logdet(Xᵀ S X)\n"
                + "  your answer could not be compared with ∂f/∂X: no point found where Xᵀ S X is invertible"), text.out());
        assertEquals("", text.err());
        List<String> json = new ArrayList<>(List.of(args));
        json.add(1, "--format=json");
        Run j = CliRun.run((Object) json.toArray(String[]::new));
        assertEquals(2, j.code());
        assertEquals("undecided", j.json().get("verdict").asText());
        assertEquals("undecided", j.json().get("diagnosis").get("kind").asText());
        assertFalse(j.json().get("correct").asBoolean());
    }

    /** grade: an undecided answer gets 0 points, says "undecided", and is counted apart from wrong ones. */
    @Test
    void gradeCountsUndecidedApart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path problems = dir.resolve("problems.txt");
        java.nio.file.Files.writeString(problems, "problem: p\npoints: 2\nlet: X: 2 x 3; S: 2 x 2 spd\n"
                + "expr: logdet(Xᵀ S X)\nwrt: X\n\nproblem: q\npoints: 1\nlet: x: n\nexpr: sum(x)\nwrt: x\n");
        java.nio.file.Path csv = dir.resolve("answers.csv");
        java.nio.file.Files.writeString(csv, "student,problem,answer\nana,p,2 S X inv(Xᵀ S X)\nana,q,2 𝟏ᵀ\n");
        Run run = CliRun.run("grade", problems.toString(), csv.toString());
        assertTrue(run.out().contains("  p  0/2  2 S X inv(Xᵀ S X) — undecided: your answer could not be compared with ∂f/∂X: no point found where "
                + "Xᵀ S X is invertible"), run.out());
        assertTrue(run.out().contains("  q  0/1  2 𝟏ᵀ — wrong: off by a factor of 2"), run.out());
        assertTrue(run.out().contains("1 answer undecided (0 points above)"), run.out());
    }

    /**
     * sin(α − 6 det(A A)) varies fast where det is large; its derivative was refused as "failed the
     * numeric check". Verified now at every seed, by α and by A; and a derivative wrong by 1 % in
     * the same function is still a mismatch.
     */
    @Test
    void aFastVaryingFunctionOfDetIsVerifiedAndAWrongDerivativeStillCaught() {
        String lets = "α: scalar; A: n x n";
        for (long seed : SEEDS) {
            for (String f : List.of("sin(α − 6 det(A))", "sin(α − 6 det(A A))", "sin(α − 6 det(Aᵀ A))", "sin(α − 60 det(A))")) {
                for (String wrt : List.of("α", "A")) {
                    VerifiedDerivative d = derive(engine(lets, seed), f, wrt);
                    assertTrue(d.verification().passed(), () -> "seed " + seed + ": ∂/∂" + wrt + " " + f + ": " + d.verification());
                }
                for (String wrt : List.of("α", "A")) {
                    Engine e = engine(lets, seed);
                    Derivative right = derive(e, f, wrt).derivative();
                    Derivative off = derive(e, "1.01 (" + f + ")", wrt).derivative();
                    Derivative wrong = new Derivative(right.f(), right.wrt(), right.layout(), off.expr(), off.display(), null,
                            List.of(), List.of());
                    Verification v = e.verifier().check(wrong, Map.of(), Engine.DEFAULT_POINTS);
                    assertTrue(v.mismatch(), () -> "seed " + seed + ": 1.01 × ∂/∂" + wrt + " " + f + " passed: " + v);
                }
            }
        }
    }

    private static VerifiedDerivative derive(Engine e, String f, String wrt) {
        return e.derive(f, List.of(wrt), Layout.NUMERATOR).values().iterator().next();
    }

    /**
     * Random scalar functions of inv, det, logdet, log and sqrt of products such as Xᵀ S X
     * (X: n×m, so only sizes with n ≥ m have points): the reference derivative is verified, the
     * trials find points, and the derivative is accepted as its own answer, both by the numeric
     * comparison alone and through the whole checker from its printed text.
     */
    @Test
    void theReferenceDerivativeIsAlwaysItsOwnAnswer() {
        String lets = "X: n x m; S: n x n spd; C: n x n; B: n x n; A: m x m; y: m";
        String[] spd = {"Xᵀ S X", "Xᵀ X", "Xᵀ S X + A Aᵀ", "Xᵀ (S + B Bᵀ) X"};
        String[] any = {"Xᵀ C X", "Xᵀ B X + A", "Xᵀ C S X"};
        for (int i = 0; i < 30; i++) {
            long seed = 1000 + i;
            Random r = new Random(seed);
            String f = term(r, spd, any);
            if (r.nextBoolean()) f = f + (r.nextBoolean() ? " + " : " − ") + term(r, spd, any);
            if (r.nextInt(4) == 0) f = "sin(" + f + ")";
            String expr = f;
            Engine engine = engine(lets, seed);
            VerifiedDerivative d = derive(engine, expr, "X");
            String where = "seed " + seed + ": ∂/∂X " + expr;
            assertTrue(d.verification().passed(), () -> where + ": " + d.verification());
            Context.Checked checked = engine.check(expr).withVariable("X");
            Expr e = d.derivative().expr();
            Trials trials = new Trials(new Expr[] {checked.expr(), e, e}, checked.assumptions(), Map.of(), engine.properties(), seed);
            assertNull(trials.undecided(), where);
            Mistakes.Verdict v = new Mistakes(trials, checked, d, engine, Layout.NUMERATOR).judge(e, e.shape());
            assertTrue(v.correct(), () -> where + ": " + v.diagnosis());
            String printed = TextPrinter.unicode().print(d.derivative().display());
            Judgement j = new AnswerChecker(engine).check(expr, "X", printed, Layout.NUMERATOR);
            assertTrue(j.correct(), () -> where + " = " + printed + ": " + j.diagnosis());
        }
    }

    private static String term(Random r, String[] spd, String[] any) {
        String p = spd[r.nextInt(spd.length)];
        String m = r.nextBoolean() ? p : any[r.nextInt(any.length)];
        return switch (r.nextInt(8)) {
            case 0 -> "logdet(" + p + ")";
            case 1 -> "det(" + m + ")";
            case 2 -> "tr(inv(" + m + ") A)";
            case 3 -> "yᵀ inv(" + m + ") y";
            case 4 -> "log(tr(" + p + "))";
            case 5 -> "sqrt(tr(" + p + "))";
            case 6 -> "sum(log(diag(" + p + ")))";
            default -> "tr(inv(" + m + ") Xᵀ B X)";
        };
    }
}
