package matcalc.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import matcalc.Session;
import matcalc.calculus.DerivationGoldenTest;
import matcalc.render.Pictures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The step-by-step derivation of every slide derivative in golden/derivatives.txt (numerator
 * layout; the order-3 tensors and the matrix functions excepted), pinned in golden/steps/: the text, then a line "---",
 * then the LaTeX, which JLaTeXMath must render. Each derivation's result is checked numerically.
 * With -Dgolden.update=true the files are rewritten (review the diff).
 */
class StepsGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden/steps");

    /** A matrix F (of a scalar: a matrix derivative), which --steps does not show. */
    static boolean matrixFunction(DerivationGoldenTest.Case c) {
        Session s = new Session();
        for (String st : c.get("let").split(";")) s.let(st.strip());
        matcalc.core.Shape f = s.context().check("input", c.get("expr")).expr().shape();
        return !f.cols().isOne();
    }

    @TestFactory
    Stream<DynamicTest> everySlideDerivationStepByStep() throws IOException {
        List<DerivationGoldenTest.Case> cases = DerivationGoldenTest.cases(
                Files.readAllLines(DerivationGoldenTest.FILE, StandardCharsets.UTF_8));
        return cases.stream()
                .filter(c -> !c.fields().containsKey("layout") && !c.get("shape").matches(".*×.*×.*")
                        && !matrixFunction(c))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Session s = new Session();
                    for (String st : c.get("let").split(";")) s.let(st.strip());
                    if (c.fields().containsKey("assume")) s.assume(c.get("assume"));
                    Derivation d = Derivation.of(s.engine(), c.get("expr"), c.get("wrt"));
                    assertTrue(d.check().passed(), () -> "not checked: " + d.check().detail());
                    String latex = d.latex();
                    Pictures.icon(latex);   // throws if JLaTeXMath cannot render it
                    String actual = d.text() + "---\n" + latex + "\n";
                    Path file = DIR.resolve(String.format("line-%03d.txt", c.line()));
                    if (Boolean.getBoolean("golden.update")) Files.writeString(file, actual, StandardCharsets.UTF_8);
                    assertTrue(Files.exists(file), "no golden file " + file + "; run with -Dgolden.update=true");
                    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual);
                }));
    }
}
