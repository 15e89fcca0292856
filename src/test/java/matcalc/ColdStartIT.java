package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start path after {@code package} (failsafe, mvn verify): the class-data-sharing archive
 * target/matcalc.jsa exists, the JVM maps it, and it changes nothing a command prints; the
 * launcher ignores a stale archive without a word. Output is compared with a plain
 * {@code java -jar target/matcalc.jar}, the way library users and scripts run the jar.
 */
class ColdStartIT {
    /** Commands whose output (stdout, stderr, exit code) must not depend on the archive or the JIT flags. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("diff", "--wrt", "x", "softmax(x)"),
            List.of("check", "--let", "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)", "--assume", "sum(y) = 1",
                    "--wrt", "W", "--answer", "(y − ŷ) xᵀ", "-sum(y ⊙ log(softmax(W x + b)))"),
            List.of("diff", "--wrt", "q", "sofmax(q)"));

    record Run(int code, String out, String err) {
    }

    static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("coldstart", ".out");
        Path err = Files.createTempFile("coldstart", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running after 120 s: " + command);
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<String> java(Path jar, List<String> flags, List<String> args) {
        List<String> c = new ArrayList<>(List.of("java"));
        c.addAll(flags);
        c.addAll(List.of("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-jar", jar.toString()));
        c.addAll(args);
        return c;
    }

    static Path archive() {
        Path jsa = ShadedJarIT.jar("shaded.jar").resolveSibling("matcalc.jsa");
        assertTrue(Files.isRegularFile(jsa), jsa + " is missing: the package phase makes it (maven-antrun-plugin, cds-archive)");
        return jsa;
    }

    @Test
    void theArchiveIsMappedAndChangesNoOutput() throws Exception {
        Path jar = ShadedJarIT.jar("shaded.jar");
        Path jsa = archive();
        // -Xshare:on fails rather than running without the archive: this one fits this jar and JVM
        List<String> with = List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:on", "-XX:TieredStopAtLevel=1");
        for (List<String> args : COMMANDS) {
            Run plain = run(jar.getParent(), java(jar, List.of(), args));
            Run shared = run(jar.getParent(), java(jar, with, args));
            assertEquals(plain, shared, "with the archive: " + args);
        }
    }

    /** The launcher, as users run it (when the jar is up to date, so that it does not build). */
    @Test
    void theLauncherPrintsWhatTheJarPrints() throws Exception {
        Path jar = ShadedJarIT.jar("shaded.jar");
        Path root = Path.of(System.getProperty("user.dir"));
        Assumptions.assumeTrue(upToDate(root, jar), "a source is newer than the jar: the launcher would build");
        for (List<String> args : COMMANDS) {
            Run plain = run(root, java(jar, List.of(), args));
            List<String> launcher = new ArrayList<>(List.of(root.resolve("matcalc").toString()));
            launcher.addAll(args);
            assertEquals(plain, run(root, launcher), "./matcalc " + args);
        }
    }

    /**
     * A copy of the launcher and the jar elsewhere, beside (1) the archive made for the jar at its
     * own place, stale here, (2) an archive that is not one, (3) none: each runs as without an
     * archive, and the JVM's warning about it never reaches stdout or stderr.
     */
    @Test
    void aStaleBrokenOrMissingArchiveIsIgnoredSilently(@TempDir Path tmp) throws Exception {
        Path jar = ShadedJarIT.jar("shaded.jar");
        Path root = Path.of(System.getProperty("user.dir"));
        Files.createDirectories(tmp.resolve("target"));
        Files.copy(root.resolve("matcalc"), tmp.resolve("matcalc"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar, tmp.resolve("target/matcalc.jar"));   // a new time stamp: made after the archive
        List<String> args = COMMANDS.get(0);
        Run expected = run(root, java(jar, List.of(), args));
        List<String> launcher = new ArrayList<>(List.of(tmp.resolve("matcalc").toString()));
        launcher.addAll(args);

        Files.copy(archive(), tmp.resolve("target/matcalc.jsa"));
        assertEquals(expected, run(tmp, launcher), "a stale archive");
        Files.delete(tmp.resolve("target/matcalc.jsa"));
        Files.writeString(tmp.resolve("target/matcalc.jsa"), "not an archive\n");
        assertEquals(expected, run(tmp, launcher), "a file that is not an archive");
        Files.delete(tmp.resolve("target/matcalc.jsa"));
        assertEquals(expected, run(tmp, launcher), "no archive");
    }

    /** The launcher's own test: nothing under src/main, grammar, rules, nor pom.xml is newer than the jar. */
    static boolean upToDate(Path root, Path jar) throws IOException {
        long built = Files.getLastModifiedTime(jar).toMillis();
        for (String p : List.of("src/main", "grammar", "rules", "pom.xml")) {
            if (!Files.exists(root.resolve(p))) continue;
            try (Stream<Path> files = Files.walk(root.resolve(p))) {
                if (files.anyMatch(f -> {
                    try {
                        return Files.getLastModifiedTime(f).toMillis() > built;
                    } catch (IOException e) {
                        return true;
                    }
                })) {
                    return false;
                }
            }
        }
        return true;
    }
}
