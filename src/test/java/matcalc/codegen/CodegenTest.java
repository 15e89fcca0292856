package matcalc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import matcalc.Session;
import matcalc.cli.Main;
import matcalc.plan.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lowering's sharing and names, the docstring's honesty, and the CLI's edges. */
class CodegenTest {
    @TempDir
    Path dir;

    static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void eachDistinctSubExpressionIsOneStepAndIntermediatesKeepTheirNames() {
        Session s = new Session().let("x: n; W1: h x n; b1: h; w2: h; h1 = tanh(W1 x + b1)");
        Program p = Codegen.lower(s.engine(), "w2ᵀ h1", List.of("W1", "b1", "w2"), s.layout(), "f");
        // tanh(W1 x + b1) is computed once, as h1, and used by the value and the three gradients
        assertEquals(1, p.steps().stream().filter(st -> st.op() instanceof Program.Op.Call c
                && c.fn() == matcalc.core.Fn.TANH).count(), p.steps().toString());
        assertTrue(p.steps().stream().anyMatch(st -> st.name().equals("h1")), p.steps().toString());
        java.util.Set<Object> distinct = new java.util.HashSet<>();
        for (Program.Step st : p.steps()) assertTrue(distinct.add(st.source()), "computed twice: " + st.source());
        assertEquals(List.of("x", "W1", "b1", "w2"), p.inputs().stream().map(Program.Input::name).toList());
    }

    @Test
    void namesNeverCollideWithKeywordsModulesOrEachOther() {
        Session s = new Session().let("value, lambda, t1: n; np: n x n");
        String code = s.code("numpy", "sum(value ⊙ lambda) + t1ᵀ np t1", List.of("value", "lambda"));
        assertTrue(code.contains("def loss_and_grad(value, lambda_2, t1_2, np_2):"), code);
        assertTrue(code.contains("return float("), code);
        // the outputs' names step aside too: the value is value_2 where an input is called value
        assertTrue(code.contains("(value, lambda_2, t1_2, np_2) -> value_2, dvalue, dlambda:"), code);
    }

    @Test
    void theDocstringSaysWhatWasNotCheckedNumerically() {
        String checked = new Session().let("x: n").code("torch", "sum(exp(x))", List.of("x"));
        assertTrue(checked.contains("Each derivative was checked by matcalc against finite differences"), checked);
        String unchecked = new Session().let("x: n").verifyPoints(0).code("torch", "sum(exp(x))", List.of("x"));
        assertTrue(unchecked.contains("NOT checked numerically by matcalc: ∂f/∂x ("), unchecked);
    }

    @Test
    void theCliWritesOneFunctionOrRefusesInOneLine() throws Exception {
        Path file = dir.resolve("grad.py");
        String[] r = cli("codegen", "--target", "numpy", "--let", "x: n", "--wrt", "x", "--out", file.toString(), "sum(x ⊙ x)");
        assertEquals("0", r[0], r[2]);
        assertEquals("wrote " + file + "\n", r[2]);
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).startsWith("import numpy as np\n"));
        String[] tensor = cli("codegen", "--target", "java", "--let", "x: n; W: d x n", "--wrt", "W", "W x");
        assertEquals("2", tensor[0]);
        assertEquals("error: ∂f/∂W is a tensor (f is a vector of length d, W is d×n): code generation writes matrices "
                + "only; differentiate a scalar f, or f by a vector\n", tensor[2]);
        String[] target = cli("codegen", "--target", "julia", "--wrt", "x", "sum(x)");
        assertEquals("2", target[0]);
        assertEquals("error: unknown target 'julia': expected numpy, torch, jax or java\n", target[2]);
        String[] name = cli("codegen", "--target", "numpy", "--name", "lambda", "--wrt", "x", "sum(x)");
        assertEquals("2", name[0]);
        assertEquals("error: --name lambda is a reserved word or a module name in generated code\n", name[2]);
        String[] opaque = cli("codegen", "--target", "numpy", "--let", "x: n", "--wrt", "x", "sum(h(x))");
        assertEquals("2", opaque[0]);
        assertTrue(opaque[2].startsWith("error: h has no formula"), opaque[2]);
        assertEquals(1, opaque[2].strip().lines().count(), opaque[2]);
    }
}
