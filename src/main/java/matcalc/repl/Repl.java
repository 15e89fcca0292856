package matcalc.repl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import matcalc.calculus.VerificationException;
import matcalc.present.ErrorView;
import matcalc.present.TextRenderer;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;

/**
 * The REPL: `matcalc` with no arguments. On a terminal it reads lines with JLine (editing, history
 * in ~/.matcalc_history, completion; see {@link Interactive}); otherwise it runs the lines of a
 * script from standard input and prints the results, with no prompts and no colours. Each line
 * runs on a worker thread against a copy of the session, which replaces the session only when
 * the line succeeds: a bad line prints its error and changes nothing, and the REPL goes on.
 */
public final class Repl {
    /** A system property, then an environment variable, naming the history file (empty: no history file). */
    public static final String HISTORY_PROPERTY = "matcalc.history";
    public static final String HISTORY_ENV = "MATCALC_HISTORY";

    /** Exit codes of a script, as the CLI's: 2 when a line was bad input, 70 when one hit an internal error. */
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 70;

    private final Worker worker = new Worker();
    /** The deadline of the line running now, for Ctrl-C. */
    private volatile Deadline running;
    private final BiFunction<ReplState, String, Commands.Outcome> commands;
    private volatile ReplState state = new ReplState();
    private PrintWriter out;
    private PrintWriter err;
    private Output style = Output.PLAIN;
    private int exitCode;

    public Repl() {
        this(Commands::run);
    }

    /** For tests: the commands a line is run with. */
    Repl(BiFunction<ReplState, String, Commands.Outcome> commands) {
        this.commands = commands;
    }

    /** How errors and notes are written: plainly, or in colour on a terminal. */
    interface Output {
        Output PLAIN = new Output() {};

        default String error(String text) {
            return text;
        }

        default String note(String text) {
            return text;
        }
    }

    /** `matcalc` with no arguments: interactive on a terminal, a script otherwise. Returns the exit code. */
    public static int start() {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (isTerminal()) {
            try {
                return new Interactive(new Repl()).run();
            } catch (IOException e) {
                err.println("matcalc: no terminal (" + e.getMessage() + "); reading a script from standard input");
            }
        }
        return new Repl().script(System.in, out, err);
    }

    /**
     * Runs the lines of a script: no prompts, results on out, errors on err, and on to the end (or
     * :quit) whatever happens. Returns 0, or the exit code of the worst error.
     */
    public int script(InputStream in, PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line(line)) break;
            }
        } catch (IOException e) {
            err.println("error: cannot read standard input: " + e.getMessage());
            exitCode = Math.max(exitCode, INTERNAL_ERROR);
        }
        out.flush();
        err.flush();
        return exitCode;
    }

    /** Where the interactive loop writes, and how. */
    void attach(PrintWriter out, PrintWriter err, Output style) {
        this.out = out;
        this.err = err;
        this.style = style;
    }

    /** The session as it stands (completion reads the names from it). */
    ReplState state() {
        return state;
    }

    /**
     * Runs one line and prints what it gives; returns false when the session ends (:quit). Blank
     * lines and lines starting with # do nothing.
     */
    boolean line(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) return true;
        ReplState trial = state.copy();
        // every stage of the line checks it (:timeout); Ctrl-C cancels it, and the message names the stage
        Deadline deadline = Deadline.of(trial.timeout, ":timeout");
        running = deadline;
        try {
            Commands.Outcome o = worker.run(() -> deadline.run(() -> commands.apply(trial, line)));
            state = trial;
            if (!o.text().isEmpty()) out.println(o.text());
            return !o.quit();
        } catch (CancellationException | InterruptedException e) {
            err.println(style.note("interrupted while " + deadline.stage()
                    + ": the line's computation is abandoned, and the session is as it was before it"));
        } catch (ExecutionException e) {
            report(e.getCause());
        } finally {
            running = null;
            out.flush();
            err.flush();
        }
        return true;
    }

    /** Ctrl-C: stops the running line, if any; returns whether one was running. */
    public boolean interrupt() {
        Deadline d = running;
        if (d != null) d.cancel();   // the worker stops at its next check, whatever clears the interrupt
        return worker.interrupt();
    }

    private void report(Throwable t) {
        if (t instanceof MatcalcException m) {
            // a message about a variable was already worded by the query (d/dz: …, :hessian z: …)
            err.println(style.error(TextRenderer.unicode().error(ErrorView.of("repl", m, ""))));
            exitCode = Math.max(exitCode, BAD_INPUT);
        } else if (t instanceof Deadline.Expired late) {
            // past :timeout: the line stops, the session goes on as it was
            err.println(style.error(TextRenderer.unicode().error(ErrorView.of("repl", MatcalcException.general(late.getMessage()), ""))));
            exitCode = Math.max(exitCode, BAD_INPUT);
        } else if (t instanceof VerificationException v) {
            err.println(style.error(TextRenderer.unicode().error(ErrorView.internal("repl", v.getMessage()))));
            exitCode = Math.max(exitCode, INTERNAL_ERROR);
        } else if (t instanceof StackOverflowError) {
            err.println(style.error("error: the expression is nested too deeply for matcalc"));
            exitCode = Math.max(exitCode, INTERNAL_ERROR);
        } else {
            String s = String.valueOf(t);
            int nl = s.indexOf('\n');
            err.println(style.error("internal error (please report it): " + (nl < 0 ? s : s.substring(0, nl))));
            exitCode = Math.max(exitCode, INTERNAL_ERROR);
        }
    }

    /** The history file: -Dmatcalc.history, else $MATCALC_HISTORY, else ~/.matcalc_history; null for none. */
    static Path historyFile() {
        String p = System.getProperty(HISTORY_PROPERTY);
        if (p == null) p = System.getenv(HISTORY_ENV);
        if (p == null) return Path.of(System.getProperty("user.home"), ".matcalc_history");
        return p.isBlank() ? null : Path.of(p);
    }

    /**
     * Whether standard input and output are a terminal. Java 22 and later give a Console also when
     * they are not, and say so with Console.isTerminal().
     */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
