package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;
import matcalc.calculus.Engine;
import matcalc.core.Expr;
import matcalc.shape.Context;
import org.junit.jupiter.api.Test;

/** Ctrl-C in the REPL interrupts the worker thread: the simplifier stops instead of running on. */
class SimplifierInterruptTest {
    @Test
    void anInterruptedThreadStopsSimplifying() {
        Expr e = new Context().let("t", "x: n").check("input", "((x ⊙ 𝟏)ᵀ)ᵀ").expr();
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> new Simplifier(Engine.simplifyRules()).simplify(e));
        } finally {
            Thread.interrupted();   // clear the flag for the other tests
        }
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals("x", new Simplifier(Engine.simplifyRules()).simplify(e).toString());
    }
}
