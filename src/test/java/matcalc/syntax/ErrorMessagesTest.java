package matcalc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.shape.Context;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every error message a user can get from bad input, pinned verbatim in
 * src/test/resources/golden/errors.txt: the "input:1:22: error: …" line, the quoted source line
 * and the caret line, plus any notes. A block gives --let statements (one per line, named --let,
 * --let#2, … as the command line names them), an optional --wrt, and the expression; what follows
 * up to the next blank line is the message. With -Dgolden.update=true the file is rewritten with
 * the messages matcalc produces now (review the diff: each one is read by people).
 */
class ErrorMessagesTest {
    static final Path FILE = Path.of("src/test/resources/golden/errors.txt");

    /** One block of the golden file; line is where its title is (1-based). */
    record Case(int line, String title, List<String> lets, String wrt, String expr, List<String> expected,
                int expectedFrom) {
        String name() {
            return "line " + line + ": " + title;
        }
    }

    static List<Case> cases(List<String> lines) {
        List<Case> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (!l.startsWith("== ")) {
                if (!l.isBlank() && !l.startsWith("#")) fail("line " + (i + 1) + ": expected '== title', found: " + l);
                i++;
                continue;
            }
            int titleLine = i + 1;
            String title = l.substring(3).strip();
            List<String> lets = new ArrayList<>();
            String wrt = null;
            String expr = null;
            i++;
            while (i < lines.size() && expr == null) {
                String f = lines.get(i);
                if (f.startsWith("let: ")) lets.add(unescape(f.substring(5)));
                else if (f.startsWith("wrt: ")) wrt = f.substring(5).strip();
                else if (f.startsWith("expr: ")) expr = unescape(f.substring(6));
                else fail("line " + (i + 1) + ": expected let:, wrt: or expr:, found: " + f);
                i++;
            }
            int from = i;
            List<String> expected = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isEmpty()) expected.add(lines.get(i++));
            out.add(new Case(titleLine, title, lets, wrt, expr, expected, from));
        }
        return out;
    }

    /** \t in a let: or expr: line stands for a tab (kept visible in the file). */
    private static String unescape(String s) {
        return s.replace("\\t", "\t");
    }

    /** The rendered message the case's input produces, or null when it produces none. */
    static String message(Case c) {
        try {
            // as the command line runs it: --let, --let#2, …; --wrt in messages about the variable
            Context context = new Context();
            for (int i = 0; i < c.lets().size(); i++) context.let(i == 0 ? "--let" : "--let#" + (i + 1), c.lets().get(i));
            Engine engine = Engine.of(context).withVerifyPoints(0);
            if (c.wrt() != null) engine.derive(c.expr(), List.of(c.wrt()), Layout.NUMERATOR);
            else context.check("input", c.expr());
            return null;
        } catch (MatcalcException e) {
            return e.render("--wrt ");
        }
    }

    @TestFactory
    Stream<DynamicTest> errorMessages() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<Case> cases = cases(lines);
        if (Boolean.getBoolean("golden.update")) {
            update(lines, cases);
            cases = cases(Files.readAllLines(FILE, StandardCharsets.UTF_8));
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String got = message(c);
            if (got == null) fail(c.name() + ": " + c.expr() + " was accepted, but the golden file expects an error");
            assertEquals(String.join("\n", c.expected()), got, c.name());
        }));
    }

    @Test
    void theGoldenFileCoversEachKindOfError() throws IOException {
        List<Case> cases = cases(Files.readAllLines(FILE, StandardCharsets.UTF_8));
        assertTrue(cases.size() >= 50, "the golden file lost cases: " + cases.size());
        Set<String> titles = new HashSet<>();
        for (Case c : cases) assertTrue(titles.add(c.title()), "two cases are titled " + c.title());
        String all = String.join("\n", cases.stream().flatMap(c -> c.expected().stream()).toList());
        for (String kind : List.of("is never closed", "unexpected end of input", "unknown character '['",
                "did you mean softmax?", "shape mismatch: W is d×n, so W x needs x of length n",
                "multiplies two column vectors", "cannot add", "tr needs a square matrix", "det needs a square matrix",
                "expected a dimension", "is declared as a variable", "is already a named intermediate")) {
            assertTrue(all.contains(kind), "no case shows: " + kind);
        }
    }

    @Test
    void messagesWithAPlaceHaveThePositionTheLineAndACaretUnderIt() throws IOException {
        for (Case c : cases(Files.readAllLines(FILE, StandardCharsets.UTF_8))) {
            List<String> m = c.expected();
            if (m.get(0).startsWith("error: ")) continue;   // not tied to a place (--wrt)
            String header = m.get(0);
            assertTrue(header.matches("(input|--let(#\\d+)?):1:\\d+: error: .+"), c.name() + ": " + header);
            int column = Integer.parseInt(header.replaceFirst("^[^:]+:1:(\\d+):.*", "$1"));
            String source = c.lets().isEmpty() || header.startsWith("input") ? c.expr()
                    : c.lets().get(letIndex(header));
            assertEquals("  " + source.replace("\t", "    "), m.get(1), c.name());
            String caret = m.get(2);
            assertTrue(caret.strip().matches("\\^~*"), c.name() + ": " + caret);
            // the caret sits under the column the header names (no tabs before it in these cases)
            if (!source.substring(0, Math.min(source.length(), column)).contains("\t")) {
                assertEquals(column + 1, caret.indexOf('^'), c.name() + ": the caret is not under column " + column);
            }
            for (String note : m.subList(3, m.size())) assertTrue(note.startsWith("  note: "), c.name());
        }
    }

    private static int letIndex(String header) {
        if (header.startsWith("--let:")) return 0;
        return Integer.parseInt(header.replaceFirst("^--let#(\\d+):.*", "$1")) - 1;
    }

    @Test
    void noMessageLeaksJavaInternals() throws IOException {
        for (Case c : cases(Files.readAllLines(FILE, StandardCharsets.UTF_8))) {
            String got = String.valueOf(message(c));
            for (String leak : List.of("Exception", "java.", "antlr", "null", "Token", "Context", "at matcalc")) {
                assertFalse(got.contains(leak), c.name() + " mentions " + leak + ": " + got);
            }
        }
    }

    private static void update(List<String> lines, List<Case> cases) throws IOException {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (Case c : cases) {
            while (next < c.expectedFrom()) out.add(lines.get(next++));
            String got = message(c);
            if (got == null) fail(c.name() + ": " + c.expr() + " was accepted; remove the case or fix the input");
            out.addAll(List.of(got.split("\n", -1)));
            next = c.expectedFrom() + c.expected().size();
        }
        while (next < lines.size()) out.add(lines.get(next++));
        Files.write(FILE, out, StandardCharsets.UTF_8);
    }
}
