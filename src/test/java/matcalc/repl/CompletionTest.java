package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import matcalc.core.Fn;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;

/** Tab completion: what counts as a word, and what may stand there. */
class CompletionTest {
    static ParsedLine parse(String line) {
        return new Completion.Words().parse(line, line.length(), Parser.ParseContext.COMPLETE);
    }

    @Test
    void wordsAreNamesEscapesAndCommands() {
        assertEquals("so", parse("d/dx sum(so").word());
        assertEquals("W", parse("x' W").word());
        assertEquals("", parse("sum(x) + ").word(), "between words, an empty word");
        assertEquals("\\od", parse("x \\od").word());
        assertEquals(":st", parse(":st").word());
        assertEquals("ŷ", parse("log(ŷ").word());
        assertEquals("dW", parse("d/dW").word());
        ParsedLine p = parse("x: n");
        assertEquals(List.of("x", "n"), p.words(), "the colon of a declaration is no command");
    }

    @Test
    void aQuoteIsATransposeNotAnOpenString() {
        // JLine's default parser would wait for the closing quote of x' and never accept the line
        ParsedLine p = new Completion.Words().parse("x' W x", 6, Parser.ParseContext.ACCEPT_LINE);
        assertEquals(List.of("x", "W", "x"), p.words());
    }

    @Test
    void whatMayStandThere() {
        ReplState s = new ReplState();
        Commands.run(s, "x: n; W: d x n");
        Commands.run(s, "ŷ = softmax(W x)");
        Completion c = new Completion(() -> s);
        assertTrue(c.candidates("", ":").containsAll(List.of(":d", ":steps", ":latex", ":check", ":eval", ":set", ":load",
                ":shape", ":rules", ":save", ":help", ":quit", ":layout")));
        List<String> names = c.candidates("sum(", "");
        assertTrue(names.containsAll(List.of("x", "W", "ŷ")), names.toString());
        assertTrue(names.containsAll(Fn.callableNames()), names.toString());
        assertTrue(c.candidates("", "").contains("assume"));
        assertFalse(c.candidates("sum(", "").contains("assume"));
        assertEquals(List.of("dx", "dW", "dŷ"), c.candidates("d/", "d"));
        assertTrue(c.candidates("x ", "\\o").contains("\\odot"));
        assertTrue(c.candidates("x ", ":").isEmpty(), "a command only starts a line");
    }
}
