package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The slides' derivatives, pinned in src/test/resources/golden/derivatives.txt: each block's
 * result must come out exactly as written, with its shape, and pass the numeric check. With
 * -Dgolden.update=true the file is rewritten with what matcalc produces (review the diff).
 */
public class DerivationGoldenTest {
    public static final Path FILE = Path.of("src/test/resources/golden/derivatives.txt");

    public record Case(int line, Map<String, String> fields) {
        public String get(String k) {
            return fields.get(k);
        }

        public String name() {
            return "line " + line + ": ∂/∂" + get("wrt") + " " + get("expr")
                    + (fields.containsKey("layout") ? " (" + get("layout") + ")" : "")
                    + ("yes".equals(get("explicit")) ? " (explicit)" : "") + ("yes".equals(get("hessian")) ? " (Hessian)" : "");
        }
    }

    public static List<Case> cases(List<String> lines) {
        List<Case> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String l = i < lines.size() ? lines.get(i).strip() : "";
            if (l.isEmpty() || l.startsWith("#")) {
                if (!cur.isEmpty()) out.add(new Case(start, cur));
                cur = new LinkedHashMap<>();
                continue;
            }
            if (cur.isEmpty()) start = i + 1;
            int colon = l.indexOf(':');
            cur.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        }
        return out;
    }

    static DerivativeResult derive(Case c) {
        Session s = new Session();
        for (String st : c.get("let").split(";")) s.let(st.strip());
        if (c.fields().containsKey("assume")) s.assume(c.get("assume"));
        if (c.fields().containsKey("layout")) s.layout(Layout.parse(c.get("layout")));
        // optional: `explicit: yes` for ∂vec(F)/∂vec(X) (diff --explicit), `hessian: yes` for ∂²f/∂x∂xᵀ
        if ("yes".equals(c.get("explicit"))) return s.explicit(c.get("expr"), c.get("wrt"));
        if ("yes".equals(c.get("hessian"))) return s.hessian(c.get("expr"), c.get("wrt"));
        return s.derive(c.get("expr"), c.get("wrt"));
    }

    @TestFactory
    Stream<DynamicTest> slideDerivatives() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<Case> cases = cases(lines);
        assertTrue(cases.size() >= 30, "the golden file lost cases: " + cases.size());
        return tests(FILE, lines, cases);
    }

    /** The other golden files beside it, one per topic: derivatives-ml.txt, derivatives-kronecker.txt, … */
    @TestFactory
    Stream<DynamicTest> otherGoldenFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(FILE.getParent())) {
            files = s.filter(p -> p.getFileName().toString().matches("derivatives-.*\\.txt")).sorted().toList();
        }
        List<DynamicTest> all = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            List<Case> cases = cases(lines);
            assertTrue(!cases.isEmpty(), "no case in " + f);
            tests(f, lines, cases).forEach(all::add);
        }
        return all.stream();
    }

    private static Stream<DynamicTest> tests(Path file, List<String> lines, List<Case> cases) throws IOException {
        if (Boolean.getBoolean("golden.update")) update(file, lines, cases);
        String prefix = file.equals(FILE) ? "" : file.getFileName() + " ";
        return cases.stream().map(c -> DynamicTest.dynamicTest(prefix + c.name(), () -> {
            DerivativeResult r = derive(c);
            assertEquals(c.get("expect"), r.text(), c.name());
            assertEquals(c.get("shape"), r.shapeText(), c.name());
            assertTrue(r.verification().passed(), "not verified numerically: " + r.verification().detail());
        }));
    }

    private static void update(Path file, List<String> lines, List<Case> cases) throws IOException {
        List<String> out = new ArrayList<>(lines);
        for (Case c : cases) {
            DerivativeResult r = derive(c);
            for (int i = c.line() - 1; i < out.size() && !out.get(i).isBlank(); i++) {
                if (out.get(i).startsWith("expect:")) out.set(i, "expect: " + r.text());
                if (out.get(i).startsWith("shape:")) out.set(i, "shape: " + r.shapeText());
            }
        }
        Files.write(file, out, StandardCharsets.UTF_8);
    }
}
