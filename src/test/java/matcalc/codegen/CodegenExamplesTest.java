package matcalc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.calculus.Engine;
import matcalc.calculus.VerifiedDerivative;
import matcalc.numeric.Point;
import matcalc.plan.Program;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every slide example and every ML example (and the programs pinned for JAX), generated for NumPy, PyTorch and Java and run at a
 * random point: the value and each derivative equal matcalc's evaluator's and agree with finite
 * differences of the generated f. What is refused must be refused for its reason: a function with
 * only a stated derivative, or a tensor derivative (those variables are then left out, and the
 * others still run).
 */
class CodegenExamplesTest {
    static final List<GeneratedCode.Case> CASES = new ArrayList<>();
    static final List<String> REFUSED = new ArrayList<>();
    static final List<String> PROBLEMS = new ArrayList<>();

    @BeforeAll
    static void cases() throws Exception {
        Random r = new Random(20261203L);
        for (Path file : ExampleCases.files()) {
            for (ExampleCases.Problem p : ExampleCases.problems(file)) add(p, r);
        }
        // the programs pinned for JAX, which use every built-in function
        for (JaxGoldenTest.Problem g : JaxGoldenTest.PROBLEMS) {
            matcalc.Session s = new matcalc.Session().let(g.let());
            if (g.assume() != null) s.assume(g.assume());
            add(new ExampleCases.Problem(g.file(), s, g.expression(), List.of(g.wrts().split(",")),
                    matcalc.calculus.Layout.parse(g.layout())), r);
        }
    }

    private static void add(ExampleCases.Problem p, Random r) {
        Engine engine = p.session().engine();
        Map<String, VerifiedDerivative> ds;
        try {
            ds = p.wrts().isEmpty() ? Map.of() : engine.derive(p.expression(), p.wrts(), p.layout());
        } catch (MatcalcException e) {
            REFUSED.add(p.id() + ": diff itself refuses: " + e.getMessage());   // not code generation's to do
            return;
        }
        try {
            Codegen.lower(engine, p.expression(), ds, p.layout(), "f");
        } catch (MatcalcException e) {
            String why = e.getMessage();
            if (!ExampleCases.opaqueFunctions(engine, p.expression()).isEmpty()) {
                if (why.contains("has no formula") || why.contains("is a tensor")) REFUSED.add(p.id() + ": " + why);
                else PROBLEMS.add(p.id() + ": refused: " + why);
                return;
            }
            if (!why.contains("is a tensor")) {
                PROBLEMS.add(p.id() + ": refused: " + why);
                return;
            }
            Map<String, VerifiedDerivative> matrices = new LinkedHashMap<>();
            for (var entry : ds.entrySet()) {
                if (entry.getValue().derivative().isTensor()) REFUSED.add(p.id() + " by " + entry.getKey() + ": " + why);
                else matrices.put(entry.getKey(), entry.getValue());
            }
            ds = matrices;
            p = new ExampleCases.Problem(p.id() + " (by " + String.join(",", ds.keySet()) + ")", p.session(), p.expression(),
                    new ArrayList<>(ds.keySet()), p.layout());
        }
        Point point = ExampleCases.point(p, ds, r);
        if (point == null) {
            PROBLEMS.add(p.id() + ": no point inside the domains");
            return;
        }
        CASES.add(new GeneratedCode.Case(p.id(), engine, p.expression(), p.wrts(), p.layout(), point, ds));
    }

    private static void assertRuns(Target target, String python) throws Exception {
        assertEquals(List.of(), PROBLEMS);
        GeneratedCode.Outcome o = GeneratedCode.check(target, python, CASES, 7);
        assertEquals(List.of(), o.failures(), String.join("\n\n", o.failures()));
        assertEquals(CASES.size(), o.ran());
    }

    @Test
    void numpy() throws Exception {
        assertRuns(Target.NUMPY, Python.numpy());
    }

    @Test
    void torch() throws Exception {
        assertRuns(Target.TORCH, Python.torch());
    }

    @Test
    void java() throws Exception {
        assertRuns(Target.JAVA, null);
    }

    /** A size used as a number (the batch's / B), vec and ⊗ are among the examples' steps. */
    @Test
    void theExamplesLowerToSizesVecAndKron() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (GeneratedCode.Case c : CASES) {
            for (Program.Step st : Codegen.lower(c.engine(), c.expression(), c.derived(), c.layout(), "f").steps()) {
                seen.add(st.op() instanceof Program.Op.Call call ? call.fn().fnName() : st.op().getClass().getSimpleName());
            }
        }
        for (String w : List.of("Size", "vec", "Kron", "Solve", "softmax", "logsumexp", "logdet")) {
            assertTrue(seen.contains(w), w + " is in no example's program: " + seen);
        }
    }

    /** The examples cover the slides and the ML files; the refusals are the opaque g, h and the tensors. */
    @Test
    void whatIsRefusedIsRefusedForItsReason() {
        assertTrue(CASES.size() >= 25, "only " + CASES.size() + " cases");
        assertTrue(REFUSED.stream().anyMatch(s -> s.contains("16-one-hidden-layer") && s.contains("g has no formula")), REFUSED.toString());
        assertTrue(REFUSED.stream().anyMatch(s -> s.contains("12-activation")), REFUSED.toString());
        System.out.println("CodegenExamplesTest: " + CASES.size() + " cases; refused:\n  " + String.join("\n  ", REFUSED));
        assertTrue(REFUSED.stream().anyMatch(s -> s.contains("user-functions-stated") && s.contains("h has no formula")), REFUSED.toString());
        assertTrue(REFUSED.stream().anyMatch(s -> s.contains("07-matrix-vector") && s.contains("is a tensor")), REFUSED.toString());
        assertTrue(REFUSED.size() <= 8, String.join("\n", REFUSED));
    }
}
