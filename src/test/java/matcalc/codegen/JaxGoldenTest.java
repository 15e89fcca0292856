package matcalc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import matcalc.Session;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JAX cannot be installed here, so its emitter is pinned by golden files
 * (src/test/resources/codegen/*.py, rewritten with -Dgolden.update=true: review the diff), each
 * compiled by python3 (syntax only: nothing imports jax). Between them they use every built-in
 * function. The same programs run for NumPy and PyTorch in {@link CodegenExamplesTest}.
 */
class JaxGoldenTest {
    static final Path DIR = Path.of("src/test/resources/codegen");

    record Problem(String file, String let, String assume, String expression, String wrts, String layout) {}

    static final List<Problem> PROBLEMS = List.of(
            new Problem("jax-mlp.py", "X: n x B; W1: h x n; b1: h; W2: d x h; b2: d; Y: d x B; "
                    + "H = tanh(W1 X + b1 𝟏ᵀ); S = softmax(W2 H + b2 𝟏ᵀ)", "𝟏ᵀ Y = 𝟏ᵀ", "-sum(Y ⊙ log(S)) / B",
                    "W1,b1,W2,b2", "numerator"),
            new Problem("jax-gaussian.py", "x, μ: n; Σ: n x n spd", null,
                    "0.5 logdet(Σ) + 0.5 (x − μ)ᵀ inv(Σ) (x − μ) + log(det(Σ)) + tr(Σ)", "μ,Σ", "denominator"),
            new Problem("jax-activations.py", "x, y: n; w: n", null,
                    "sum(gelu(x) + elu(x) + leakyrelu(x) + relu(x) + abs(x) + softplus(x) + logsigmoid(x) + sin(x) ⊙ cos(y)"
                            + " + sqrt(exp(x)) + σ(x)) + logsumexp(w) + norm(diag(x) y) + sum(vec(x yᵀ)) + sum(x ⊗ y)",
                    "x,w", "numerator"));

    static String generate(Problem p) {
        Session s = new Session().let(p.let()).layout(matcalc.calculus.Layout.parse(p.layout()));
        if (p.assume() != null) s.assume(p.assume());
        return s.code("jax", p.expression(), List.of(p.wrts().split(",")));
    }

    @TestFactory
    Stream<DynamicTest> jaxCodeIsAsPinned() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Problem p : PROBLEMS) {
            tests.add(DynamicTest.dynamicTest(p.file(), () -> {
                String code = generate(p);
                Path golden = DIR.resolve(p.file());
                if (Boolean.getBoolean("golden.update")) Files.writeString(golden, code, StandardCharsets.UTF_8);
                assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true");
                assertEquals(Files.readString(golden, StandardCharsets.UTF_8), code);
                compiles(golden);
            }));
        }
        return tests.stream();
    }

    /** python3 reads it (a syntax error fails), without running it. */
    static void compiles(Path file) throws Exception {
        Process proc = new ProcessBuilder(Python.numpy(), "-c",
                "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), file + " is not valid Python: " + out);
    }

    /** Every built-in function appears in some golden program (as its JAX spelling is written). */
    @TestFactory
    Stream<DynamicTest> theGoldensUseEveryFunction() {
        return Stream.of(DynamicTest.dynamicTest("every Fn", () -> {
            StringBuilder all = new StringBuilder();
            for (Problem p : PROBLEMS) all.append(p.expression()).append(' ').append(p.let()).append(' ');
            for (matcalc.core.Fn fn : matcalc.core.Fn.values()) {
                if (fn == matcalc.core.Fn.SIGN || fn == matcalc.core.Fn.STEP) continue;   // derivatives' functions
                boolean used = fn.names().stream().anyMatch(n -> all.toString().contains(n + "("));
                assertTrue(used, fn.fnName() + " is in no golden program");
            }
        }));
    }
}
