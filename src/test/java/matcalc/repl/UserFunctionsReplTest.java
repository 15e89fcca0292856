package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** User functions in a piped REPL session: defined, stated, derived, checked, refused. */
class UserFunctionsReplTest {

    @Test
    void aSessionDefinesStatesDerivesAndChecks() {
        String out = ReplTest.ok(String.join("\n",
                "x: n; W: d x n; y: d",
                "f(u) = u ⊙ σ(u)",
                "h'(u) = 1 − h(u).^2",
                "a = h(W x)",
                "d/dW 0.5 norm(a − y)^2",
                ":check ((a − y) ⊙ h'(W x)) xᵀ",
                "d/dx sum(f(x))",
                ":check f'(x)ᵀ",
                "f(W x)", ""));
        assertEquals(String.join("\n",
                "x: vector of length n (n×1)",
                "W: d×n",
                "y: vector of length d (d×1)",
                "f(u) = u ⊙ σ(u): elementwise function",
                "h'(u) = 1 − h(u).^2: the derivative of h",
                "a = h(W x): vector of length d (d×1)",
                "∂/∂W 0.5 ‖h(W x) − y‖^2",
                "  = ((a − y) ⊙ (𝟏 − a.^2)) xᵀ",
                "  shape d×n (numerator layout); checked against finite differences at 3 random points"), 
                out.substring(0, out.indexOf("\ncorrect")));
        assertTrue(out.contains("correct: ((a − y) ⊙ h'(W x)) xᵀ is ∂f/∂W"), out);
        assertTrue(out.contains("correct: f'(x)ᵀ is ∂f/∂x"), out);
        assertTrue(out.endsWith("W x ⊙ σ(W x) : vector of length d (d×1)\n"), out);
    }

    @Test
    void aBadDefinitionIsRefusedAndTheSessionGoesOn() {
        ReplTest.Run r = ReplTest.run(String.join("\n", "g(u) = sum(u)", "g(u) = u.^3", "d/dx sum(g(x))", ""));
        assertTrue(r.err().contains("input:1:8: error: sum is not elementwise"), r.err());
        assertTrue(r.out().contains("= 3 (x.^2)ᵀ") || r.out().contains("(x.^2)ᵀ"), r.out());
        ReplTest.noStackTrace(r.all());
    }
}
