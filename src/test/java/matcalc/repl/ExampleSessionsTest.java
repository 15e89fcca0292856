package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every session in examples/ml and examples/repl, run as {@code ./matcalc < FILE} runs it, prints
 * its transcript beside it (FILE.out): the ML examples' results are pinned in the forms people
 * write, and no line of them may fail (an "error" in their transcript is a failed example). With
 * -Dgolden.update=true the transcripts are rewritten (review the diff).
 */
class ExampleSessionsTest {
    private static final List<Path> DIRS = List.of(Path.of("examples/ml"), Path.of("examples/repl"));

    static List<Path> sessions() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path dir : DIRS) {
            try (Stream<Path> s = Files.list(dir)) {
                out.addAll(s.filter(p -> p.toString().endsWith(".mc")).sorted().toList());
            }
        }
        return out;
    }

    static String transcript(Path session) throws IOException {
        StringWriter out = new StringWriter();
        PrintWriter both = new PrintWriter(out, true);
        try (InputStream in = Files.newInputStream(session)) {
            new Repl().script(in, both, both);
        }
        return out.toString();
    }

    @TestFactory
    Stream<DynamicTest> everySessionPrintsItsTranscript() throws IOException {
        List<Path> sessions = sessions();
        assertFalse(sessions.size() < 10, "expected the example sessions, found " + sessions);
        return sessions.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            String actual = transcript(p);
            Path golden = p.resolveSibling(p.getFileName().toString().replaceAll("\\.mc$", ".out"));
            if (Boolean.getBoolean("golden.update")) Files.writeString(golden, actual, StandardCharsets.UTF_8);
            assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true");
            if (p.startsWith(DIRS.get(0))) {
                // the ML examples show results only (examples/repl/logistic.mc shows a typo and a wrong answer)
                assertFalse(actual.contains("error:"), p + " has a failing line:\n" + actual);
                assertFalse(actual.contains("wrong:") || actual.contains("undecided"), p + " has a wrong :check:\n" + actual);
            }
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "the transcript of " + p);
        }));
    }
}
