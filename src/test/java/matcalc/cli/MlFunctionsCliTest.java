package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import matcalc.CheckResult;
import matcalc.Matcalc;
import matcalc.Matrix;
import matcalc.Session;
import matcalc.cli.CliRun.Run;
import org.junit.jupiter.api.Test;

/**
 * softplus, logsigmoid, leakyrelu, elu and gelu at the edges: max and min refused with the reason
 * and what to use instead, log σ(z) evaluated without −∞, answers that use the new functions checked.
 */
class MlFunctionsCliTest {
    static final String CROSS_ENTROPY = "-sum(y ⊙ log(σ(x)) + (𝟏 − y) ⊙ log(𝟏 − σ(x)))";

    @Test
    void maxAndMinAreRefusedWithTheReasonAndWhatToUse() {
        String max = CliTest.bad("diff", "--let", "x: n", "--wrt", "x", "max(x)");
        assertEquals("""
                input:1:1: error: max is not a built-in function: it is not differentiable where two entries tie, \
                so matcalc refuses it rather than pick a subgradient; use logsumexp(x) as a smooth maximum, or relu(x) for max(x, 0)
                  max(x)
                  ^~~""", max);
        assertTrue(CliTest.bad("diff", "--let", "x, y: n", "--wrt", "x", "sum(min(x, y))").contains("use −logsumexp(−x) as a smooth minimum"));
        assertTrue(CliTest.bad("diff", "--let", "x: n", "--wrt", "x", "argmax(x)").contains("use softmax(x) as its smooth version"));
    }

    @Test
    void logOfSigmoidIsFiniteWhereSigmoidRoundsToZeroOrOne() {
        Session s = Matcalc.session().let("z: 3");
        Map<String, Matrix> at = Map.of("z", Matrix.column(-800, 3, 800));
        double[][] logSigma = s.eval("log(σ(z))", at).toArray();
        assertEquals(-800, logSigma[0][0]);
        assertEquals(-Math.log1p(Math.exp(-3)), logSigma[1][0], 1e-15);
        assertEquals(0, logSigma[2][0]);
        assertEquals(-800, s.eval("log(𝟏 − σ(z))", at).toArray()[2][0]);
        assertEquals(800, s.eval("log(𝟏 + exp(z))", at).toArray()[2][0]);
        assertEquals(-800, s.eval("logsigmoid(z)", at).toArray()[0][0]);
        assertEquals(800, s.eval("softplus(z)", at).toArray()[2][0]);
        // the cross-entropy of a confident right answer is finite
        double loss = Matcalc.session().let("x, y: 2").eval(CROSS_ENTROPY,
                Map.of("x", Matrix.column(-800, 800), "y", Matrix.column(0, 1))).get(0, 0);
        assertEquals(0, loss, 0);
        double wrong = Matcalc.session().let("x, y: 2").eval(CROSS_ENTROPY,
                Map.of("x", Matrix.column(-800, 800), "y", Matrix.column(1, 0))).get(0, 0);
        assertEquals(1600, wrong);
    }

    @Test
    void answersWithTheNewFunctionsAreCheckedAndDiagnosed() {
        assertTrue(Matcalc.check(CROSS_ENTROPY, "x", "(σ(x) − y)ᵀ", "x, y: n").correct());
        assertTrue(Matcalc.check("sum(softplus(x))", "x", "σ(x)ᵀ", "x: n").correct());
        assertTrue(Matcalc.check("sum(logsigmoid(x))", "x", "(𝟏 − σ(x))ᵀ", "x: n").correct());
        assertTrue(Matcalc.check("sum(log(σ(x)))", "x", "σ(−x)ᵀ", "x: n").correct());
        assertTrue(Matcalc.check("softplus(x)", "x", "diag(σ(x))", "x: n").correct());
        assertTrue(Matcalc.check("sum(elu(x))", "x", "(𝟏 + step(−x) ⊙ elu(x))ᵀ", "x: n").correct());
        for (List<String> wrong : List.of(List.of("sum(softplus(x))", "softplus(x)ᵀ"), List.of(CROSS_ENTROPY, "(y − σ(x))ᵀ"),
                List.of("sum(logsigmoid(x))", "σ(x)ᵀ"), List.of("sum(gelu(x))", "σ(x)ᵀ"))) {
            CheckResult r = Matcalc.check(wrong.get(0), "x", wrong.get(1), "x, y: n");
            assertFalse(r.correct(), () -> wrong + " accepted");
            assertFalse(r.diagnosis().isBlank());
        }
        CheckResult sign = Matcalc.check(CROSS_ENTROPY, "x", "(y − σ(x))ᵀ", "x, y: n");
        assertTrue(sign.diagnosis().toLowerCase().contains("sign"), sign.diagnosis());
    }

    @Test
    void theExamplesParseAndTypeCheck() throws java.io.IOException {
        List<java.nio.file.Path> files;
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("examples/ml"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("ml-functions-") && p.toString().endsWith(".mc")).sorted().toList();
        }
        assertEquals(4, files.size(), files.toString());
        for (java.nio.file.Path p : files) {
            var r = matcalc.shape.Script.run(new matcalc.syntax.Source(p.toString(), java.nio.file.Files.readString(p)));
            assertFalse(r.expressions().isEmpty(), p.toString());
        }
    }

    @Test
    void theDerivativesPrintInAsciiAndLatex() {
        Run ascii = CliRun.run("diff", "--ascii", "--let", "x: n", "--wrt", "x", "sum(softplus(x))");
        assertEquals(0, ascii.code(), ascii.err());
        assertTrue(ascii.out().contains("= sigmoid(x)'"), ascii.out());
        // softplus' + logsigmoid' = σ + (1 − σ)
        assertTrue(CliRun.run("diff", "--let", "x: n", "--wrt", "x", "sum(logsigmoid(x) + softplus(x))").out().contains("= 𝟏_nᵀ"));
        Run latex = CliRun.run("diff", "--format", "latex", "--let", "x: n", "--wrt", "x", "sum(logsigmoid(x))");
        assertEquals(0, latex.code(), latex.err());
        assertTrue(latex.out().contains("\\left[\\operatorname{sum}\\left(\\log\\sigma\\left(\\mathbf{x}\\right)\\right)\\right]"
                + " = \\left(\\mathbf{1} - \\sigma\\left(\\mathbf{x}\\right)\\right)^\\top"), latex.out());
    }
}
