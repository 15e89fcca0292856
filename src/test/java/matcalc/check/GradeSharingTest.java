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
        for (int i = 0; i < rows.size(); i++) {
            Grading.Submission s = rows.get(i);
            Grading.Graded g = graded.get(i);
            assertEquals(s, g.submission());
            assertEquals(shown(Grading.grade(g.problem(), s)), shown(g), s.problem() + ": " + s.answer());
        }
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
