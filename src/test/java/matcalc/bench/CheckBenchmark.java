package matcalc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import matcalc.bench.CheckWorkload.Answer;
import matcalc.bench.CheckWorkload.Workload;
import matcalc.check.AnswerChecker;
import matcalc.check.Judgement;
import matcalc.check.ProblemSet;
import matcalc.syntax.MatcalcException;

/**
 * Benchmark harness (not a test): how many answers per second {@code matcalc check} decides on one
 * warm process, and {@code matcalc grade} on a generated class of 5,000 rows in a child JVM with
 * a 512 MB heap. Run with {@code mvn -q -B test-compile exec:exec@check-benchmark}; it prints the
 * table of the README's "Benchmark: checking and grading".
 *
 * <p>The answers are those of src/test/resources/bench/check-answers.txt (slide Jacobians and
 * losses, a hidden layer, Matrix Cookbook classics; right answers in several written forms and the
 * usual slips). Three ways of checking them: a new checker per answer (every answer derives its
 * problem and draws and evaluates its own trials, as before the shared checker), and a checker per
 * problem and thread, warmed up (each problem derived once; trials and the derivative's values
 * shared), on 1 thread and on 2. Every verdict is compared with the data file's.
 */
public final class CheckBenchmark {
    private CheckBenchmark() {}

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU time (ns) the workers of the last measurement spent checking. */
    private static final java.util.concurrent.atomic.AtomicLong CPU = new java.util.concurrent.atomic.AtomicLong();

    private static boolean gradeOnly;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        Workload w = CheckWorkload.load();
        if (rounds == 0) {   // grade alone, its files kept (to profile): java -cp … matcalc.bench.CheckBenchmark 0 5000
            gradeOnly = true;
            grade(w, rows);
            return;
        }
        machine();
        System.out.println(w.problems().problems().size() + " problems, " + w.answers().size() + " answers ("
                + w.right().size() + " right, " + w.wrong().size() + " wrong)");
        verdicts(w);

        shared(w.answers(), 1, 3);   // warm-up: the JIT compiles the checker's paths before any clock starts
        // a new checker per answer, once over the answers (slow: each derives its problem)
        double[] fresh = {perAnswer(w.right()), perAnswer(w.wrong()), 0};
        fresh[2] = (w.right().size() + w.wrong().size()) / (w.right().size() / fresh[0] + w.wrong().size() / fresh[1]);
        double[][] one = {shared(w.right(), 1, rounds), shared(w.wrong(), 1, rounds), shared(w.answers(), 1, rounds)};
        double[][] two = {shared(w.right(), 2, rounds), shared(w.wrong(), 2, rounds), shared(w.answers(), 2, rounds)};
        System.out.println();
        System.out.println("answers/s   count  new checker per answer, 1 thread  shared, 1 thread  shared, 2 threads  per CPU second");
        String[] names = {"right", "wrong", "all"};
        int[] counts = {w.right().size(), w.wrong().size(), w.answers().size()};
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "%-9s  %5d  %32.0f  %16.0f  %17.0f  %14.0f%n", names[i], counts[i], fresh[i], one[i][0],
                    two[i][0], one[i][1]);
        }
        System.out.println("(per CPU second: the 1-thread figure over the thread's CPU time, which the machine's load does not change)");
        System.out.println();
        if (rows > 0) grade(w, rows);
    }

    private static void machine() throws IOException, InterruptedException {
        System.out.println("date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        System.out.println("commit: " + command("git", "rev-parse", "--short", "HEAD"));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu()
                + ", load average " + String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no model name
        }
        return System.getProperty("os.arch");
    }

    private static String command(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : "unknown";
    }

    /** Every answer's verdict (a shared checker) against the data file's right/wrong; the differences are listed. */
    private static void verdicts(Workload w) {
        Map<ProblemSet.Problem, AnswerChecker> checkers = new HashMap<>();
        int agree = 0;
        List<String> differ = new ArrayList<>();
        for (Answer a : w.answers()) {
            boolean correct;
            String why;
            try {
                Judgement j = CheckWorkload.check(checker(checkers, a), a);
                correct = j.correct();
                why = j.verdict().word() + (j.diagnosis() == null ? "" : ": " + j.diagnosis());
            } catch (MatcalcException e) {
                correct = false;
                why = "unreadable: " + e.getMessage().lines().findFirst().orElse("");
            }
            if (correct == a.right()) agree++;
            else differ.add("  " + a.problem().id() + ": " + a.text() + " — " + why);
        }
        System.out.println("verdicts as the data file says: " + agree + "/" + w.answers().size());
        differ.forEach(System.out::println);
    }

    private static AnswerChecker checker(Map<ProblemSet.Problem, AnswerChecker> checkers, Answer a) {
        return checkers.computeIfAbsent(a.problem(), p -> new AnswerChecker(p.engine()));
    }

    private static void judge(AnswerChecker checker, Answer a) {
        try {
            CheckWorkload.check(checker, a);
        } catch (MatcalcException unreadable) {
            // graded wrong, as grade does
        }
    }

    /** Answers per second with a new checker for every answer, one thread, one pass. */
    private static double perAnswer(List<Answer> answers) {
        long t0 = System.nanoTime();
        for (Answer a : answers) judge(new AnswerChecker(a.problem().engine()), a);
        return answers.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Answers per second with a checker per problem and thread, warmed up by one pass (so every
     * problem is derived before the clock starts), then {@code rounds} passes on {@code threads}.
     */
    private static double[] shared(List<Answer> answers, int threads, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Map<ProblemSet.Problem, AnswerChecker>> checkers = new ArrayList<>();
            for (int t = 0; t < threads; t++) checkers.add(new HashMap<>());
            run(pool, answers, checkers, 1);
            CPU.set(0);
            long t0 = System.nanoTime();
            run(pool, answers, checkers, rounds);
            double n = answers.size() * (double) rounds;
            return new double[] {n / ((System.nanoTime() - t0) / 1e9), n / (CPU.get() / 1e9)};
        } finally {
            pool.shutdownNow();
        }
    }

    /** Thread t checks every threads-th answer with its own checkers, rounds times. */
    private static void run(ExecutorService pool, List<Answer> answers, List<Map<ProblemSet.Problem, AnswerChecker>> checkers,
                            int rounds) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        int threads = checkers.size();
        for (int t = 0; t < threads; t++) {
            final int me = t;
            done.add(pool.submit(() -> {
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (int r = 0; r < rounds; r++) {
                    for (int i = me; i < answers.size(); i += threads) judge(checker(checkers.get(me), answers.get(i)), answers.get(i));
                }
                CPU.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
            }));
        }
        for (Future<?> f : done) f.get();
    }

    /**
     * matcalc grade on a class generated from the answers (each student answers every problem with
     * one of its answers, drawn at random, 1 in 30 left blank) in a child JVM with -Xmx512m.
     */
    private static void grade(Workload w, int rows) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("check-benchmark");
        Path problems = dir.resolve("problems.txt");
        Path csv = dir.resolve("class.csv");
        Files.writeString(problems, w.problemsText(), StandardCharsets.UTF_8);
        Map<String, List<Answer>> byProblem = new java.util.LinkedHashMap<>();
        for (Answer a : w.answers()) byProblem.computeIfAbsent(a.problem().id(), k -> new ArrayList<>()).add(a);
        Random random = new Random(13);
        StringBuilder sb = new StringBuilder("student,problem,answer\n");
        int n = 0;
        java.util.Set<String> distinct = new java.util.HashSet<>();   // (problem, answer) pairs: grade checks each once
        for (int s = 1; n < rows; s++) {
            for (var e : byProblem.entrySet()) {
                if (n == rows) break;
                String answer = random.nextInt(30) == 0 ? "" : e.getValue().get(random.nextInt(e.getValue().size())).text();
                distinct.add(e.getKey() + "\u0000" + answer);
                sb.append(String.format(Locale.ROOT, "s%04d", s)).append(',').append(e.getKey()).append(",\"")
                        .append(answer.replace("\"", "\"\"")).append("\"\n");
                n++;
            }
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        Path report = dir.resolve("report.txt");
        if (gradeOnly) System.out.println("grade's files (to profile it again): " + dir);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), GradeChild.class.getName(),
                problems.toString(), csv.toString(), report.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String last = out.lines().reduce((a, b) -> b).orElse("");
        Map<String, String> fields = new HashMap<>();
        for (String kv : last.split(" ")) if (kv.contains("=")) fields.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        if (code != 0 || !"0".equals(fields.get("exit"))) {
            System.out.println("grade failed (exit " + code + "):\n" + out);
            return;
        }
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        String summary = lines.stream().filter(l -> l.matches("\\d+ students?, mean .*")).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "grade, %d rows (%s; %d distinct answers), -Xmx512m: %.1f s wall (JVM start included), %.1f s in grade, "
                        + "%.1f s CPU; heap peak %d MB%n",
                rows, summary, distinct.size(), wall, Long.parseLong(fields.get("grade-ms")) / 1000.0,
                Long.parseLong(fields.get("cpu-ms")) / 1000.0, Long.parseLong(fields.get("heap-peak")) >> 20);
    }
}
