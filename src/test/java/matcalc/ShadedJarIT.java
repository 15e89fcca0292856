package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jars after {@code package} (run by failsafe in {@code mvn verify}): the command line's
 * target/matcalc.jar has every dependency relocated under matcalc.shaded except the ones pom.xml
 * says why it leaves (JLine), and runs; the library jar holds matcalc alone.
 */
class ShadedJarIT {
    /** Packages left where they are, each with its reason in pom.xml. */
    static final List<String> NOT_RELOCATED = List.of("org/jline/");
    /** Where the relocated libraries were: nothing may remain there, classes or resources. */
    static final List<String> RELOCATED = List.of("com/fasterxml/", "org/antlr/", "org/apache/commons/", "org/ejml/",
            "pabeles/", "picocli/", "org/jfree/", "org/scilab/", "org/eclipse/jetty/", "org/slf4j/");

    static Path jar(String property) {
        String path = System.getProperty(property);
        assertTrue(path != null, property + " is not set: run this through failsafe (mvn verify)");
        Path p = Path.of(path);
        assertTrue(Files.isRegularFile(p), p + " is missing: it is built in the package phase");
        return p;
    }

    static List<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return Collections.list(j.entries()).stream().map(JarEntry::getName).toList();
        }
    }

    /**
     * The build raised picocli's Java 5 class files (matcalc.build.ClassFileUpgrade), since the
     * launcher's class-data-sharing archive skips class files older than Java 6; the jar then ran
     * (the other tests here), so the JVM verified the computed stack maps.
     */
    @Test
    void noClassFileOfTheCommandLinesJarIsOlderThanJava6() throws IOException {
        List<String> old = new ArrayList<>();
        try (JarFile j = new JarFile(jar("shaded.jar").toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                if (!e.getName().endsWith(".class")) continue;
                try (InputStream in = j.getInputStream(e)) {
                    byte[] head = in.readNBytes(8);
                    if (((head[6] & 0xff) << 8 | (head[7] & 0xff)) < 50) old.add(e.getName());
                }
            }
        }
        assertEquals(List.of(), old.subList(0, Math.min(10, old.size())), old.size() + " class files older than Java 6");
    }

    @Test
    void everyClassOfTheCommandLinesJarIsMatcalcsOrRelocatedOrDocumented() throws IOException {
        List<String> entries = entries(jar("shaded.jar"));
        List<String> stray = new ArrayList<>();
        int relocated = 0;
        for (String name : entries) {
            String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
            if (path.startsWith("matcalc/shaded/") && path.endsWith(".class")) relocated++;
            boolean misplaced = path.endsWith(".class") && !path.startsWith("matcalc/")
                    && NOT_RELOCATED.stream().noneMatch(path::startsWith);
            if (misplaced || RELOCATED.stream().anyMatch(path::startsWith)) stray.add(name);
        }
        assertEquals(List.of(), stray.subList(0, Math.min(20, stray.size())), stray.size() + " entries not relocated");
        assertTrue(relocated > 3000, "the relocated libraries: " + relocated + " classes");
        assertTrue(entries.contains("matcalc/cli/Main.class"));
        assertTrue(entries.contains("rules/derivatives.rules"));
        assertTrue(entries.contains("matcalc/schema/output-v1.schema.json"), "the JSON schema ships in the jar");
        // Jackson's services follow it; the licence files are merged
        assertTrue(entries.contains("META-INF/services/matcalc.shaded.jackson.core.JsonFactory"));
        assertTrue(entries.contains("META-INF/NOTICE") && entries.contains("META-INF/THIRD-PARTY.txt"));
        assertTrue(entries.contains("matcalc/shaded/jlatexmath/fonts/base/jlm_cmex10.ttf"), "JLaTeXMath's fonts move with it");
    }

    @Test
    void theLibraryJarHoldsMatcalcAlone() throws IOException {
        for (String name : entries(jar("library.jar"))) {
            assertTrue(name.startsWith("matcalc/") || name.startsWith("rules/") || name.startsWith("META-INF/"),
                    name + " in the library jar: its dependencies come from its pom");
            assertTrue(!name.startsWith("matcalc/shaded/"), name);
        }
    }

    @Test
    void theCommandLinesJarRuns() throws Exception {
        // picocli, ANTLR, EJML (the numeric check) and Jackson, each relocated
        String json = run("", "diff", "--format", "json", "--wrt", "x", "softmax(x)");
        assertTrue(json.contains("\"text\" : \"diag(softmax(x)) − softmax(x) softmax(x)ᵀ\""), json);
        assertTrue(json.contains("\"status\" : \"passed\""), json);
        // JLaTeXMath, relocated, still finds its fonts
        Path png = Files.createTempFile("matcalc-it", ".png");
        try {
            run("", "diff", "--wrt", "x", "--png", png.toString(), "sum(tanh(x))");
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                    "a PNG of " + bytes.length + " bytes");
        } finally {
            Files.deleteIfExists(png);
        }
        // the REPL reading a pipe
        String repl = run("d/dx sum(x)\n");
        assertTrue(repl.contains("= 𝟏ᵀ"), repl);
    }

    /** Runs java -jar target/matcalc.jar with the arguments and input; fails unless it exits with 0. */
    static String run(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-jar", jar("shaded.jar").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
