package matcalc.hostile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import matcalc.cli.CliRun;
import matcalc.hostile.HostileInputs.Case;
import matcalc.repl.Repl;

/**
 * Runs hostile cases through the command line's in-process entry ({@link CliRun}, that is
 * {@code Main.run}) and through a piped REPL session, each under a deadline, and says what is
 * wrong with what came out: an exit code other than 0, 1 or 2, a stack trace or an exception's
 * name, an "internal error", a refusal that says nothing, or no answer by the deadline.
 */
public final class HostileRunner {
    private HostileRunner() {}

    /** What one case did; {@code problem} is null when nothing is wrong. */
    public record Outcome(int code, String out, String err, String problem, long millis) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** The exit code a case that ran out of time gets in the tallies. */
    public static final int TIMEOUT = -1;

    /** The line the REPL runs after every hostile line: its answer shows that the session goes on. */
    public static final String SENTINEL = "271828";

    /** Runs a command line, its files written into {@code dir} first. */
    public static Outcome run(Case c, Path dir, long deadlineMillis) throws IOException {
        List<String> args = new ArrayList<>();
        for (var f : c.files().entrySet()) {
            Path file = resolved(dir, f.getKey());
            if (file == null) continue;   // a name no file can have: matcalc is given it as it is
            Files.write(file, f.getValue().getBytes(
                    f.getValue().chars().allMatch(ch -> ch < 256) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        }
        // @NAME stands for the case's file NAME in dir; a name no file can have is passed as it is
        for (String a : c.args()) {
            if (!a.startsWith("@")) {
                args.add(a);
                continue;
            }
            Path file = resolved(dir, a.substring(1));
            args.add(file != null ? file.toString() : a.substring(1));
        }
        long start = System.nanoTime();
        CliRun.Run[] result = {null};
        boolean done = within(deadlineMillis, () -> result[0] = CliRun.run(args.toArray()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!done) return new Outcome(TIMEOUT, "", "", "no answer within " + deadlineMillis + " ms", millis);
        CliRun.Run r = result[0];
        String input = String.join(" ", c.args()) + String.join(" ", c.files().values());
        return new Outcome(r.code(), r.out(), r.err(), problem(r.code(), r.out(), r.err(), input), millis);
    }

    /** dir/name, or null where name cannot be a file name (a lone surrogate, a NUL). */
    private static Path resolved(Path dir, String name) {
        try {
            return dir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** What is wrong with a command's output, or null. */
    static String problem(int code, String out, String err, String input) {
        if (code != 0 && code != 1 && code != 2) return "exit code " + code;
        String all = out + err;
        String trace = trace(all, input);
        if (trace != null) return trace;
        // check's undecided verdict is its answer, on stdout with the reason (exit 2, as a refusal)
        boolean undecided = out.startsWith("undecided: ") || out.contains("\\text{(undecided: ")
                || out.contains("\"verdict\"") && out.contains("\"undecided\"");
        if (code == 2 && err.isBlank() && !out.contains("\"error\"") && !undecided) return "exit 2 without a message";
        if (code == 0 && all.isBlank()) return "exit 0 and nothing printed";
        return null;
    }

    private static String trace(String all, String input) {
        if (all.contains("\tat ")) return "a stack trace";
        if (all.contains("Exception") && !input.contains("Exception")) return "an exception's name";
        if (all.contains("java.") && !input.contains("java.")) return "a Java class name";
        if (all.contains("internal error")) return "an internal error";
        return null;
    }

    /**
     * A piped REPL session: every line followed by {@link #SENTINEL}, whose answer must follow each
     * line, and a line that is not blank or a comment must print something before it.
     */
    public static Outcome session(List<String> lines, long deadlineMillis) {
        StringBuilder script = new StringBuilder();
        for (String l : lines) script.append(l).append('\n').append(SENTINEL).append('\n');
        StringWriter out = new StringWriter();
        StringWriter all = new StringWriter();
        int[] code = {-1};
        long start = System.nanoTime();
        boolean done = within(deadlineMillis, () -> {
            Repl repl = new Repl();
            PrintWriter o = new PrintWriter(new Tee(out, all), true);
            PrintWriter e = new PrintWriter(new Tee(null, all), true);
            code[0] = repl.script(new ByteArrayInputStream(script.toString().getBytes(StandardCharsets.UTF_8)), o, e);
            return null;
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        String text = all.toString().replace(System.lineSeparator(), "\n");
        if (!done) return new Outcome(TIMEOUT, out.toString(), text, "no end of session within " + deadlineMillis + " ms", millis);
        String input = String.join("\n", lines);
        String problem = code[0] == 0 || code[0] == 1 || code[0] == 2 ? trace(text, input) : "exit code " + code[0];
        if (problem == null) problem = everyLineAnswered(lines, text);
        return new Outcome(code[0], out.toString(), text, problem, millis);
    }

    /** Splits the session's output at the sentinel's answers: one per line, and something before each. */
    private static String everyLineAnswered(List<String> lines, String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (l.equals(SENTINEL) || l.startsWith(SENTINEL + " : ")) {   // "271828 : scalar"
                chunks.add(chunk.toString());
                chunk.setLength(0);
            } else {
                chunk.append(l).append('\n');
            }
        }
        if (chunks.size() != lines.size()) {
            return "the session answered " + chunks.size() + " of " + lines.size() + " lines";
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            boolean silent = l.isEmpty() || l.startsWith("#");
            if (!silent && chunks.get(i).isBlank()) return "line " + (i + 1) + " printed nothing: " + lines.get(i);
        }
        return null;
    }

    /**
     * Runs the task on a thread of its own group and waits up to the deadline. A task still running
     * then is stopped with its group (the command's worker threads are in it), so that a campaign of
     * a million cases is not slowed by the ones that hang; they are reported, not hidden.
     */
    @SuppressWarnings({"deprecation", "removal"})
    static boolean within(long deadlineMillis, Supplier<?> task) {
        ThreadGroup group = new ThreadGroup("hostile-case");
        Throwable[] failure = {null};
        Thread t = new Thread(group, () -> {
            try {
                task.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "hostile-case", 1L << 20);
        t.setDaemon(true);
        t.start();
        try {
            t.join(deadlineMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            group.interrupt();
            try {
                t.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (group.activeCount() > 0) group.stop();
            return false;
        }
        if (failure[0] instanceof ThreadDeath d) throw d;
        if (failure[0] != null) throw new AssertionError("the runner itself failed", failure[0]);
        return true;
    }

    /** Writes to a buffer of its own (if any) and to the shared one, so the order of out and err is kept. */
    private static final class Tee extends java.io.Writer {
        private final StringWriter own;
        private final StringWriter all;

        Tee(StringWriter own, StringWriter all) {
            this.own = own;
            this.all = all;
        }

        @Override
        public void write(char[] b, int off, int len) {
            synchronized (all) {
                if (own != null) own.write(b, off, len);
                all.write(b, off, len);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
