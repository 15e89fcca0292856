package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import matcalc.Session;
import org.junit.jupiter.api.Test;

/** :code TARGET after d/dW,b L (its f and derivatives), or :code TARGET EXPR; the same code as Session.code. */
class CodeCommandTest {
    static final String LET = "x: n\nW: d x n\nb, y: d\nassume sum(y) = 1\nŷ = softmax(W x + b)\n";

    static String run(String script) throws Exception {
        StringWriter out = new StringWriter();
        PrintWriter both = new PrintWriter(out, true);
        new Repl().script(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), both, both);
        return out.toString();
    }

    static Session session() {
        return new Session().let("x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)").assume("sum(y) = 1");
    }

    @Test
    void afterADerivativeTheCodeComputesFAndEachDerivativeAsked() throws Exception {
        String out = run(LET + "d/dW,b -sum(y ⊙ log(ŷ))\n:code numpy\n");
        String code = session().code("numpy", "-sum(y ⊙ log(ŷ))", List.of("W", "b"));
        assertTrue(out.endsWith(code), out);
        assertTrue(code.contains("def loss_and_grad(x, W, b, y):"), code);
        assertTrue(code.contains("dW: ∂f/∂W = (ŷ − y) xᵀ, an array d×n"), code);
        assertTrue(code.contains("Assumes (the formulas rely on it; not checked here): sum(y) = 1"), code);
        assertTrue(code.contains("return float("), code);
    }

    @Test
    void onAnExpressionItDifferentiatesByEachDeclaredVariable() throws Exception {
        String out = run(LET + ":code java -sum(y ⊙ log(ŷ))\n");
        assertTrue(out.contains("public record Result(double value, DMatrixRMaj dx, DMatrixRMaj dW, DMatrixRMaj db, "
                + "DMatrixRMaj dy) {}"), out);
        assertTrue(out.contains("public static Result compute(DMatrixRMaj x, DMatrixRMaj W, DMatrixRMaj b, DMatrixRMaj y)"), out);
    }

    @Test
    void whatCannotBeWrittenIsOneLine() throws Exception {
        assertEquals("error: :code numpy: no derivative yet; ask one first (d/dW L), or write :code numpy EXPR\n",
                run(":code numpy\n"));
        assertEquals("error: unknown target 'fortran': expected numpy, torch, jax or java\n", run("x: n\n:code fortran sum(x)\n")
                .replace("x: vector of length n (n×1)\n", ""));
        assertEquals("error: missing argument: :code TARGET: numpy, torch, jax or java\n", run(":code\n"));
        String tensor = run("x: n\nW: d x n\n:code torch tanh(W x)\n");
        assertTrue(tensor.contains("error: ∂f/∂W is a tensor (f is a vector of length d, W is d×n)"), tensor);
    }
}
