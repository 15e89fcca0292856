package matcalc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.hostile.HostileInputs.Case;
import matcalc.hostile.HostileInputs.Category;
import matcalc.hostile.HostileInputs.Sizes;
import matcalc.hostile.HostileRunner.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the command line's entry point ({@code Main.run}) and a piped REPL
 * session, from seeded generators: random bytes and Unicode, mutations of valid expressions, deep
 * nesting, huge sums, malformed JSON points and CSV rows, contradictory declarations, values
 * outside a function's domain, bad options. Every case must end within its deadline with exit 0,
 * 1 or 2 (70, a derivative that failed its check or an internal error, is a bug on any input),
 * print no stack trace or exception name, and not refuse in silence; a REPL session must answer
 * every line and go on. A failure names the seed and the case, which {@link HostileInputs} draws
 * again from that seed. The long campaign ({@code matcalc.bench.HostileCampaign}) runs a million.
 */
class HostileInputTest {
    /** Generous: a case that needs more is hanging (the deadline is not a timing). */
    static final long DEADLINE_MILLIS = 60_000;
    // 160 cases from this seed draw every category (the seeds of issue 11 shifted the draws of 20261202)
    static final long SEED = 20261203;

    @TempDir
    Path dir;

    @Test
    void commandLinesEndWithExitZeroOneOrTwoAndNoTrace() throws IOException {
        Random r = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Map<Category, Integer> drawn = new EnumMap<>(Category.class);
        for (int i = 0; i < 160; i++) {
            Case c = HostileInputs.next(r, Sizes.SUITE);
            drawn.merge(c.category(), 1, Integer::sum);
            Outcome o = HostileRunner.run(c, dir, DEADLINE_MILLIS);
            if (!o.ok()) failures.add("case " + i + " of seed " + SEED + ": " + o.problem() + "\n" + c.describe()
                    + "\nexit " + o.code() + "\n" + o.out() + o.err());
        }
        assertEquals(List.of(), failures);
        for (Category k : Category.values()) {
            if (k != Category.REPL_LINE) assertTrue(drawn.getOrDefault(k, 0) > 0, "the generator drew no " + k + ": " + drawn);
        }
    }

    @Test
    void aPipedReplSessionAnswersEveryLineAndGoesOn() {
        for (long s = SEED; s < SEED + 3; s++) {
            long seed = s;
            Random r = new Random(seed);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) lines.add(HostileInputs.replLine(r, Sizes.SUITE));
            Outcome o = HostileRunner.session(lines, 3 * DEADLINE_MILLIS);
            assertTrue(o.ok(), () -> "session of seed " + seed + ": " + o.problem() + "\n" + String.join("\n", lines)
                    + "\n--- printed ---\n" + o.err());
        }
    }

    @Test
    void theRunnerSeesWhatItMustReject() throws IOException {
        // the checks themselves can fail: a trace, an exception's name, exit 70, a silent refusal, a missing answer
        assertEquals("a stack trace", HostileRunner.problem(2, "", "boom\n\tat matcalc.X.y(X.java:1)\n", "x"));
        assertEquals("an exception's name", HostileRunner.problem(2, "", "error: IllegalStateException\n", "x"));
        assertEquals(null, HostileRunner.problem(2, "", "error: no Exception here\n", "Exception"));
        assertEquals("exit code 70", HostileRunner.problem(70, "", "error: failed its check\n", "x"));
        assertEquals("exit 2 without a message", HostileRunner.problem(2, "", "", "x"));
        // found by the campaign of 2026-12-03: an answer that cannot be compared anywhere is undecided, with why
        assertEquals(null, HostileRunner.problem(2, "undecided: exp(exp(x)) could not be checked against ∂f/∂x\n"
                + "  your answer could not be compared with ∂f/∂x: no point found inside the functions' domains\n", "", "x"));
        assertEquals(null, HostileRunner.problem(2, "\\text{(undecided: your answer could not be compared with }\n", "", "x"));
        assertEquals("exit 0 and nothing printed", HostileRunner.problem(0, "", "", "-V"));
        Outcome dropped = HostileRunner.session(List.of("x: n", ":quit", "sum(x)"), DEADLINE_MILLIS);
        assertEquals("the session answered 1 of 3 lines", dropped.problem());
        // a command that takes hundreds of milliseconds (2,000 nested tanh to differentiate), given 1 ms:
        // a command that is merely quick (eval of x at a point) now ends within 1 ms in a warm JVM
        String deep = "sum(" + "tanh(".repeat(2000) + "x" + ")".repeat(2000) + ")";
        Outcome hung = HostileRunner.run(new Case(Category.VALID, List.of("diff", "--let", "x: n", "--wrt", "x", deep), Map.of()),
                dir, 1);
        assertEquals(HostileRunner.TIMEOUT, hung.code());
    }
}
