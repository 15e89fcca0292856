package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import matcalc.CheckResult;
import matcalc.Session;
import matcalc.calculus.Verifier;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * No wrong answer is accepted: correct answers of the slides' problems (check/equivalent.txt) are
 * perturbed at a random node (scaled, negated, transposed, a variable swapped for another of the
 * same shape, a function swapped, a term dropped, a small term added); whenever the test's own
 * evaluation at a random point shows the perturbed answer differs from the correct one, matcalc
 * check must reject it. Seeded; a failure prints the seed, the problem and the answer.
 */
class FalseAcceptancePropertyTest {
    static final long SEED = 20261201L;
    static final int PER_PROBLEM = 24;

    @Test
    void perturbedAnswersAreNeverAccepted() throws IOException {
        List<CheckTest.Block> blocks = CheckTest.blocks("equivalent.txt");
        List<String> failures = new ArrayList<>();
        int tried = 0;
        int differing = 0;
        for (int b = 0; b < blocks.size(); b++) {
            CheckTest.Block block = blocks.get(b);
            for (int i = 0; i < PER_PROBLEM; i++) {
                long seed = SEED + 1000L * b + i;
                Random random = new Random(seed);
                Session session = block.session();
                String correct = block.answers().get(random.nextInt(block.answers().size()));
                Context.Checked checked = session.context().check("answer", correct);
                Expr a = checked.expr();
                Expr mutated = null;
                for (int attempt = 0; attempt < 20 && (mutated == null || mutated.equals(a)); attempt++) {
                    mutated = mutate(a, random, checked);
                }
                if (mutated == null || mutated.equals(a)) continue;
                tried++;
                // with the declared properties: (Xᵀ S X)ᵀ is Xᵀ S X itself when S is declared spd
                Map<String, List<String>> properties = matcalc.calculus.Engine.of(session.context()).properties();
                if (!differs(a, mutated, checked, properties, random)) continue;
                differing++;
                String text = mutated.toString();
                try {
                    CheckResult r = session.check(block.get("expr"), block.get("wrt"), text);
                    if (r.correct()) {
                        failures.add("seed " + seed + ", line " + block.line() + ": ∂/∂" + block.get("wrt") + " "
                                + block.get("expr") + " accepted the wrong answer " + text + " (from " + correct + ")");
                    }
                } catch (MatcalcException unreadable) {
                    failures.add("seed " + seed + ": the perturbed answer " + text + " could not be read: "
                            + unreadable.render());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(differing >= blocks.size() * PER_PROBLEM / 2,
                "too few perturbations changed the answer: " + differing + " of " + tried);
        assertFalse(tried == 0);
    }

    /** One random perturbation at one random node, or null if none applies there. */
    static Expr mutate(Expr e, Random random, Context.Checked checked) {
        List<Expr> nodes = new ArrayList<>();
        collect(e, nodes);
        Expr target = nodes.get(random.nextInt(nodes.size()));
        Expr replacement = switch (random.nextInt(7)) {
            case 0 -> Exprs.scale(new double[] {2, -1, 0.5, 3, 1.001}[random.nextInt(5)], target);
            case 1 -> target.shape().isSquare() && !target.shape().isScalar() ? Exprs.transpose(target) : null;
            case 2 -> swapVariable(target, random, checked);
            case 3 -> swapFunction(target, random);
            case 4 -> target instanceof Expr.Add add && add.children().size() > 1
                    ? Exprs.add(dropOne(add.children(), random)) : null;
            case 5 -> Exprs.add(target, Exprs.scale(0.001, Exprs.hadamard(target, target)));
            default -> Exprs.neg(target);
        };
        return replacement == null ? null : replaceOne(e, target, replacement);
    }

    private static void collect(Expr e, List<Expr> out) {
        out.add(e);
        for (Expr c : e.children()) collect(c, out);
    }

    private static Expr swapVariable(Expr target, Random random, Context.Checked checked) {
        if (!(target instanceof Expr.Var v)) return null;
        List<String> same = new ArrayList<>();
        checked.variables().forEach((name, shape) -> {
            if (!name.equals(v.name()) && shape.equals(v.shape())) same.add(name);
        });
        return same.isEmpty() ? null : Exprs.var(same.get(random.nextInt(same.size())), v.shape());
    }

    private static Expr swapFunction(Expr target, Random random) {
        if (target instanceof Expr.UserFn u) return Exprs.userFn(u.name(), u.primes() == 0 ? 1 : 0, u.arg());
        if (target instanceof Expr.Apply a && a.fn().elementwise()) {
            Fn[] others = {Fn.EXP, Fn.TANH, Fn.SIGMOID, Fn.SIN};
            Fn f = others[random.nextInt(others.length)];
            return f == a.fn() ? null : Exprs.apply(f, a.arg());
        }
        return null;
    }

    private static List<Expr> dropOne(List<Expr> terms, Random random) {
        List<Expr> out = new ArrayList<>(terms);
        out.remove(random.nextInt(out.size()));
        return out;
    }

    /** e with its first occurrence (in tree order) of target replaced. */
    private static Expr replaceOne(Expr e, Expr target, Expr replacement) {
        boolean[] done = {false};
        return replace(e, target, replacement, done);
    }

    private static Expr replace(Expr e, Expr target, Expr replacement, boolean[] done) {
        if (done[0]) return e;
        if (e == target) {
            done[0] = true;
            return replacement;
        }
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(replace(c, target, replacement, done));
        return Exprs.withChildren(e, kids);
    }

    /** The test's own evaluation: do a and b differ at a random point satisfying the assumptions? */
    static boolean differs(Expr a, Expr b, Context.Checked checked, Map<String, List<String>> properties, Random random) {
        Sampler sampler = new Sampler(random).withProperties(properties);
        for (int attempt = 0; attempt < 6; attempt++) {
            Map<String, Integer> sizes = sampler.sizes(a, b);
            Point p = sampler.point(sizes, attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE, a, b);
            if (Verifier.satisfy(p, checked.assumptions(), sizes) != null) return false;
            Function<Expr, DMatrixRMaj> eval = e -> {
                Evaluator ev = Sampler.withStandIns(new Evaluator(p), a, b);
                sizes.forEach(ev::withSize);
                return ev.evaluate(e);
            };
            try {
                DMatrixRMaj va = eval.apply(a);
                DMatrixRMaj vb = eval.apply(b);
                if (va.numRows != vb.numRows || va.numCols != vb.numCols) return true;
                DMatrixRMaj d = va.copy();
                CommonOps_DDRM.subtractEquals(d, vb);
                return NormOps_DDRM.normF(d) > 1e-6 * Math.max(1, NormOps_DDRM.normF(va));
            } catch (MatcalcException outsideDomain) {
                // try another point
            }
        }
        return false;
    }
}
