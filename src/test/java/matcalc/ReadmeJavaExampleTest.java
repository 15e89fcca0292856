package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's JUnit example, as a user would paste it: compiled in-process (javax.tools) against
 * the test class path, and each of its @Test methods run; a failing assertion in it fails here.
 */
class ReadmeJavaExampleTest {
    static final String MARKER = "<!-- junit example -->\n```java\n";

    @TempDir
    Path dir;

    static String example() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(MARKER);
        assertTrue(start >= 0, "the README has no JUnit example after " + MARKER.strip());
        start += MARKER.length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theReadmesJunitExampleCompilesAndPasses() throws Exception {
        String source = example();
        String className = source.replaceFirst("(?s).*\\bclass\\s+(\\w+).*", "$1");
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-encoding", "UTF-8"),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call();
        assertTrue(compiled, "the README's example does not compile:\n" + diagnostics);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> test = loader.loadClass(className);
            var constructor = test.getDeclaredConstructor();
            constructor.setAccessible(true);
            List<String> ran = new ArrayList<>();
            for (Method m : test.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Test.class)) continue;
                m.setAccessible(true);
                try {
                    m.invoke(constructor.newInstance());
                } catch (InvocationTargetException e) {
                    throw new AssertionError("the README's " + m.getName() + " fails: " + e.getCause(), e.getCause());
                }
                ran.add(m.getName());
            }
            assertEquals(2, ran.size(), "the README's example has two tests: " + ran);
        }
    }
}
