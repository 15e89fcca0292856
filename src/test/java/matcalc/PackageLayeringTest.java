package matcalc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies, read from the compiled classes by jdeps, point inwards: each package
 * depends only on packages of a lower layer (the layering drawn in ARCHITECTURE.md), so there is
 * no cycle anywhere, between the library's root and check or elsewhere.
 */
class PackageLayeringTest {
    /** Inner to outer; a package may depend on the layers before its own. */
    static final List<List<String>> LAYERS = List.of(
            List.of("syntax"),
            List.of("core"),
            List.of("shape"),
            List.of("rewrite", "numeric", "render"),
            List.of("plan"),
            List.of("calculus"),
            List.of("check", "steps"),
            List.of("present", "codegen"),
            List.of("request"),     // what each command does with its options: the CLI's and the HTTP API's one path
            List.of(""),            // the library API: matcalc
            List.of("repl", "web"),
            List.of("cli"));

    static int layer(String pkg) {
        String name = pkg.equals("matcalc") ? "" : pkg.substring("matcalc.".length());
        // the generated parser lives with the syntax it serves
        if (name.startsWith("syntax")) name = "syntax";
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(name)) return i;
        throw new AssertionError("package " + pkg + " is in no layer: add it to LAYERS and to ARCHITECTURE.md");
    }

    static Map<String, Set<String>> dependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "-verbose:package", "-filter:none", "target/classes");
        assertEquals(0, code, out.toString());
        Map<String, Set<String>> deps = new TreeMap<>();
        Matcher m = Pattern.compile("^\\s+(matcalc[\\w.]*)\\s+->\\s+(matcalc[\\w.]*)\\s", Pattern.MULTILINE).matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) deps.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        return deps;
    }

    @Test
    void everyDependencyPointsInwards() {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.containsKey("matcalc.cli") && deps.containsKey("matcalc.calculus"), "jdeps read nothing: " + deps);
        List<String> outward = new ArrayList<>();
        deps.forEach((from, tos) -> {
            for (String to : tos) {
                if (layer(to) >= layer(from) && !(from.startsWith("matcalc.syntax") && to.startsWith("matcalc.syntax"))) {
                    outward.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), outward, "dependencies that point outwards or sideways (a cycle in the making)");
    }
}
