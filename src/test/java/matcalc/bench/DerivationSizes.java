package matcalc.bench;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import matcalc.calculus.Derivative;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.Verification;
import matcalc.core.Expr;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;

/**
 * Benchmark harness (not a test): differentiation with simplification, then the numeric check, of
 * flat sums, long products and deep unary chains ({@link Workloads}), built directly as core
 * expressions so that parsing is not measured here. Run with
 * {@code mvn -q -B test-compile exec:java@derivation-sizes}, or one workload at one size with
 * {@code -Dexec.args="'n nested exp' 1000"}. Runs on a thread with a 512 MB stack, like the CLI.
 * One run per case after a small warm-up: the machine is shared, so read the times as rough.
 */
public final class DerivationSizes {
    private static final int[] SUM_SIZES = {1_000, 10_000, 100_000};
    private static final int[] PRODUCT_SIZES = {1_000, 10_000};
    private static final int[] DEPTHS = {1_000, 10_000, 100_000};

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(null, () -> run(args), "bench", 512L << 20);
        t.start();
        t.join();
    }

    private static void run(String[] args) {
        for (Workloads.Workload w : Workloads.ALL) measure(w, 100, false);   // warm-up
        System.out.printf("%-26s %8s  %10s  %11s  %10s  %s%n", "workload", "n", "derive (s)", "check (s)", "result DAG",
                "result");
        for (Workloads.Workload w : Workloads.ALL) {
            if (args.length > 0 && !w.name().startsWith(args[0])) continue;
            int[] sizes = args.length > 1 ? new int[] {Integer.parseInt(args[1])}
                    : w.name().startsWith("sum of") ? SUM_SIZES : w.name().startsWith("product") ? PRODUCT_SIZES : DEPTHS;
            for (int n : sizes) measure(w, n, true);
        }
    }

    private static void measure(Workloads.Workload w, int n, boolean print) {
        Context.Checked checked = w.checked(n);
        Engine engine = Engine.of(new Context());
        long start = System.nanoTime();
        try {
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Derivative r = engine.deriver().derive(checked.expr(), List.of(Engine.variable(checked, w.wrt())),
                    Layout.NUMERATOR, checked.definitions(), checked.assumptions()).get(w.wrt());
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            Verification v = engine.verify(r, checked, "∂/∂" + w.wrt());
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            if (!print) return;
            long tree = tree(r.expr(), new IdentityHashMap<>());
            // the text of a result as large as n² symbols would take the printer longer than the derivation
            String shown = tree > 200 ? "(" + tree + " nodes written out)" : r.expr().toString();
            if (shown.length() > 30) shown = shown.substring(0, 27) + "…";
            String verdict = v.passed() ? "checked at " + v.points() + " points" : "not checked: " + v.detail();
            System.out.printf("%-26s %8d  %10s  %11s  %10d  %s  (%s)%n", w.name(), n, times(t1 - t0, c1 - c0),
                    times(t2 - t1, c2 - c1),
                    dag(r.expr()), shown, verdict.length() > 60 ? verdict.substring(0, 60) + "…" : verdict);
        } catch (MatcalcException e) {
            if (print) System.out.printf("%-26s %8d  refused after %.2f s: %s%n", w.name(), n, sec(System.nanoTime() - start),
                    e.getMessage());
        } catch (StackOverflowError e) {
            if (print) System.out.printf("%-26s %8d  StackOverflowError%n", w.name(), n);
        }
    }

    /** Wall-clock seconds and, in parentheses, the thread's CPU seconds (the machine is shared). */
    private static String times(long wall, long cpu) {
        return String.format("%.2f (%.2f)", sec(wall), sec(cpu));
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }

    /** Size written out as a tree, saturating: as the engine counts it. */
    static long tree(Expr e, IdentityHashMap<Expr, Long> memo) {
        return matcalc.core.Exprs.writtenOut(e, memo);
    }

    static int dag(Expr e) {
        Set<Expr> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Expr> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.remove(todo.size() - 1);
            if (seen.add(x)) todo.addAll(x.children());
        }
        return seen.size();
    }
}
