package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessians pinned in src/test/resources/golden/hessians.txt: each result exactly as written, with
 * its shape, and checked against finite differences of the gradient. With -Dgolden.update=true
 * the expect and shape lines are rewritten with what matcalc produces (review the diff).
 */
class HessianGoldenTest {
    static final Path FILE = Path.of("src/test/resources/golden/hessians.txt");

    static DerivativeResult hessian(DerivationGoldenTest.Case c) {
        Session s = new Session();
        for (String st : c.get("let").split(";")) s.let(st.strip());
        if (c.fields().containsKey("assume")) s.assume(c.get("assume"));
        return s.hessian(c.get("expr"), c.get("wrt"), c.get("then"));
    }

    @TestFactory
    Stream<DynamicTest> everyHessianComesOutAsPinned() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<DerivationGoldenTest.Case> cases = DerivationGoldenTest.cases(lines);
        if (Boolean.getBoolean("golden.update")) update(lines, cases);
        return cases.stream().map(c -> DynamicTest.dynamicTest("line " + c.line() + ": ∂²/∂" + c.get("wrt") + "∂"
                + (c.get("then") == null ? c.get("wrt") : c.get("then")) + " " + c.get("expr"), () -> {
            DerivativeResult h = hessian(c);
            assertEquals(c.get("expect"), h.text());
            assertEquals(c.get("shape"), h.shapeText());
            assertTrue(h.verification().passed(), h.verification().detail());
            matcalc.render.Pictures.icon(h.latex());   // the LaTeX renders
        }));
    }

    private static void update(List<String> lines, List<DerivationGoldenTest.Case> cases) throws IOException {
        List<String> out = new ArrayList<>(lines);
        for (DerivationGoldenTest.Case c : cases) {
            DerivativeResult h = hessian(c);
            for (int i = c.line() - 1; i < out.size() && !out.get(i).isBlank(); i++) {
                if (out.get(i).startsWith("expect:")) out.set(i, "expect: " + h.text());
                if (out.get(i).startsWith("shape:")) out.set(i, "shape: " + h.shapeText());
            }
        }
        Files.write(FILE, out, StandardCharsets.UTF_8);
    }
}
