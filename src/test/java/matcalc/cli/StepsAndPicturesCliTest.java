package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import matcalc.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff --steps, --standalone, --png and --svg, and matcalc hessian, as a user runs them. */
class StepsAndPicturesCliTest {
    static final String LOGISTIC = "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b); L = -sum(y ⊙ log(ŷ))";

    static Run run(String... args) {
        return CliRun.run((Object[]) args);
    }

    @Test
    void stepsInAsciiAreAsciiThroughout() {
        Run r = CliRun.run("diff", "--steps", "--ascii", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "L");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().chars().allMatch(c -> c < 128), r.out());
        assertTrue(r.out().startsWith("dL/dW for L = -sum(y .* log(softmax(W x + b)))\n"), r.out());
        assertTrue(r.out().contains("  dy_hat/du1 = diag(y_hat) - y_hat y_hat'   d x d   d-softmax\n"), r.out());
        assertTrue(r.out().contains("  dL/dW = (y_hat - y) x'\n  shape d x n (numerator layout)"), r.out());
        Run paths = CliRun.run("diff", "--steps", "--ascii", "--let", "x: n; A: n x n", "--wrt", "x", "xᵀ A x");
        assertTrue(paths.out().chars().allMatch(c -> c < 128), paths.out());
        assertTrue(paths.out().contains("through the first x in x' A x: x' A'"), paths.out());
    }

    @Test
    void stepsShowTheIntermediatesTheChainAndTheRules() {
        Run r = run("diff", "--steps", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "b", "L");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  ŷ = softmax(u1)        d×1\n"), r.out());
        assertTrue(r.out().contains("  ∂L/∂b = ∂L/∂ŷ ∂ŷ/∂u1 ∂u1/∂b\n"), r.out());
        assertTrue(r.out().contains("d-softmax"), r.out());
        assertTrue(r.out().contains("  ∂L/∂b = (ŷ − y)ᵀ\n"), r.out());
    }

    @Test
    void aStandaloneDocumentAndPictures(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("steps.png");
        Path svg = tmp.resolve("steps.svg");
        Run r = run("diff", "--steps", "--standalone", "--png", png.toString(), "--svg", svg.toString(),
                "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "L");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("\\documentclass{article}"), r.out());
        assertTrue(r.out().contains("\\begin{aligned}") && r.out().contains("\\underbrace{"), r.out());
        assertTrue(r.out().strip().endsWith("\\end{document}"), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 300 && image.getHeight() > 200, image.getWidth() + "×" + image.getHeight());
        assertTrue(Files.readString(svg, StandardCharsets.UTF_8).contains("<svg"));
        assertEquals("wrote " + png + "\nwrote " + svg + "\n", r.err());
    }

    @Test
    void aPictureOfTheResultWithoutSteps(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("result.png");
        Run r = run("diff", "--png", png.toString(), "--wrt", "x", "softmax(x)");
        assertEquals(0, r.code(), r.err());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 100);
    }

    @Test
    void aPictureThatCannotBeWrittenIsBadInputWithoutATrace() {
        Run r = run("diff", "--steps", "--png", "/nonexistent/folder/a.png", "--wrt", "x", "sum(x)");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: cannot write /nonexistent/folder/a.png: there is no such folder"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void stepsDeclineTensorsWithTheReason() {
        Run r = run("diff", "--steps", "--let", "X, A: n x n", "--wrt", "X", "X A X");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("∂f/∂X here is a tensor of order 4"), r.err());
    }

    @Test
    void hessianTextJsonAndErrors() {
        Run r = run("hessian", "--let", "x: n; A: n x n", "--wrt", "x", "xᵀ A x");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                ∂²/∂x∂xᵀ xᵀ A x
                  = Aᵀ + A
                  shape n×n; checked against finite differences of the gradient at 3 random points
                """, r.out());
        Run json = run("hessian", "--format", "json", "--let", "x: n; y: m; B: n x m", "--wrt", "x", "--then", "y", "xᵀ B y");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"hessian\" : {\n    \"text\" : \"B\""), json.out());
        assertTrue(json.out().contains("\"shape\" : [ \"n\", \"m\" ]"), json.out());
        Run vector = run("hessian", "--wrt", "x", "exp(x)");
        assertEquals(2, vector.code());
        assertTrue(vector.err().contains("a Hessian is taken of a scalar expression; this one is a vector"), vector.err());
    }
}
