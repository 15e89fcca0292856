package matcalc.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Intermediates;
import matcalc.present.DerivativesView;
import matcalc.present.TextRenderer;
import matcalc.present.Views;
import matcalc.shape.Context;

/**
 * Benchmark harness (not a test): `matcalc diff --wrt W1,…,WK` of the K-layer tanh network with
 * the squared error, as the CLI does it (declarations, derivation with the numeric check, text
 * output with --names auto), for K = 16, 64, 256, 1024 (up to the first argument): the time to
 * derive and check all K gradients, then the time and size of the text printed with ONE shared
 * list of named intermediates, and, for K up to the second argument (default 256), with a list per
 * result (as before issue 13's shared list: quadratic). Run with
 * {@code mvn -q -B test-compile exec:java@deep-names-benchmark} (or {@code -Dexec.args="1024 256"}).
 * Each is timed once after a warm-up at K = 32: read the times as rough, the sizes as exact.
 */
public final class DeepNamesPrinting {
    public static void main(String[] args) throws Exception {
        int maxK = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int maxPerResult = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Thread t = new Thread(null, () -> run(maxK, maxPerResult), "deep-names-benchmark", 1L << 30);
        t.start();
        t.join();
    }

    private static void run(int maxK, int maxPerResult) {
        System.out.printf("machine: %d cores, Java %s (%s), %s %s; %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), LocalDate.now());
        System.out.println("matcalc diff --wrt W1,…,WK 'sum((h_K − y) ⊙ (h_K − y))', h_i = tanh(W_i h_(i−1) + b_i)");
        for (int rep = 0; rep < 3; rep++) measure(32, true);   // warm-up (JIT)
        System.out.println();
        System.out.println("| K | derive + check | print, one list | text, one list | print, a list per result | text, a list per result |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int k = 16; k <= maxK; k *= 4) {
            String[] row = measure(k, k <= maxPerResult);
            System.out.println("| " + k + " | " + String.join(" | ", row) + " |");
        }
    }

    /** derive + check (s), one list: print time (s) and size, a list per result: print time (s) and size (or —). */
    private static String[] measure(int k, boolean perResult) {
        Context context = new Context();
        context.let("--let", declarations(k));
        Engine engine = Engine.of(context);
        String f = DeepNetwork.squaredLoss(k);
        long t0 = System.nanoTime();
        Map<String, VerifiedDerivative> results = engine.derive(f, DeepNetwork.weights(k), Layout.NUMERATOR);
        long t1 = System.nanoTime();
        DerivativesView view = Views.derivatives(engine, f, results, null).withNames(Intermediates.Mode.auto);
        String joint = TextRenderer.unicode().derivatives(view);
        long t2 = System.nanoTime();
        String[] out = {seconds(t1 - t0), seconds(t2 - t1), size(joint.length()), "—", "—"};
        if (perResult) {
            // each result alone, with its own where list (how several results printed before)
            long t3 = System.nanoTime();
            long chars = 0;
            for (var item : view.items()) {
                chars += TextRenderer.unicode().derivatives(new DerivativesView(view.expression(), List.of(item))).length() + 1;
            }
            out[3] = seconds(System.nanoTime() - t3);
            out[4] = size(chars);
        }
        return out;
    }

    static String declarations(int k) {
        List<String> d = new ArrayList<>(List.of("x: n0"));
        for (int i = 1; i <= k; i++) d.add("W" + i + ": n" + i + " x n" + (i - 1) + "; b" + i + ": n" + i);
        d.add("y: n" + k);
        return String.join("; ", d);
    }

    private static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    private static String size(long chars) {
        return chars >= 1_000_000 ? String.format("%.1f M chars", chars / 1e6) : String.format("%.0f K chars", chars / 1e3);
    }
}
