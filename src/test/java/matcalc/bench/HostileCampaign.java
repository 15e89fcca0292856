package matcalc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import matcalc.hostile.HostileInputs;
import matcalc.hostile.HostileInputs.Case;
import matcalc.hostile.HostileInputs.Sizes;
import matcalc.hostile.HostileRunner;
import matcalc.hostile.HostileRunner.Outcome;

/**
 * The long hostile-input campaign, outside the test suite: at least a million inputs through the
 * command line's entry point and piped REPL sessions, on two threads, counted per category, per
 * exit code and per kind of failure; every failure is written as a reproducer (the seed, the
 * command line and its files, what it printed).
 * <pre>
 * mvn -q -B test-compile exec:java@hostile-campaign -Dcampaign.inputs=1000000 -Dcampaign.seed=1 -Dcampaign.out=target/campaign
 * </pre>
 * Each case's seed is derived from the campaign's seed and its number, so a reproducer names the
 * one seed that draws it again ({@code HostileInputs.next(new Random(seed), Sizes.CAMPAIGN)}, or for a REPL
 * session forty {@code HostileInputs.replLine(random, Sizes.CAMPAIGN)} in a row; {@link #isSession} chooses). REPL lines are the cheap bulk (a parse error takes a fraction of a millisecond, a command
 * line some milliseconds). {@code -Dcampaign.largeOdds=N} makes one large case in N (default 1000).
 */
public final class HostileCampaign {
    private static final long DEADLINE_MILLIS = 10_000;
    /** Lines per REPL session; each line counts as one input. */
    private static final int SESSION_LINES = 40;
    private static final Sizes SIZES = new Sizes(Sizes.CAMPAIGN.maxDepth(), Sizes.CAMPAIGN.maxTerms(),
            Integer.getInteger("campaign.largeOdds", Sizes.CAMPAIGN.largeOdds()),
            Integer.getInteger("campaign.costlyPercent", Sizes.CAMPAIGN.costlyPercent()),
            Sizes.CAMPAIGN.derivedLimit(), Sizes.CAMPAIGN.heavy());

    private final Map<String, LongAdder> categories = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failuresByCategory = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> millisByCategory = new ConcurrentHashMap<>();
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowest = new AtomicLong();
    private final Path out;

    private HostileCampaign(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        long target = Long.getLong("campaign.inputs", 1_000_000);
        long seed = Long.getLong("campaign.seed", 1);
        int threads = Integer.getInteger("campaign.threads", 2);
        Path out = Path.of(System.getProperty("campaign.out", "target/campaign"));
        Files.createDirectories(out.resolve("reproducers"));
        HostileCampaign c = new HostileCampaign(out);
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Path dir = Files.createTempDirectory("hostile-" + t + "-");
            Thread w = new Thread(() -> c.work(seed, next, target, dir), "campaign-" + t);
            w.start();
            workers.add(w);
        }
        while (workers.stream().anyMatch(Thread::isAlive)) {
            for (Thread w : workers) w.join(30_000);
            System.out.println(c.progress(start));
        }
        String summary = c.summary(seed, threads, start);
        System.out.println(summary);
        Files.write(out.resolve("summary.txt"), summary.getBytes(StandardCharsets.UTF_8));
        System.exit(0);   // a stopped case's stray thread must not keep the JVM alive
    }

    private void work(long seed, AtomicLong next, long target, Path dir) {
        while (inputs.get() < target) {
            long n = next.getAndIncrement();
            long caseSeed = caseSeed(seed, n);
            Random r = new Random(caseSeed);
            try {
                if (isSession(caseSeed)) session(r, caseSeed);
                else command(r, caseSeed, dir);
            } catch (Throwable e) {
                record("RUNNER", "the runner failed: " + e, caseSeed, "case " + n, e.toString());
            }
        }
    }

    /** The n-th case's seed: mixed, since java.util.Random's first draws from neighbouring seeds are alike. */
    static long caseSeed(long seed, long n) {
        return new SplittableRandom(seed * 1_000_003L + n).nextLong() & 0xFFFF_FFFF_FFFFL;
    }

    /** Two cases in three are REPL sessions (forty lines each), one a command line. */
    static boolean isSession(long caseSeed) {
        return new SplittableRandom(caseSeed).nextInt(3) > 0;
    }

    private void command(Random r, long caseSeed, Path dir) throws IOException {
        Case c = HostileInputs.next(r, SIZES);
        Outcome o = HostileRunner.run(c, dir, DEADLINE_MILLIS);
        inputs.incrementAndGet();
        count(categories, c.category().name());
        millisByCategory.computeIfAbsent(c.category().name(), k -> new LongAdder()).add(o.millis());
        count(codes, o.code() == HostileRunner.TIMEOUT ? "timeout" : Integer.toString(o.code()));
        slowest.accumulateAndGet(o.millis(), Math::max);
        if (!o.ok()) record(c.category().name(), o.problem(), caseSeed, c.describe(), "exit " + o.code() + "\n--- stdout ---\n"
                + o.out() + "\n--- stderr ---\n" + o.err());
    }

    private void session(Random r, long caseSeed) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < SESSION_LINES; i++) lines.add(HostileInputs.replLine(r, SIZES));
        Outcome o = HostileRunner.session(lines, DEADLINE_MILLIS * 3);
        inputs.addAndGet(lines.size());
        categories.computeIfAbsent("REPL_LINE", k -> new LongAdder()).add(lines.size());
        millisByCategory.computeIfAbsent("REPL_LINE", k -> new LongAdder()).add(o.millis());
        count(codes, "repl " + (o.code() == HostileRunner.TIMEOUT ? "timeout" : Integer.toString(o.code())));
        slowest.accumulateAndGet(o.millis(), Math::max);
        if (!o.ok()) record("REPL_LINE", o.problem(), caseSeed, "printf '%s\\n' | matcalc  # lines, each followed by "
                + HostileRunner.SENTINEL + "\n" + String.join("\n", lines), "exit " + o.code() + "\n--- stdout and stderr ---\n" + o.err());
    }

    private static void count(Map<String, LongAdder> m, String key) {
        m.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Counts a failure and writes its reproducer (the first 50 of each kind and category). */
    private void record(String category, String problem, long caseSeed, String input, String output) {
        failures.incrementAndGet();
        String kind = problem.replaceAll("[0-9]+", "N");
        count(problems, category + ": " + kind);
        count(failuresByCategory, category);
        long seen = problems.get(category + ": " + kind).sum();
        if (seen > 50) return;
        String name = category.toLowerCase(Locale.ROOT) + "-" + caseSeed + ".txt";
        String text = "category: " + category + "\nproblem: " + problem + "\nseed: " + caseSeed + "\n\n" + input + "\n\n"
                + (output.length() > 20_000 ? output.substring(0, 20_000) + "…" : output) + "\n";
        try {
            // getBytes replaces a lone surrogate, which the random Unicode holds now and then
            Files.write(out.resolve("reproducers").resolve(name), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("cannot write a reproducer: " + e);
        }
    }

    private String progress(long start) {
        double s = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%,d inputs in %.0f s (%.0f/s), %d failures %s", inputs.get(), s, inputs.get() / s,
                failures.get(), sorted(problems));
    }

    private String summary(long seed, int threads, long start) {
        double s = (System.nanoTime() - start) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "hostile campaign: seed %d, %d threads, %,d inputs in %.0f s; slowest case %,d ms%n",
                seed, threads, inputs.get(), s, slowest.get()));
        sb.append("inputs per category: ").append(sorted(categories)).append('\n');
        Map<String, String> mean = new TreeMap<>();
        categories.forEach((k, v) -> mean.put(k, String.format(Locale.ROOT, "%.1f",
                millisByCategory.getOrDefault(k, new LongAdder()).sum() / (double) Math.max(1, v.sum()))));
        sb.append("mean ms per input: ").append(mean).append('\n');
        sb.append("exit codes (cases; a REPL session counts once): ").append(sorted(codes)).append('\n');
        sb.append("failures: ").append(failures.get()).append(' ').append(sorted(failuresByCategory)).append('\n');
        for (var e : sorted(problems).entrySet()) sb.append("  ").append(e.getValue()).append("  ").append(e.getKey()).append('\n');
        sb.append("reproducers: ").append(out.resolve("reproducers")).append('\n');
        return sb.toString();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> m) {
        Map<String, Long> t = new TreeMap<>();
        m.forEach((k, v) -> t.put(k, v.sum()));
        return t;
    }
}
