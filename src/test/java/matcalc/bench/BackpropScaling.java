package matcalc.bench;

import java.util.Map;
import matcalc.DerivativeResult;

/**
 * Benchmark harness (not a test): derivation time and result size of all K weight gradients of
 * a K-layer network, K = 1, 2, 4, …, 64. Run with
 * {@code mvn -q -B test-compile exec:java@backprop-benchmark}. Each K is derived a few times after a
 * warm-up and the median is reported; the machine is shared, so read the times as rough.
 */
public final class BackpropScaling {
    public static void main(String[] args) {
        int maxK = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        DeepNetwork.gradients(4); // warm-up
        System.out.printf("%4s  %12s  %14s  %22s%n", "K", "time (ms)", "shared nodes", "nodes written as trees");
        for (int k = 1; k <= maxK; k *= 2) {
            long[] times = new long[5];
            Map<String, DerivativeResult> last = null;
            for (int rep = 0; rep < times.length; rep++) {
                long t0 = System.nanoTime();
                last = DeepNetwork.gradients(k);
                times[rep] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(times);
            System.out.printf("%4d  %12.1f  %14d  %22s%n", k, times[times.length / 2] / 1e6,
                    DeepNetwork.dagSize(last.values()), tree(DeepNetwork.treeSize(last.values())));
        }
    }

    private static String tree(long n) {
        return n >= Long.MAX_VALUE / 4 ? "> 10^18" : Long.toString(n);
    }
}
