package matcalc.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import matcalc.calculus.Derivative;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.render.LatexPrinter;
import matcalc.shape.Context;
import matcalc.syntax.Node;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import org.ejml.data.DMatrixRMaj;

/**
 * Benchmark harness (not a test): the time of each stage (parse, shape check, derive, simplify,
 * print, evaluate) on huge and deeply nested inputs. Run with
 * {@code mvn -q -B test-compile exec:java@size-benchmark} (arguments: {@code -Dexec.args="case…"}).
 *
 * <p>Each case runs in a JVM of its own (so that a stage that takes too long is stopped, not left
 * running beside the next case), on a thread with the CLI's stack; a stage that does not finish in
 * {@link #TIMEOUT_S} seconds is reported as such, with the stages after it. One run per stage, the
 * JIT warmed on a small case of the same kind first: read the times as rough, the machine is shared.
 */
public final class SizeBenchmark {
    static final int TIMEOUT_S = 30;
    /** In the order they run: the derivation last, since it is the stage that may not finish. */
    static final String[] STAGES = {"parse", "shape", "print", "latex", "eval", "derive", "verify", "simplify"};

    /** One input: its declarations, the expression built for a size, the variable, and a point. */
    record Case(String name, String lets, java.util.function.IntFunction<String> text, int size, String wrt,
                Map<String, double[][]> values) {}

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        double[][] x = {{0.3}, {-0.2}, {0.5}};
        double[][] a = {{0.5, 0.1, 0.0}, {0.2, 0.4, 0.1}, {0.0, 0.3, 0.6}};
        add(new Case("sum-100k", "x: n", n -> joined(n, " + ", i -> "x"), 100_000, "x", Map.of("x", x)));
        add(new Case("sum-distinct-100k", "x: n; A: n x n", n -> joined(n, " + ", i -> i % 2 == 0 ? "A x" : "x"),
                100_000, "x", Map.of("x", x, "A", a)));
        add(new Case("product-10k", "x: n; A: n x n", n -> "xᵀ " + joined(n, " ", i -> "A") + " x", 10_000, "x",
                Map.of("x", x, "A", a)));
        add(new Case("scalar-product-10k", "α: scalar", n -> joined(n, " ", i -> "α"), 10_000, "α",
                Map.of("α", new double[][] {{1.0001}})));
        add(new Case("parens-100k", "x: n", n -> "(".repeat(n) + "x" + ")".repeat(n), 100_000, "x", Map.of("x", x)));
        add(new Case("sin-100k", "α: scalar", n -> "sin(".repeat(n) + "α" + ")".repeat(n), 100_000, "α",
                Map.of("α", new double[][] {{0.7}})));
        add(new Case("tanh-vector-100k", "x: n", n -> "sum(" + "tanh(".repeat(n - 1) + "x" + ")".repeat(n), 100_000, "x",
                Map.of("x", x)));
        add(new Case("negation-100k", "x: n", n -> "sum(" + "-(".repeat(n - 1) + "x" + ")".repeat(n), 100_000, "x",
                Map.of("x", x)));
        add(new Case("transpose-100k", "x: n", n -> "x" + "ᵀ".repeat(n - 1) + " x", 100_000, "x", Map.of("x", x)));
        // 1 MB of a typical loss, written out term by term with its own weights in each term
        add(new Case("1MB", "x, b, y: n; W: n x n", n -> joined(n, " + ", i -> "sum(y ⊙ log(softmax(W x + " + (i + 1) + " b)))"),
                1_000_000 / 38, "W", Map.of("x", x, "b", x, "y", new double[][] {{0.2}, {0.3}, {0.5}}, "W", a)));
    }

    private static void add(Case c) {
        CASES.put(c.name(), c);
    }

    static String joined(int n, String sep, java.util.function.IntFunction<String> term) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(sep);
            sb.append(term.apply(i));
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--child")) {
            child(CASES.get(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : -1);
            return;
        }
        List<String> names = args.length > 0 ? List.of(args) : new ArrayList<>(CASES.keySet());
        System.out.printf("%-20s %9s", "case", "bytes");
        for (String s : STAGES) System.out.printf(" %13s", s);
        System.out.println("   (wall-clock seconds (CPU seconds of the thread); R: refused after that time; "
                + "each case in its own JVM, " + TIMEOUT_S + " s per stage at most)");
        for (String name : names) {
            Case c = CASES.get(name);
            if (c == null) throw new IllegalArgumentException("no case " + name + "; the cases: " + CASES.keySet());
            runChild(c);
        }
    }

    /** Runs one case in a JVM of its own and prints its row as the stages finish. */
    private static void runChild(Case c) throws Exception {
        List<String> command = List.of(java(), "-Xmx2g", "-Dbench.front=" + Boolean.getBoolean("bench.front"),
                "-cp", classpath(), SizeBenchmark.class.getName(), "--child", c.name());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> results = new LinkedHashMap<>();
        String[] bytes = {"?"};
        String[] failure = {null};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split("\t", 2);
                    if (parts[0].equals("bytes")) bytes[0] = parts[1];
                    else if (parts[0].equals("failed")) failure[0] = parts[1];
                    else if (parts.length == 2) synchronized (results) { results.put(parts[0], parts[1]); }
                }
            } catch (java.io.IOException ignored) {
                // the child was stopped
            }
        });
        reader.start();
        // a stage gets TIMEOUT_S seconds; the whole case at most all of them
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) TIMEOUT_S * STAGES.length + 30);
        int seen = -1;
        long stageStart = System.nanoTime();
        while (p.isAlive() && System.nanoTime() < deadline) {
            p.waitFor(200, TimeUnit.MILLISECONDS);
            int now;
            synchronized (results) { now = results.size(); }
            if (now != seen) {
                seen = now;
                stageStart = System.nanoTime();
            } else if (System.nanoTime() - stageStart > TimeUnit.SECONDS.toNanos(TIMEOUT_S + 15)) {
                break;   // the current stage (after JVM start and warm-up) is over time
            }
        }
        boolean stopped = p.isAlive();
        if (stopped) p.destroyForcibly().waitFor();
        reader.join();
        System.out.printf("%-20s %9s", c.name(), bytes[0]);
        boolean over = false;
        for (String s : STAGES) {
            String r;
            synchronized (results) { r = results.get(s); }
            if (r == null) {
                r = over || !stopped ? "-" : "> " + TIMEOUT_S;
                over = true;
            }
            System.out.printf(" %13s", r);
        }
        System.out.println(failure[0] == null ? "" : "   " + failure[0]);
    }

    private static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** The test classpath: exec:java runs us in a class loader of its own, not on java.class.path. */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader l = SizeBenchmark.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(new File(url.toURI()).getPath());
                    } catch (java.net.URISyntaxException e) {
                        entries.add(url.getPath());
                    }
                }
            }
        }
        if (entries.isEmpty()) return System.getProperty("java.class.path");
        return String.join(File.pathSeparator, entries);
    }

    // ---------------------------------------------------------------- the child

    private static void child(Case c, int size) throws Exception {
        int n = size > 0 ? size : c.size();
        Thread t = new Thread(null, () -> {
            try {
                stages(c, Math.min(n, 200), false);   // warm-up
                stages(c, n, true);
            } catch (Throwable e) {
                String s = String.valueOf(e);
                System.out.println("failed\t" + (s.contains("\n") ? s.substring(0, s.indexOf('\n')) : s));
            }
        }, "bench", 512L << 20 // the CLI's (cli.Main.STACK_BYTES)
        );
        t.start();
        t.join();
        System.out.flush();
        System.exit(0);
    }

    private static void stages(Case c, int n, boolean report) {
        String text = c.text().apply(n);
        if (report) System.out.println("bytes\t" + text.getBytes(StandardCharsets.UTF_8).length);
        Context context = new Context().let("let", c.lets());
        Engine engine = Engine.of(context);
        Node node = time("parse", report, () -> Parsing.expression(new Source("input", text)));
        Context.Checked checked = time("shape", report, () -> context.check(node));
        // the input in both notations and in LaTeX, and its value
        time("print", report, () -> TextPrinter.unicode().print(checked.expr()).length() + TextPrinter.ascii().print(checked.expr()).length());
        time("latex", report, () -> new LatexPrinter().print(checked.expr()).length());
        Point point = new Point();
        c.values().forEach((name, rows) -> point.put(name, new DMatrixRMaj(rows)));
        time("eval", report, () -> new Evaluator(point).evaluate(checked.expr()));
        // -Dbench.front, and the warm-up: only the stages before and after the derivation
        if (Boolean.getBoolean("bench.front") || !report) return;
        Expr.Var v = Engine.variable(checked, c.wrt());
        Derivative d = time("derive", report, () -> engine.deriver().avoiding(checked.variables().keySet())
                .derive(checked.expr(), List.of(v), Layout.NUMERATOR.forDerivation(), checked.definitions(), checked.assumptions())
                .get(v.name()));
        time("verify", report, () -> engine.verify(d, checked, "∂/∂" + v.name()));
        time("simplify", report, () -> engine.simplifier(checked.assumptions()).simplify(checked.expr()));
    }

    private static <T> T time(String stage, boolean report, Supplier<T> work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        T out;
        try {
            out = work.get();
        } catch (matcalc.syntax.MatcalcException e) {
            // a refusal, with its time: "R" before the seconds
            if (report) {
                System.out.printf("%s\tR %.2f(%.2f)%n", stage, (System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - c0) / 1e9);
                System.out.flush();
            }
            throw e;
        }
        if (report) {
            // wall-clock seconds, and in parentheses the CPU seconds of the thread (the machine is shared)
            System.out.printf("%s\t%.2f(%.2f)%n", stage, (System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - c0) / 1e9);
            System.out.flush();
        }
        return out;
    }
}
