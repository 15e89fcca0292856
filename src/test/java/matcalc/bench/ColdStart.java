package matcalc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start, side by side: the launcher's {@code ./matcalc diff --wrt x 'softmax(x)'} (with its
 * class-data-sharing archive), the same command on the bare jar without it, {@code java -jar
 * target/matcalc.jar --help}, and {@code python3 -c 'import sympy'} (the first of python3 and
 * /usr/bin/python3 that has SymPy; the row is left out, and says so, when none has; when that
 * python3 is a wrapper of the interpreter, such as pyenv's shim, the interpreter's own import is a
 * row too, with its ratio). The commands
 * run interleaved, one of each per round, so that a change in the machine's load hits them all; the
 * table gives each one's median, min and max wall time and the ratio of the medians.
 *
 * <pre>mvn -q -B test-compile exec:java@cold-start-benchmark [-Dcold.runs=21]</pre>
 *
 * Not a test: it times processes on whatever machine runs it (the README's table comes from here).
 */
public final class ColdStart {
    private ColdStart() {
    }

    record Case(String label, List<String> command) {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("cold.runs", 21);
        Path root = Path.of(System.getProperty("user.dir"));
        Path launcher = root.resolve("matcalc");
        if (!Files.isExecutable(launcher)) throw new IllegalStateException("run this from the project's root: no ./matcalc in " + root);
        // builds the jar and the archive first if the sources changed, so that no round times a build
        List<String> diff = List.of(launcher.toString(), "diff", "--wrt", "x", "softmax(x)");
        String expected = output(diff);
        if (!expected.contains("diag(softmax(x)) − softmax(x) softmax(x)ᵀ")) {
            throw new IllegalStateException("unexpected output of ./matcalc diff:\n" + expected);
        }
        String jar = root.resolve("target/matcalc.jar").toString();
        List<String> utf8 = List.of("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("./matcalc diff --wrt x 'softmax(x)'", diff));
        cases.add(new Case("java -jar target/matcalc.jar diff --wrt x 'softmax(x)'", concat(List.of("java"), utf8,
                List.of("-jar", jar, "diff", "--wrt", "x", "softmax(x)"))));
        cases.add(new Case("java -jar target/matcalc.jar --help", concat(List.of("java"), utf8, List.of("-jar", jar, "--help"))));
        String python = null;
        String interpreter = null;
        String pythonVersions = "no python3 with SymPy (python3, /usr/bin/python3): its row is left out";
        for (String py : List.of("python3", "/usr/bin/python3")) {
            try {
                List<String> v = output(List.of(py, "-c", "import sys, sympy; print('Python %d.%d.%d, SymPy %s' % "
                        + "(sys.version_info[:3] + (sympy.__version__,))); print(sys.executable)")).strip().lines().toList();
                python = py;
                pythonVersions = py + ": " + v.get(0);
                interpreter = indirect(py, v.get(v.size() - 1));
                break;
            } catch (IOException | IllegalStateException none) {
                // the next one
            }
        }
        if (python != null) cases.add(new Case(python + " -c 'import sympy'", List.of(python, "-c", "import sympy")));
        // python3 on the PATH may be a wrapper that runs the interpreter (pyenv's shim, a bash script
        // that runs pyenv: about 0.3 s of its own on the development machine); the interpreter itself too
        if (interpreter != null) {
            pythonVersions += " (python3 on the PATH is a wrapper of " + interpreter + ")";
            cases.add(new Case(interpreter + " -c 'import sympy'", List.of(interpreter, "-c", "import sympy")));
        }

        String load = loadAverage();
        for (Case c : cases) output(c.command());   // once untimed: the files in the page cache
        double[][] seconds = new double[cases.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < cases.size(); i++) seconds[i][r] = wall(cases.get(i).command());
        }
        String loadAfter = loadAverage();

        System.out.println("Cold start, " + runs + " runs of each, interleaved ("
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ")");
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + javaVersion()
                + "; " + pythonVersions + "; load average " + load + " before, " + loadAfter + " after");
        System.out.println();
        int width = cases.stream().mapToInt(c -> c.label().length()).max().orElse(10);
        System.out.printf("%-" + width + "s  %8s  %6s  %6s%n", "command (wall time, s)", "median", "min", "max");
        double[] medians = new double[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            double[] s = seconds[i].clone();
            Arrays.sort(s);
            medians[i] = s[s.length / 2];
            System.out.printf("%-" + width + "s  %8.3f  %6.3f  %6.3f%n", cases.get(i).label(), medians[i], s[0], s[s.length - 1]);
        }
        System.out.println();
        System.out.printf("./matcalc diff against the bare jar: %.2f×%n", medians[0] / medians[1]);
        if (python != null) {
            int row = interpreter == null ? cases.size() - 1 : cases.size() - 2;
            System.out.printf("./matcalc diff against import sympy: %.2f× (target ≤ 0.5×)%n", medians[0] / medians[row]);
        }
        if (interpreter != null) {
            System.out.printf("./matcalc diff against import sympy, the interpreter itself: %.2f×%n", medians[0] / medians[cases.size() - 1]);
        }
    }

    /**
     * The interpreter a python command runs, when the command is not that interpreter itself (a
     * wrapper script such as pyenv's shim, found on the PATH), or null.
     */
    static String indirect(String command, String executable) {
        try {
            Path exe = Path.of(executable).toRealPath();
            Path found = command.contains("/") ? Path.of(command) : null;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (found != null) break;
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) found = candidate;
            }
            return found == null || found.toRealPath().equals(exe) ? null : exe.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all;
    }

    /** The wall time of one run, in seconds; its output is discarded, its exit code must be 0. */
    static double wall(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        int code = p.waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (code != 0) throw new IllegalStateException("exit code " + code + ": " + command);
        return s;
    }

    /** stdout and stderr of one run that must succeed. */
    static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(command + " failed:\n" + out);
        return out;
    }

    static String javaVersion() throws IOException, InterruptedException {
        String v = output(List.of("java", "-version"));
        return v.lines().filter(l -> l.contains("version")).findFirst().orElse("java ?").replace("\"", "").strip();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
