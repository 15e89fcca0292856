package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import matcalc.bench.CheckWorkload;
import matcalc.bench.CheckWorkload.Answer;
import org.junit.jupiter.api.Test;

/**
 * grade shares work between the rows: the derivative the problems file's load derived, checkers
 * taken by whichever worker is free, and the judgement of an answer text already checked for the
 * same problem. Each row of a class in which every answer comes three times, grouped by problem
 * (so that two workers check the same problem at once), on 2 threads, gets exactly what it gets
 * graded alone by a new checker that derives the problem itself.
 */
class GradeSharingTest {
    private static final CheckWorkload.Workload WORK = CheckWorkload.load();

    @Test
    void everyRowIsGradedAsItIsAlone() {
        List<Grading.Submission> rows = new ArrayList<>();
        long line = 2;
        for (Answer a : WORK.answers()) {
            if (!GradeStreamingTest.CLASS_PROBLEMS.contains(a.problem().id())) continue;
            for (int copy = 0; copy < 3; copy++) {
                rows.add(new Grading.Submission(line, "s" + line, a.problem().id(), a.text()));
                line++;
            }
        }
        List<Grading.Graded> graded = Grading.grade(WORK.problems(), rows, 2, n -> { });
        assertEquals(rows.size(), graded.size());
        java.util.Map<String, String> aloneByAnswer = new java.util.HashMap<>();   // graded alone once per answer
        for (int i = 0; i < rows.size(); i++) {
            Grading.Submission s = rows.get(i);
            Grading.Graded g = graded.get(i);
            assertEquals(s, g.submission());
            String alone = aloneByAnswer.computeIfAbsent(s.problem() + "\u0000" + s.answer(), k -> shown(Grading.grade(g.problem(), s)));
            assertEquals(alone, shown(g), s.problem() + ": " + s.answer());
        }
    }

    /**
     * The problems are derived on several threads, but a file with several broken problems reports
     * the first in file order, a derivation that fails before a broken line after it.
     */
    @Test
    void aProblemsFileReportsItsFirstErrorInFileOrder() {
        String ok = "problem: %s\nlet: x: n\nexpr: sum(x ⊙ x)\nwrt: x\n\n";
        String text = ok.formatted("a") + ok.formatted("b").replace("wrt: x", "wrt: z") + ok.formatted("c")
                + ok.formatted("d").replace("wrt: x", "wrt: x\nbogus: 1") + ok.formatted("e").replace("wrt: x", "wrt: w");
        matcalc.syntax.MatcalcException e = org.junit.jupiter.api.Assertions.assertThrows(matcalc.syntax.MatcalcException.class,
                () -> ProblemSet.parse("p.txt", text));
        assertEquals("there is no variable z in the expression; did you mean x? (its variables: x)",
                e.getMessage().lines().findFirst().orElse(""));
        e = org.junit.jupiter.api.Assertions.assertThrows(matcalc.syntax.MatcalcException.class,
                () -> ProblemSet.parse("p.txt", text.replace("wrt: z", "wrt: x")));
        assertEquals("unknown field 'bogus'; a problem has problem, points, let, assume, expr, wrt, layout",
                e.getMessage().lines().findFirst().orElse(""));
    }

    private static String shown(Grading.Graded g) {
        Judgement j = g.result();
        String result = j == null ? "null" : String.join("\n", j.verdict().word(), j.method().word(), j.answer(),
                String.valueOf(j.answerExpr()), j.answerShape(), String.valueOf(j.layout()), String.valueOf(j.diagnosis()),
                String.valueOf(j.counterexample()), Integer.toString(j.points()), String.valueOf(j.unused()),
                String.valueOf(j.expected().derivative().expr()), String.valueOf(j.expected().shape()));
        return g.score() + " " + g.correct() + " " + g.diagnosis() + "\n" + result;
    }
}
