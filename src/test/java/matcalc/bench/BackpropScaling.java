package matcalc.bench;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.core.Intermediates;
import matcalc.present.DerivativeView;

/**
 * Benchmark harness (not a test): derivation time and result size of all K weight gradients of a
 * K-layer network, K = 1, 2, 4, … up to the first argument (default 1024), for two losses: the
 * slides' softmax cross-entropy (last layer affine) and the squared error sum((h_K − y) ⊙ (h_K − y))
 * with tanh on every layer. Run with {@code mvn -q -B test-compile exec:java@backprop-benchmark}
 * (or {@code -Dexec.args=256}). Each K is derived several times after a warm-up (on K = 32, and 20
 * derivations at each K up to 64): 5 times up to K = 64, 3 up to 256, then once, and the median is
 * reported: the derivation of all K gradients, without
 * the numeric check; derivation with the check of all K gradients (3 random points, as `matcalc diff`
 * does: from 16 gradients on, jointly) is timed once for K up to the second argument (default
 * 1024); building the session (2K + 2 declarations, one {@code let} each) is timed once. The
 * machine is shared: read the times as rough, and time/K for linearity.
 */
public final class BackpropScaling {
    public static void main(String[] args) throws Exception {
        int maxK = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int maxChecked = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        // deep expressions recurse through every stage: the CLI runs on a large stack too
        Thread t = new Thread(null, () -> run(maxK, maxChecked), "backprop-benchmark", 1L << 30);
        t.start();
        t.join();
    }

    private static void run(int maxK, int maxChecked) {
        System.out.printf("machine: %d cores, Java %s (%s), %s %s; %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), LocalDate.now());
        table("L = −sum(y ⊙ log(softmax(h_K))), h_i = tanh(W_i h_(i−1) + b_i) for i < K, h_K = W_K h_(K−1) + b_K",
                DeepNetwork::session, DeepNetwork::loss, maxK, maxChecked);
        table("L = sum((h_K − y) ⊙ (h_K − y)), h_i = tanh(W_i h_(i−1) + b_i) for every i",
                DeepNetwork::squaredSession, DeepNetwork::squaredLoss, maxK, maxChecked);
    }

    private static void table(String title, IntFunction<Session> session, IntFunction<String> loss, int maxK, int maxChecked) {
        System.out.println();
        System.out.println(title);
        for (int rep = 0; rep < 5; rep++) session.apply(32).deriveAll(loss.apply(32), DeepNetwork.weights(32)); // warm-up (JIT)
        System.out.printf("%5s  %12s  %10s  %9s  %12s  %7s  %13s  %11s  %12s%n", "K", "session (ms)", "time (ms)", "ms / K", "checked (ms)",
                "shared", "as trees", "∂/∂W1 tree", "∂/∂W1 named");
        for (int k = 1; k <= maxK; k *= 2) {
            long s0 = System.nanoTime();
            Session s = session.apply(k);
            double sessionMs = (System.nanoTime() - s0) / 1e6;
            String f = loss.apply(k);
            List<String> wrts = DeepNetwork.weights(k);
            // warmed up at this K too (up to 64): at small K the times were mostly the JIT compiling
            // what K = 32's warm-up did not reach
            for (int rep = 0; rep < (k <= 64 ? 20 : 0); rep++) s.deriveAll(f, wrts);
            long[] times = new long[k <= 64 ? 5 : k <= 256 ? 3 : 1];
            Map<String, DerivativeResult> last = null;
            for (int rep = 0; rep < times.length; rep++) {
                long t0 = System.nanoTime();
                last = s.deriveAll(f, wrts);
                times[rep] = System.nanoTime() - t0;
            }
            Arrays.sort(times);
            double ms = times[times.length / 2] / 1e6;
            String checked = "—";
            if (k <= maxChecked) {
                Session withCheck = session.apply(k).verifyPoints(3);
                long t0 = System.nanoTime();
                withCheck.deriveAll(f, wrts);
                checked = String.format("%.1f", (System.nanoTime() - t0) / 1e6);
            }
            DerivativeResult first = last.get("W1");
            long tree = matcalc.core.Exprs.writtenOut(first.result().derivative().display(), new java.util.IdentityHashMap<>());
            Intermediates named = new DerivativeView(first.result(), null, List.of(), null, Intermediates.Mode.on).intermediates();
            System.out.printf("%5d  %12.1f  %10.1f  %9.2f  %12s  %7d  %13s  %11s  %12d%n", k, sessionMs, ms, ms / k, checked,
                    DeepNetwork.dagSize(last.values()), tree(DeepNetwork.treeSize(last.values())), tree(tree),
                    named == null ? tree : named.size());
        }
    }

    private static String tree(long n) {
        return n >= Long.MAX_VALUE / 4 ? "> 10^18" : Long.toString(n);
    }
}
