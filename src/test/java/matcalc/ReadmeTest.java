package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import matcalc.cli.Main;
import matcalc.repl.Repl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the README true: every {@code $ ./matcalc …} line in a code block is run in-process and
 * what it prints (stdout, then stderr) must be exactly the lines that follow it in the README.
 * {@code $ ./matcalc < FILE} runs the REPL on the file, its output and errors interleaved as a
 * terminal shows them. {@code $ NAME='…'} lines set shell variables used by later commands, as in a shell. A line
 * holding only {@code …} stands for any lines the README leaves out.
 */
class ReadmeTest {
    record Example(int line, List<String> words, String expected) {}

    @TestFactory
    Stream<DynamicTest> everyCommandPrintsWhatTheReadmeShows() throws IOException {
        List<Example> examples = examples(Files.readAllLines(Path.of("README.md")));
        assertFalse(examples.size() < 10, "expected the README's examples, found " + examples.size());
        return examples.stream().map(ex -> DynamicTest.dynamicTest("README line " + ex.line() + ": "
                + String.join(" ", ex.words()), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = ex.words().subList(1, ex.words().size());
            if (args.size() == 2 && args.get(0).equals("<")) {
                // ./matcalc < session.mc: the REPL runs the file; output and errors as they come
                PrintWriter both = new PrintWriter(out, true);
                try (var in = Files.newInputStream(Path.of(args.get(1)))) {
                    new Repl().script(in, both, both);
                }
            } else {
                Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            }
            assertMatches(ex.expected(), out.toString() + err.toString());
        }));
    }

    /** expected, where each line "…" matches any run of lines. */
    static void assertMatches(String expected, String actual) {
        String[] parts = expected.split("(?m)^…\n", -1);
        if (parts.length == 1) {
            assertEquals(expected, actual);
            return;
        }
        assertTrue(actual.startsWith(parts[0]), () -> "expected to begin with:\n" + parts[0] + "\nbut was:\n" + actual);
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = actual.indexOf(parts[i], at);
            int part = i;
            assertTrue(found >= 0, () -> "expected, in order:\n" + parts[part] + "\nin:\n" + actual);
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        assertTrue(actual.endsWith(last) && actual.length() - last.length() >= at,
                () -> "expected to end with:\n" + last + "\nbut was:\n" + actual);
    }

    static List<Example> examples(List<String> lines) {
        List<Example> out = new ArrayList<>();
        Map<String, String> variables = new HashMap<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !l.startsWith("$ ")) continue;
            List<String> words = words(l.substring(2), variables);
            if (words.size() == 1 && words.get(0).matches("[A-Za-z_]\\w*=.*")) {
                String w = words.get(0);
                variables.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
                continue;
            }
            if (!words.get(0).equals("./matcalc")) continue;
            StringBuilder expected = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++) {
                expected.append(lines.get(j)).append('\n');
            }
            out.add(new Example(i + 1, words, expected.toString()));
            i = j - 1;
        }
        return out;
    }

    /** Splits a shell command line: single quotes literal, double quotes with $NAME expanded. */
    static List<String> words(String line, Map<String, String> variables) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (w != null) words.add(w.toString());
                w = null;
                continue;
            }
            if (w == null) w = new StringBuilder();
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                w.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                w.append(expand(line.substring(i + 1, end), variables));
                i = end;
            } else {
                w.append(c);
            }
        }
        if (w != null) words.add(w.toString());
        return words;
    }

    private static String expand(String s, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '$') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                String name = s.substring(i + 1, j);
                if (!variables.containsKey(name)) throw new IllegalArgumentException("README uses unset $" + name);
                out.append(variables.get(name));
                i = j - 1;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
