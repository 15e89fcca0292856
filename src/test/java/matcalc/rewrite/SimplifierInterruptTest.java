package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import matcalc.calculus.Engine;
import matcalc.core.Expr;
import matcalc.shape.Context;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/** Ctrl-C in the REPL interrupts the worker thread: the simplifier stops instead of running on. */
class SimplifierInterruptTest {
    @Test
    void anInterruptedThreadStopsSimplifying() {
        Expr e = new Context().let("t", "x: n").check("input", "((x ⊙ 𝟏)ᵀ)ᵀ").expr();
        Thread.currentThread().interrupt();
        try {
            Deadline.Expired stopped = assertThrows(Deadline.Expired.class, () -> new Simplifier(Engine.simplifyRules()).simplify(e));
            assertEquals("interrupted while simplifying", stopped.getMessage());
        } finally {
            Thread.interrupted();   // clear the flag for the other tests
        }
        assertEquals("x", new Simplifier(Engine.simplifyRules()).simplify(e).toString());
    }

    /** The engine's limits end a simplification with a clear message: a number of rewrites, or a time. */
    @Test
    void theLimitsStopASimplificationWithAReason() throws InterruptedException {
        Expr e = new Context().let("t", "x, y: n").check("input", "sum(x ⊙ 𝟏) + sum(y ⊙ 𝟏)").expr();
        assertEquals("sum(x) + sum(y)", new Simplifier(Engine.simplifyRules()).simplify(e).toString());
        MatcalcException steps = assertThrows(MatcalcException.class, () -> new Simplifier(Engine.simplifyRules(),
                Facts.SHAPES, java.util.Map.of(), new Limits(1, Duration.ofMinutes(1))).simplify(e));
        assertTrue(steps.getMessage().startsWith("simplification stopped after 1 rewrites without settling"),
                steps.getMessage());
        // a limit per node of the input lets a large input take the rewrites it needs
        assertEquals("sum(x) + sum(y)", new Simplifier(Engine.simplifyRules(), Facts.SHAPES, java.util.Map.of(),
                new Limits(1, 100, Duration.ofMinutes(1))).simplify(e).toString());
        Simplifier late = new Simplifier(Engine.simplifyRules(), Facts.SHAPES, java.util.Map.of(),
                new Limits(1000, Duration.ofNanos(1)));
        Thread.sleep(1);
        MatcalcException time = assertThrows(MatcalcException.class, () -> late.simplify(e));
        assertTrue(time.getMessage().startsWith("simplification stopped at its time limit"), time.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, -1, Duration.ofSeconds(1)));
    }
}
