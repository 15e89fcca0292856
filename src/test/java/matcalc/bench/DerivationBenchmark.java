package matcalc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import matcalc.Session;
import matcalc.calculus.DerivationGoldenTest;
import matcalc.calculus.Layout;

/**
 * Benchmark harness (not a test): warm derivation time per problem of
 * src/test/resources/bench/problems.txt, as a library user calls it ({@code Session.derive}, parsing
 * and shape inference included), with the numeric check (3 random points, the default) and
 * without it; beside it SymPy's {@code .diff} on the same problems (sympy_derivations.py, when a
 * python3 with sympy is found). Prints each problem, then the summary table of the README's
 * "Benchmark: derivation speed". Run with
 * {@code mvn -q -B test-compile exec:java@derivation-benchmark} (-Dbench.quick=true: fewer repeats;
 * -Dbench.sympy=false: without the SymPy column).
 *
 * <p>Each problem gets a session with its declarations, assumptions and layout, made once; every
 * problem is first derived several times round-robin (the JIT warms up on all of them), then each
 * is timed in 8 rounds over the whole set (2 quick), each round deriving it for 25 ms (at least 3
 * times): the median of all its times. Medians, because the machine may be shared.
 */
public final class DerivationBenchmark {
    static final Path PROBLEMS = Path.of("src/test/resources/bench/problems.txt");
    static final Path SYMPY = Path.of("src/test/resources/bench/sympy_derivations.py");

    private DerivationBenchmark() {}

    /** One problem: its line in the file, a session for it, the expression and the variable. */
    record Problem(int line, Session withCheck, Session withoutCheck, String expr, String wrt) {
        String label() {
            return "∂/∂" + wrt + " " + expr;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick") || List.of(args).contains("--quick");
        List<Problem> problems = problems(PROBLEMS);
        for (int round = 0; round < (quick ? 20 : 100); round++) {
            for (Problem p : problems) {
                if (round == 0) first(p);
                p.withCheck.derive(p.expr, p.wrt);
                p.withoutCheck.derive(p.expr, p.wrt);
            }
        }
        // each problem timed in several rounds spread over the run, so that a burst of load on the
        // shared machine lands on a few of its samples rather than on all of them
        int rounds = quick ? 2 : 8;
        long budget = (quick ? 50_000_000L : 200_000_000L) / rounds;
        List<List<Double>> withTimes = new ArrayList<>();
        List<List<Double>> withoutTimes = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            withTimes.add(new ArrayList<>());
            withoutTimes.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < problems.size(); i++) {
                Problem p = problems.get(i);
                time(p.withCheck, p, budget, withTimes.get(i));
                time(p.withoutCheck, p, budget, withoutTimes.get(i));
            }
        }
        double[] with = new double[problems.size()];
        double[] without = new double[problems.size()];
        for (int i = 0; i < problems.size(); i++) {
            with[i] = median(withTimes.get(i).stream().mapToDouble(Double::doubleValue).toArray());
            without[i] = median(withoutTimes.get(i).stream().mapToDouble(Double::doubleValue).toArray());
        }
        Map<Integer, String[]> sympy = sympy(quick);
        System.out.printf("%5s  %-58s %10s %10s %12s %9s%n", "line", "problem", "checked", "unchecked", "SymPy", "ratio");
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            String[] s = sympy.get(p.line);
            String sy = s == null ? "—" : s[0].equals("ok") ? String.format("%.3f", Double.parseDouble(s[1])) : s[0];
            String ratio = s != null && s[0].equals("ok") ? String.format("%.0f×", Double.parseDouble(s[1]) / with[i]) : "";
            System.out.printf("%5d  %-58s %10.3f %10.3f %12s %9s%n", p.line, cut(p.label(), 58), with[i], without[i], sy, ratio);
        }
        summary(problems, with, without, sympy);
    }

    /** The README's table: medians over the problems, the slowest, SymPy's side and the ratio. */
    private static void summary(List<Problem> problems, double[] with, double[] without, Map<Integer, String[]> sympy) {
        List<Double> sy = new ArrayList<>();
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (Problem p : problems) {
            String[] s = sympy.get(p.line);
            if (s == null) continue;
            statuses.merge(s[0], 1, Integer::sum);
            if (s[0].equals("ok")) sy.add(Double.parseDouble(s[1]));
        }
        int slowest = 0;
        for (int i = 1; i < with.length; i++) if (with[i] > with[slowest]) slowest = i;
        int slowestOff = 0;
        for (int i = 1; i < without.length; i++) if (without[i] > without[slowestOff]) slowestOff = i;
        System.out.println();
        System.out.println("Warm derivation, " + problems.size() + " problems (src/test/resources/bench/problems.txt), "
                + LocalDate.now() + "; " + machine());
        System.out.println();
        System.out.println("| | median per problem | slowest problem |");
        System.out.println("|---|---:|---:|");
        System.out.printf("| matcalc, numeric check included (3 points) | %.3f ms | %.2f ms (%s) |%n", median(with),
                with[slowest], problems.get(slowest).label());
        System.out.printf("| matcalc, without the check | %.3f ms | %.2f ms (%s) |%n", median(without),
                without[slowestOff], problems.get(slowestOff).label());
        if (sy.isEmpty()) {
            System.out.println("| SymPy `.diff` | not measured (no python3 with sympy, or -Dbench.sympy=false) | |");
            return;
        }
        double[] s = sy.stream().mapToDouble(Double::doubleValue).toArray();
        double max = Arrays.stream(s).max().orElse(0);
        List<Double> same = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            String[] st = sympy.get(problems.get(i).line);
            if (st != null && st[0].equals("ok")) same.add(with[i]);
        }
        double[] m = same.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf("| matcalc with the check, on the %d problems SymPy derives | %.3f ms | %.2f ms |%n", m.length,
                median(m), Arrays.stream(m).max().orElse(0));
        System.out.printf("| SymPy `.diff` on those %d problems | %.2f ms | %.1f ms |%n", s.length, median(s), max);
        System.out.printf("| SymPy's median ÷ matcalc's (on those problems) | %.0f× | |%n", median(s) / median(m));
        System.out.println();
        System.out.println("SymPy, by outcome: " + statuses + " (ok: a matrix-calculus result; array: only in array "
                + "(index) form; unevaluated: Derivative(…) handed back; zero: a wrong zero; error: it cannot; "
                + "timeout: over 10 s)");
    }

    /** The first derivation of a problem, which names the problem if it fails. */
    private static void first(Problem p) {
        try {
            p.withCheck.derive(p.expr, p.wrt);
        } catch (RuntimeException e) {
            throw new IllegalStateException(PROBLEMS + ":" + p.line + ": " + p.label() + ": " + e.getMessage(), e);
        }
    }

    /** Derives p in session s for budgetNanos (at least 3 times, at most 2,000), adding each time in ms to out. */
    private static void time(Session s, Problem p, long budgetNanos, List<Double> out) {
        long start = System.nanoTime();
        for (int n = 0; n < 3 || System.nanoTime() - start < budgetNanos && n < 2_000; n++) {
            long t0 = System.nanoTime();
            s.derive(p.expr, p.wrt);
            out.add((System.nanoTime() - t0) / 1e6);
        }
    }

    static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    static List<Problem> problems(Path file) throws IOException {
        List<Problem> out = new ArrayList<>();
        for (DerivationGoldenTest.Case c : DerivationGoldenTest.cases(Files.readAllLines(file, StandardCharsets.UTF_8))) {
            out.add(new Problem(c.line(), session(c).verifyPoints(3), session(c).verifyPoints(0), c.get("expr"), c.get("wrt")));
        }
        return out;
    }

    static Session session(DerivationGoldenTest.Case c) {
        Session s = new Session();
        for (String st : c.get("let").split(";")) s.let(st.strip());
        if (c.fields().containsKey("assume")) s.assume(c.get("assume"));
        if (c.fields().containsKey("layout")) s.layout(Layout.parse(c.get("layout")));
        return s;
    }

    /** line → {status, median ms} from sympy_derivations.py, or empty when no python3 has sympy. */
    private static Map<Integer, String[]> sympy(boolean quick) throws IOException, InterruptedException {
        Map<Integer, String[]> out = new HashMap<>();
        if (!Boolean.parseBoolean(System.getProperty("bench.sympy", "true"))) return out;   // -Dbench.sympy=false: matcalc only
        String python = python();
        if (python == null) {
            System.out.println("(no python3 with sympy found on PATH or at /usr/bin/python3: the SymPy column is left out)");
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of(python, SYMPY.toString(), PROBLEMS.toString()));
        if (quick) cmd.add("--quick");
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("#")) {
                    System.out.println(l);
                    continue;
                }
                String[] f = l.split("\t");
                if (f.length >= 3) out.put(Integer.parseInt(f[0]), new String[] {f[1], f[2]});
            }
        }
        proc.waitFor(10, TimeUnit.MINUTES);
        return out;
    }

    static String python() {
        for (String p : List.of("python3", "/usr/bin/python3")) {
            try {
                Process proc = new ProcessBuilder(p, "-c", "import sympy").redirectErrorStream(true).start();
                proc.getInputStream().readAllBytes();
                if (proc.waitFor(60, TimeUnit.SECONDS) && proc.exitValue() == 0) return p;
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String machine() {
        String load = "";
        try {
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end";
        } catch (IOException | RuntimeException e) {
            // not Linux: no load average
        }
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vm.name") + ")" + load;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
