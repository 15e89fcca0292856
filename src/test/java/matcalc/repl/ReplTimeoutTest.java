package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import matcalc.syntax.Deadline;
import org.junit.jupiter.api.Test;

/** :timeout: a line past it stops with one line naming the stage, and the session goes on as it was. */
class ReplTimeoutTest {
    @Test
    void aLinePastTheTimeoutStopsAndTheSessionGoesOn() {
        // a stage that would never end but checks its deadline: it ends at :timeout, on any machine
        Repl repl = new Repl((state, line) -> {
            if (line.equals(":spin")) {
                state.context.let("input", "z: k");   // lost: the line did not finish
                while (true) Deadline.check("spinning");
            }
            return Commands.run(state, line);
        });
        // 1 s, not less: the line parses z: k first, which a loaded machine can take 50 ms for
        ReplTest.Run r = ReplTest.run(repl, "x: n\n:timeout 1\n:spin\n:shape z\n:timeout\n:timeout 60\nd/dx sum(x)\n");
        assertEquals("error: stopped after 1 s while spinning (:timeout 1; raise it or simplify the expression)\n", r.err());
        assertEquals("x: vector of length n (n×1)\ntimeout: 1 s\nvector of length n_z (n_z×1)\ntimeout: 1 s\ntimeout: 60 s\n"
                + "∂/∂x sum(x)\n  = 𝟏ᵀ\n  shape 1×n (numerator layout); checked against finite differences at 3 random points\n",
                r.out().replaceAll("(?m)^  = .*$", "  = 𝟏ᵀ"));
        assertEquals(Repl.BAD_INPUT, r.code());
    }

    @Test
    void theEngineStopsAtATinyTimeoutAndTheNextLineRuns() {
        // a sum of 3000 terms: parsing it alone takes far longer than a microsecond
        StringBuilder sum = new StringBuilder("x");
        for (int i = 1; i < 3000; i++) sum.append(" + x");
        ReplTest.Run r = ReplTest.run("x: n\n:timeout 0.000001\nd/dx sum(" + sum + ")\n:timeout 60\n:shape x\n");
        assertTrue(r.err().matches("error: stopped after 0\\.000001 s while [a-z ]+ \\(:timeout 0\\.000001; raise it or "
                + "simplify the expression\\)\n"), r.err());
        assertTrue(r.out().endsWith("timeout: 60 s\nvector of length n (n×1)\n"), r.out());
    }

    @Test
    void aBadTimeoutIsOneLine() {
        ReplTest.Run r = ReplTest.run(":timeout soon\n:timeout -1\n:timeout\n");
        assertEquals("error: :timeout SECONDS: a positive number of seconds (at most a year), not 'soon'\n"
                + "error: :timeout SECONDS: a positive number of seconds (at most a year), not '-1'\n", r.err());
        assertEquals("timeout: 60 s\n", r.out());
    }
}
