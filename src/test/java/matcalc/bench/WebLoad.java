package matcalc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API under load: {@code java -Xmx512m -jar target/matcalc.jar serve --port 0} in a child
 * JVM (the launcher's flags for serve: the JVM's defaults, C2 and G1), its GC logged; then
 * {@code load.clients} clients (50) for {@code load.seconds} (60), each posting one request after
 * another: diff, check (right and wrong answers), steps over the slides' problems, and some bad
 * input (a typo, a shape clash, an unknown member) that must get 400. Reports requests, errors
 * (anything else than 200 for good input and 400 for bad), throughput, latency percentiles, and the
 * child's heap from its GC log (peak used before a collection; the largest live set after one).
 * <p>
 * {@code mvn -q -B package -DskipTests && mvn -q -B test-compile exec:java@web-load-benchmark}
 */
public final class WebLoad {
    private WebLoad() {}

    record Problem(String expr, String let, String assume, String wrt, String right, String wrong) {}

    static final List<Problem> SLIDES = List.of(
            new Problem("W x", "W: m x n; x: n", "", "x", "W", "Wᵀ"),
            new Problem("sum(x ⊙ y)", "x, y: n", "", "x", "yᵀ", "xᵀ"),
            new Problem("σ(W x + b)", "x: n; W: d x n; b: d", "", "x", "diag(σ(W x + b) ⊙ (𝟏 − σ(W x + b))) W", "W"),
            new Problem("softmax(x)", "x: n", "", "x", "diag(softmax(x)) − softmax(x) softmax(x)ᵀ", "diag(softmax(x))"),
            new Problem("-sum(y ⊙ log(softmax(W x + b)))", "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)", "sum(y) = 1", "W",
                    "(ŷ − y) xᵀ", "(y − ŷ) xᵀ"),
            new Problem("0.5 norm(X w − y)^2", "X: m x n; w: n; y: m", "", "w", "(X w − y)ᵀ X", "(X w − y)ᵀ"),
            new Problem("xᵀ A x", "x: n; A: n x n", "", "x", "xᵀ (A + Aᵀ)", "2 xᵀ A"),
            new Problem("sum((W2 tanh(W1 x + b1) + b2 - y) ⊙ (W2 tanh(W1 x + b1) + b2 - y))",
                    "x: n; W1: h x n; b1: h; W2: k x h; b2, y: k", "", "W1", null, null));

    static final List<String> BAD = List.of(
            "{\"expr\": \"W (x + b)\", \"let\": \"W: d x n; x: n; b: d\", \"wrt\": \"x\"}",
            "{\"expr\": \"sum(x\", \"let\": \"x: n\", \"wrt\": \"x\"}",
            "{\"expr\": \"sum(x)\", \"wrt\": \"x\", \"wtr\": \"x\"}");

    static final ObjectMapper JSON = new ObjectMapper();

    static String body(Problem p, String answer) throws Exception {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("expr", p.expr());
        m.put("let", p.let());
        if (!p.assume().isEmpty()) m.put("assume", p.assume());
        m.put("wrt", p.wrt());
        if (answer != null) m.put("answer", answer);
        return JSON.writeValueAsString(m);
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("load.clients", 50);
        int seconds = Integer.getInteger("load.seconds", 60);
        int warmup = Integer.getInteger("load.warmup", 10);
        Path jar = Path.of("target/matcalc.jar");
        if (!Files.exists(jar)) throw new IllegalStateException("no target/matcalc.jar: run mvn -q -B package -DskipTests first");
        Path gc = Files.createTempFile("matcalc-serve-gc", ".log");
        Process child = new ProcessBuilder("java", "-Xmx512m", "-Xlog:gc:file=" + gc, "-Dfile.encoding=UTF-8",
                "-jar", jar.toString(), "serve", "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = line == null ? null : Pattern.compile("serving on (\\S+)").matcher(line);
            if (m == null || !m.find()) throw new IllegalStateException("the server did not start: " + line);
            URI base = URI.create(m.group(1));
            Thread drain = new Thread(() -> out.lines().forEach(l -> System.err.println("server: " + l)));
            drain.setDaemon(true);
            drain.start();
            System.out.printf("warm-up: %d s with %d clients%n", warmup, clients);
            run(base, clients, warmup, new Tally());
            Tally t = new Tally();
            long t0 = System.nanoTime();
            run(base, clients, seconds, t);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            report(t, clients, elapsed, gc);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    /** What the clients saw: latencies per kind, errors, deliberate bad inputs refused. */
    static final class Tally {
        final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());

        void add(String kind, long nanos) {
            latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
        }

        void error(String what) {
            errors.incrementAndGet();
            if (firstErrors.size() < 5) firstErrors.add(what);
        }
    }

    static void run(URI base, int clients, int seconds, Tally t) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long seed = 20261203L + c;
            Thread th = new Thread(() -> client(base, end, new Random(seed), t), "client-" + c);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
    }

    static void client(URI base, long end, Random r, Tally t) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        while (System.nanoTime() < end) {
            int dice = r.nextInt(100);
            Problem p = SLIDES.get(r.nextInt(SLIDES.size()));
            String kind;
            String path;
            String body;
            boolean bad = false;
            try {
                if (dice < 10) {
                    kind = "bad input";
                    path = "/api/diff";
                    body = BAD.get(r.nextInt(BAD.size()));
                    bad = true;
                } else if (dice < 45) {
                    kind = "diff";
                    path = "/api/diff";
                    body = body(p, null);
                } else if (dice < 75 && p.right() != null) {
                    kind = "check";
                    path = "/api/check";
                    body = body(p, r.nextBoolean() ? p.right() : p.wrong());
                } else {
                    kind = "steps";
                    path = "/api/steps";
                    body = body(p, null);
                }
                HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long t0 = System.nanoTime();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                long dt = System.nanoTime() - t0;
                t.add(kind, dt);
                t.add("all", dt);
                int expected = bad ? 400 : 200;
                boolean hasError = resp.body().contains("\"error\"");
                if (resp.statusCode() != expected || hasError != bad) {
                    t.error(kind + " " + body + " → " + resp.statusCode() + " " + resp.body());
                } else if (bad) {
                    t.refused.incrementAndGet();
                }
            } catch (Exception e) {
                t.error(e.toString());
            }
        }
    }

    static double ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    static void report(Tally t, int clients, double elapsed, Path gc) throws Exception {
        System.out.printf("%s, %d cores, %s %s, Java %s; %d clients for %.0f s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), clients, elapsed);
        System.out.println("| requests | kind | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (String kind : List.of("all", "diff", "check", "steps", "bad input")) {
            List<Long> l = new ArrayList<>(t.latencies.getOrDefault(kind, List.of()));
            Collections.sort(l);
            System.out.printf("| %,d | %s | %.0f | %.0f | %.0f | %.0f |%n", l.size(), kind, ms(l, 0.5), ms(l, 0.9), ms(l, 0.99), ms(l, 1.0));
        }
        long all = t.latencies.getOrDefault("all", List.of()).size();
        System.out.printf("throughput %.1f requests/s; errors %d; bad inputs refused with 400: %d%n", all / elapsed, t.errors.get(), t.refused.get());
        for (String e : t.firstErrors) System.out.println("  error: " + e);
        long peak = 0;
        long live = 0;
        long collections = 0;
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gc));
        while (m.find()) {
            collections++;
            peak = Math.max(peak, Long.parseLong(m.group(1)));
            live = Math.max(live, Long.parseLong(m.group(2)));
        }
        System.out.printf("server heap (-Xmx512m, from its GC log): peak used %d MB, largest after a collection %d MB, %d collections%n",
                peak, live, collections);
    }
}
