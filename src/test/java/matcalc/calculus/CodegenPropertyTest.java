package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.codegen.Codegen;
import matcalc.codegen.GeneratedCode;
import matcalc.codegen.Python;
import matcalc.codegen.Target;
import matcalc.core.Expr;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated code on seeded random expressions ({@link RandomExpressions}, the cases of
 * {@link DerivativePropertyTest}: the same seeds give the same problems, variables and layouts):
 * NumPy, PyTorch and Java run at a random point, each value and derivative equal to matcalc's
 * evaluator's and agreeing with finite differences of the generated f ({@link GeneratedCode}).
 * Refused, and counted: what diff itself refuses, tensor derivatives, the undeclared h and g (no
 * formula); any other refusal fails. Run more with {@code -Dcodegen.cases=2000 -Dcodegen.seed=…}.
 */
class CodegenPropertyTest {
    static final int CASES = Integer.getInteger("codegen.cases", 300);
    static final long SEED = Long.getLong("codegen.seed", 20260301L);

    static final List<GeneratedCode.Case> RUN = new ArrayList<>();
    static final Map<String, Integer> SKIPPED = new LinkedHashMap<>();
    static final List<String> PROBLEMS = new ArrayList<>();

    @BeforeAll
    static void cases() {
        for (int i = 0; i < CASES; i++) add(DerivativePropertyTest.generate(SEED + i));
        System.out.println("CodegenPropertyTest: " + RUN.size() + " of " + CASES + " cases run; skipped " + SKIPPED);
    }

    private static void skip(String why) {
        SKIPPED.merge(why, 1, Integer::sum);
    }

    private static void add(DerivativePropertyTest.Case c) {
        String expression = c.problem().expression();
        List<String> wrts = new ArrayList<>(DerivativePropertyTest.together(c) ? DerivativePropertyTest.alongWith(c)
                : List.of(c.wrt()));
        var engine = c.session().engine();
        Map<String, VerifiedDerivative> ds;
        try {
            ds = engine.derive(expression, wrts, c.layout());
        } catch (MatcalcException | VerificationException e) {
            skip("diff refuses");
            return;
        }
        wrts.clear();
        Map<String, VerifiedDerivative> matrices = new LinkedHashMap<>();
        ds.forEach((w, d) -> {
            if (d.derivative().isTensor()) {
                skip("tensor");
            } else {
                wrts.add(w);
                matrices.put(w, d);
            }
        });
        String where = c.describe();
        try {
            Codegen.lower(engine, expression, matrices, c.layout(), "f");
        } catch (MatcalcException e) {
            if (e.getMessage().contains("has no formula") && (expression + c.problem().intermediates()).matches("(?s).*\\b[hg]'?\\(.*")) {
                skip("h or g");
            } else if (e.getMessage().matches("code generation needs the size n_[𝟏I](_\\d+)?, which no input's shape fixes.*")) {
                skip("the size of a 𝟏 or I that no input fixes");   // −𝟏 (β + γ) has no length to compute
            } else {
                PROBLEMS.add(where + "\n  refused: " + e.getMessage());
            }
            return;
        }
        Point point = point(c, engine, expression, matrices);
        if (point == null) {
            skip("no point");
            return;
        }
        RUN.add(new GeneratedCode.Case(where, engine, expression, wrts, c.layout(), point, matrices));
    }

    /** Values as DerivativePropertyTest draws them (inside every domain by construction), n and m in 2..4. */
    private static Point point(DerivativePropertyTest.Case c, Engine engine, String expression,
                               Map<String, VerifiedDerivative> ds) {
        Random r = new Random(c.seed() * 31 + 7);
        Context.Checked checked = engine.check(expression);
        List<Expr> exprs = new ArrayList<>(List.of(checked.expr()));
        for (VerifiedDerivative d : ds.values()) {
            exprs.add(d.derivative().expr());
            exprs.add(d.derivative().wrt());
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            Map<String, Integer> sizes = Map.of("n", 2 + r.nextInt(3), "m", 2 + r.nextInt(3));
            Point all = DerivativePropertyTest.point(r, sizes, exprs.toArray(new Expr[0]));
            Point p = new Point();
            all.values().forEach((k, v) -> {
                if (!checked.definitions().containsKey(k)) p.put(k, v);
            });
            try {
                finite(new Evaluator(p).sizesFrom(checked.variables()).evaluate(checked.expr()));
                for (VerifiedDerivative d : ds.values()) finite(d.value(p).get(0));
                return p;
            } catch (MatcalcException | ArithmeticException e) {
                // a value outside a domain after all (a sum of positives that cancels): draw again
            }
        }
        return null;
    }

    private static void finite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) if (!Double.isFinite(m.data[i])) throw new ArithmeticException("not finite");
    }

    private static void assertRuns(Target target, String python) throws Exception {
        assertEquals(List.of(), PROBLEMS, String.join("\n", PROBLEMS));
        assertTrue(RUN.size() >= CASES / 2, "only " + RUN.size() + " of " + CASES + " cases run: " + SKIPPED);
        GeneratedCode.Outcome o = GeneratedCode.check(target, python, RUN, SEED);
        assertEquals(List.of(), o.failures(), String.join("\n\n", o.failures()));
        assertEquals(RUN.size(), o.ran());
    }

    /** Between them the cases lower to every kind of step and call every built-in function but vec. */
    @Test
    void theCasesUseEveryStep() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (GeneratedCode.Case c : RUN) {
            matcalc.plan.Program p = Codegen.lower(c.engine(), c.expression(), c.derived(), c.layout(), "f");
            for (matcalc.plan.Program.Step st : p.steps()) {
                seen.add(st.op() instanceof matcalc.plan.Program.Op.Call call ? call.fn().fnName()
                        : st.op().getClass().getSimpleName());
            }
        }
        List<String> wanted = new ArrayList<>();
        for (Class<?> op : matcalc.plan.Program.Op.class.getPermittedSubclasses()) {
            if (op != matcalc.plan.Program.Op.Call.class && op != matcalc.plan.Program.Op.Size.class) {
                wanted.add(op.getSimpleName());   // a size used as a number: the ML examples (B)
            }
        }
        // vec: the simplifier writes it out of these cases; the examples' (sum(vec(x yᵀ))) lower to it
        for (matcalc.core.Fn fn : matcalc.core.Fn.values()) if (fn != matcalc.core.Fn.VEC) wanted.add(fn.fnName());
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(seen);
        assertEquals(List.of(), missing, "never lowered to: " + missing + " (seen " + seen + ")");
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
}
