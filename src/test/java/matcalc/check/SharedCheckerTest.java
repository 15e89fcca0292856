package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.bench.CheckWorkload;
import matcalc.bench.CheckWorkload.Answer;
import org.junit.jupiter.api.Test;

/**
 * A checker that checks many answers (each problem derived once, its trials drawn and evaluated
 * once, as grade does) judges every answer of the checking benchmark exactly as a new checker per
 * answer does: the same verdict, method, diagnosis, counterexample and derivative, in whatever
 * order the answers come; and every verdict is the one the benchmark's data file gives (an answer
 * that cannot be read is graded wrong).
 */
class SharedCheckerTest {
    private static final CheckWorkload.Workload WORK = CheckWorkload.load();

    @Test
    void aSharedCheckerJudgesEveryAnswerAsANewCheckerDoes() {
        Map<Answer, String> alone = new HashMap<>();
        for (Answer a : WORK.answers()) alone.put(a, CheckWorkload.seen(new AnswerChecker(a.problem().engine()), a));
        List<Answer> forward = WORK.answers();
        List<Answer> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        for (List<Answer> order : List.of(forward, backward)) {
            Map<ProblemSet.Problem, AnswerChecker> checkers = new HashMap<>();
            for (Answer a : order) {
                AnswerChecker shared = checkers.computeIfAbsent(a.problem(), p -> new AnswerChecker(p.engine()));
                assertEquals(alone.get(a), CheckWorkload.seen(shared, a), a.problem().id() + ": " + a.text());
            }
        }
        for (Answer a : forward) {
            String seen = alone.get(a);
            String verdict = seen.startsWith("error: ") ? "wrong" : seen.lines().findFirst().orElse("");   // graded wrong
            assertEquals(a.right() ? "correct" : "wrong", verdict, a.problem().id() + ": " + a.text() + "\n" + seen);
        }
    }
}
