package matcalc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The derivation benchmark's problems (src/test/resources/bench/problems.txt) stay derivable: each
 * one derives, with and without the numeric check, to the same result, and passes the check. Not
 * timed (the times are {@link DerivationBenchmark}'s).
 */
class DerivationProblemsTest {
    @TestFactory
    Stream<DynamicTest> everyProblemDerivesAndPassesItsCheck() throws IOException {
        List<DerivationBenchmark.Problem> problems = DerivationBenchmark.problems(DerivationBenchmark.PROBLEMS);
        assertTrue(problems.size() >= 60, "the benchmark lost problems: " + problems.size());
        return problems.stream().map(p -> DynamicTest.dynamicTest("line " + p.line() + ": " + p.label(), () -> {
            DerivativeResult checked = p.withCheck().derive(p.expr(), p.wrt());
            DerivativeResult unchecked = p.withoutCheck().derive(p.expr(), p.wrt());
            assertTrue(checked.verification().passed(), checked.verification().detail());
            assertTrue(checked.text().equals(unchecked.text()),
                    "the check changed the result: " + checked.text() + " / " + unchecked.text());
        }));
    }
}
