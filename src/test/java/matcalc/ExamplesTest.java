package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import matcalc.shape.Script;
import matcalc.syntax.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every slide example parses and type-checks in both notations, and the Unicode and ASCII
 * spellings mean the same: equal core expressions and equal named intermediates.
 */
class ExamplesTest {
    static final Path SLIDES = Path.of("examples/slides");
    static final Path ASCII = Path.of("examples/slides-ascii");

    static List<Path> slideFiles() throws IOException {
        try (Stream<Path> s = Files.list(SLIDES)) {
            return s.filter(p -> p.toString().endsWith(".mc")).sorted().toList();
        }
    }

    static Script.Result run(Path p) throws IOException {
        return Script.run(new Source(p.toString(), Files.readString(p)));
    }

    @TestFactory
    Stream<DynamicTest> bothNotationsMeanTheSame() throws IOException {
        return slideFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Path twin = ASCII.resolve(p.getFileName());
            Script.Result unicode = run(p);
            Script.Result ascii = run(twin);
            assertFalse(unicode.expressions().isEmpty(), "no expression in " + p);
            assertEquals(unicode.expressions().size(), ascii.expressions().size());
            for (int i = 0; i < unicode.expressions().size(); i++) {
                assertEquals(unicode.expressions().get(i).expr(), ascii.expressions().get(i).expr(),
                        "expression " + (i + 1) + " of " + p);
            }
            assertEquals(unicode.expressions().get(0).definitions(), ascii.expressions().get(0).definitions());
        }));
    }
}
