package matcalc.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The REPL on a terminal, with JLine: line editing, history kept across sessions, tab completion
 * of commands, functions, names and LaTeX escapes. Ctrl-C at the prompt clears the line; while a
 * line runs it stops that line; Ctrl-D (or :quit) ends the session.
 */
final class Interactive {
    static final String PROMPT = "matcalc> ";

    private final Repl repl;
    private final Terminal terminal;
    private final Path history;

    Interactive(Repl repl) throws IOException {
        this(repl, TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build(), Repl.historyFile());
    }

    /** On a given terminal, with a given history file or none (tests build a terminal over streams). */
    Interactive(Repl repl, Terminal terminal, Path history) {
        this.repl = repl;
        this.terminal = terminal;
        this.history = history;
    }

    int run() throws IOException {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("matcalc")
                .parser(new Completion.Words())
                .completer(new Completion(repl::state))
                // ! and \ are the language's (and LaTeX's), not history events or escapes
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .variable(LineReader.HISTORY_SIZE, 2000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000);
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
        LineReader reader = builder.build();
        PrintWriter w = terminal.writer();
        repl.attach(w, w, new Colours());
        terminal.handle(Terminal.Signal.INT, signal -> repl.interrupt());
        w.println(new AttributedString("matcalc 0.1.0: :help lists the commands, Ctrl-D ends",
                AttributedStyle.DEFAULT.faint()).toAnsi(terminal));
        w.flush();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;                       // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    break;                          // Ctrl-D
                }
                echoConversion(w, line);
                if (!repl.line(line)) break;
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                w.println("matcalc: could not save the history: " + e.getMessage());
            }
            w.flush();
            terminal.close();
        }
        return 0;
    }

    /** A line typed with LaTeX escapes is shown as the parser reads it: \hat{y} - y  ↳ ŷ - y. */
    private void echoConversion(PrintWriter w, String line) {
        String l = line.strip();
        if (l.indexOf('\\') < 0 || l.startsWith(":save") || l.startsWith(":load")) return;
        try {
            String converted = LatexEscapes.toUnicode(l);
            if (!converted.equals(l)) w.println(new AttributedString("↳ " + converted, AttributedStyle.DEFAULT.faint()).toAnsi(terminal));
        } catch (RuntimeException e) {
            // the line itself reports it
        }
    }

    /** Errors in red, notes faint, as far as the terminal can show them. */
    private final class Colours implements Repl.Output {
        @Override
        public String error(String text) {
            return new AttributedString(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).toAnsi(terminal);
        }

        @Override
        public String note(String text) {
            return new AttributedString(text, AttributedStyle.DEFAULT.faint()).toAnsi(terminal);
        }
    }
}
