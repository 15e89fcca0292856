package matcalc.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * Every LaTeX string the suite pins (golden/latex.txt: the slide expressions and derivatives;
 * golden/steps: the step-by-step derivations) is parsed and laid out by JLaTeXMath: LaTeX that
 * does not render fails here.
 */
class LatexRenderTest {
    @TestFactory
    Stream<DynamicTest> everyPinnedLatexStringRenders() throws IOException {
        List<String> all = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/golden/latex.txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("    ")) all.add(line.strip());
        }
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/steps"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                all.add(text.substring(text.indexOf("---\n") + 4).strip());
            }
        }
        assertTrue(all.size() > 100, "found " + all.size());
        return all.stream().map(latex -> DynamicTest.dynamicTest(latex.length() > 80 ? latex.substring(0, 80) + "…" : latex,
                () -> {
                    TeXIcon icon = Pictures.icon(latex);
                    assertTrue(icon.getIconWidth() > 24 && icon.getIconHeight() > 24, latex);
                }));
    }

    @Test
    void malformedLatexIsReported() {
        try {
            Pictures.icon("\\frac{a}{b} \\notacommand{x}");
        } catch (MatcalcException expected) {
            assertTrue(expected.getMessage().startsWith("the LaTeX does not render"), expected.getMessage());
            return;
        }
        throw new AssertionError("JLaTeXMath accepted an unknown command");
    }
}
