package matcalc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One run, side by side: {@link MlpGradientBenchmark} (JMH: matcalc and hand-written EJML) and the
 * same gradient in NumPy and in torch (by hand, by autograd, and as matcalc's codegen writes it), timed by
 * src/test/resources/bench/mlp_gradient.py in the same run. Prints one table of milliseconds per
 * gradient (mean of the measured calls) for batch 1 and 256. With -Dbench.quick=true it measures
 * briefly (to try it), otherwise as the annotations say.
 *
 * <p>mvn -q -B test-compile exec:exec@mlp-benchmark
 */
public final class MlpGradientComparison {
    private MlpGradientComparison() {}

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick") || List.of(args).contains("--quick");
        OptionsBuilder o = new OptionsBuilder();
        o.include(MlpGradientBenchmark.class.getSimpleName());
        if (quick) o.warmupIterations(1).measurementIterations(2).forks(1);
        Options options = o.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();   // row → batch → ms
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String row = name.substring(name.lastIndexOf('.') + 1);
            String batch = r.getParams().getParam("batch");
            table.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(batch, r.getPrimaryResult().getScore());
        }
        python(table, quick);
        System.out.println();
        System.out.println("MLP gradient (n = k = d = 512), ms per call (loss and ∂/∂W1, b1, W2, b2), " + LocalDate.now());
        System.out.printf("%-26s %12s %12s%n", "", "batch 1", "batch 256");
        for (var e : table.entrySet()) {
            System.out.printf("%-26s %12s %12s%n", e.getKey(), fmt(e.getValue().get("1")), fmt(e.getValue().get("256")));
        }
        Double hand = table.getOrDefault("handWrittenEjml", Map.of()).get("256");
        for (var e : table.entrySet()) {
            Double v = e.getValue().get("256");
            if (hand != null && v != null) System.out.printf("  %-24s %.2f× hand-written EJML at batch 256%n", e.getKey(), v / hand);
        }
    }

    private static String fmt(Double ms) {
        return ms == null ? "—" : String.format("%.3f", ms);
    }

    /** Runs the NumPy and torch timings (python3 with numpy and torch: /usr/bin/python3 on Debian). */
    private static void python(Map<String, Map<String, Double>> table, boolean quick) throws IOException, InterruptedException {
        Path script = Files.createTempFile("mlp_gradient", ".py");
        try (var in = MlpGradientComparison.class.getResourceAsStream("/bench/mlp_gradient.py")) {
            Files.write(script, in.readAllBytes());
        }
        // the code matcalc generates for the same gradient, timed beside the hand-written
        Path numpy = generated("numpy");
        Path torch = generated("torch");
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "512", quick ? "3" : "20",
                numpy.toString(), torch.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("python3 failed: " + out);
        for (String line : out.split("\n")) {
            // row batch ms
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && !f[0].startsWith("#")) {
                table.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Double.parseDouble(f[2]));
            } else if (line.startsWith("#")) {
                System.out.println(line);
            }
        }
        Files.deleteIfExists(script);
        Files.deleteIfExists(numpy);
        Files.deleteIfExists(torch);
    }

    /** matcalc codegen --target TARGET for the benchmark's loss by W1, b1, W2, b2, in a temporary file. */
    private static Path generated(String target) throws IOException {
        matcalc.Session s = new matcalc.Session().let(MlpGradientBenchmark.LET);
        s.assume("𝟏ᵀ Y = 𝟏ᵀ");
        Path file = Files.createTempFile("mlp_" + target, ".py");
        Files.writeString(file, s.code(target, MlpGradientBenchmark.LOSS, MlpGradientBenchmark.WRT), StandardCharsets.UTF_8);
        return file;
    }
}
