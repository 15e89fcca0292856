package matcalc.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import matcalc.cli.Main;

/**
 * {@link CheckBenchmark}'s child JVM: runs {@code matcalc grade PROBLEMS SUBMISSIONS} with the
 * report written to REPORT, then prints its own time and the heap it used on one line:
 * {@code grade-ms=… cpu-ms=… heap-peak=… exit=…}: cpu-ms the process's CPU time (all threads, the
 * JIT and GC too), heap-peak the sum of the heap pools' peaks (an upper bound of the heap in use at
 * any moment).
 */
public final class GradeChild {
    private GradeChild() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int code;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8));
             PrintWriter err = new PrintWriter(Files.newBufferedWriter(Path.of(args[2] + ".err"), StandardCharsets.UTF_8))) {
            code = Main.run(new String[] {"grade", args[0], args[1], "--no-progress"}, out, err);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
        System.out.println("grade-ms=" + ms + " cpu-ms=" + cpu + " heap-peak=" + peak + " exit=" + code);
    }
}
