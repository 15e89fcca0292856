package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.RuleText;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every rule of every file in rules/ and checks it numerically at random sizes (1 to 4 for
 * every dimension, so that a rule that holds only for square or 1×1 cases fails) and random points:
 * a rewrite's two sides must be equal; a derivative rule d(F) ⇒ G must agree with central finite
 * differences of F along random directions, each d(?P) on the right standing for the direction
 * given to ?P. A rule added to a file, or a file added to rules/, is tested without anyone writing
 * a test.
 */
public class RuleWalkTest {
    static final int TRIALS = 12;
    static final int NEEDED = 4;
    static final double TOLERANCE = 1e-6;
    static final Path RULES = Path.of("rules");

    @TestFactory
    Stream<DynamicTest> everyRewriteRuleHolds() throws IOException {
        return allRules().filter(r -> !Exprs.isDifferential(r.lhs()))
                .map(r -> DynamicTest.dynamicTest(r.name() + " (" + r.origin() + ")", () -> walk(r, false)));
    }

    @TestFactory
    Stream<DynamicTest> everyDerivativeRuleMatchesFiniteDifferences() throws IOException {
        return allRules().filter(r -> Exprs.isDifferential(r.lhs()))
                .map(r -> DynamicTest.dynamicTest(r.name() + " (" + r.origin() + ")", () -> walk(r, true)));
    }

    /** The names of the rule files in rules/ (a new file is found without being listed anywhere). */
    static List<String> ruleFiles() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(RULES)) {
            names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".rules")).sorted().toList();
        }
        assertTrue(names.containsAll(List.of("derivatives.rules", "jacobian.rules", "simplify.rules")),
                "rules/ should hold derivatives.rules, jacobian.rules and simplify.rules; found " + names);
        return names;
    }

    /** Every rule of every file, loaded as matcalc loads it (from the jar's rules/). */
    private static Stream<Rule> allRules() throws IOException {
        return ruleFiles().stream().flatMap(f -> RuleSet.builtIn(f).rules().stream());
    }

    /**
     * Checks an identity written as a rule (pattern variables ?A, ?a, ?α, …, conditions imposed as
     * here) the way every rule file's rules are checked: both sides equal at random sizes and points.
     * For identities that live in Java rather than in a rule file.
     */
    public static void assertHolds(Rule identity) {
        walk(identity, false);
    }

    private static void walk(Rule rule, boolean derivative) {
        int ok = 0;
        String lastDomainError = "";
        for (int trial = 0; trial < TRIALS && ok < NEEDED; trial++) {
            long seed = rule.name().hashCode() * 1000L + trial;
            Random random = new Random(seed);
            Sampler sampler = new Sampler(random);
            Map<String, Integer> sizes = sizes(rule, random, trial);
            Sampler.Mode mode = trial % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE;
            Point p = sampler.point(sizes, mode, rule.lhs(), rule.rhs());
            impose(rule, p, sampler);
            try {
                String problem = derivative ? checkDerivative(rule, p, sizes, sampler) : checkEquality(rule, p, sizes);
                if (problem != null) {
                    fail("rule " + rule.name() + " (" + rule.origin() + ") fails at seed " + seed + ", sizes " + sizes
                            + ": " + problem + "\n  rule: " + rule);
                }
                ok++;
            } catch (MatcalcException domain) {
                lastDomainError = domain.getMessage();
            }
        }
        assertTrue(ok >= NEEDED, "rule " + rule.name() + " could be evaluated at only " + ok + " of " + TRIALS
                + " random points; last problem: " + lastDomainError);
    }

    /** Random sizes 1..4 per dimension; the first trials use sizes ≥ 2. Square conditions tie dims. */
    private static Map<String, Integer> sizes(Rule rule, Random random, int trial) {
        Set<String> dims = new HashSet<>();
        collectDims(rule.lhs(), dims);
        collectDims(rule.rhs(), dims);
        Map<String, Integer> sizes = new HashMap<>();
        for (String d : dims) sizes.put(d, (trial < 4 ? 2 : 1) + random.nextInt(trial < 4 ? 3 : 4));
        for (RuleText.Condition c : rule.conditions()) {
            if (c.variable() == null) continue;
            Expr v = patternVar(rule, c.variable());
            if (List.of("symmetric", "spd", "diagonal", "orthogonal", "square").contains(c.word())
                    && v.shape().rows() instanceof Dim.Sym r && v.shape().cols() instanceof Dim.Sym col) {
                sizes.put(col.name(), sizes.get(r.name()));
            }
        }
        return sizes;
    }

    private static void collectDims(Expr e, Set<String> out) {
        for (Dim d : new Dim[] {e.shape().rows(), e.shape().cols()}) {
            // the factors of a product too: K's sizes m, n appear only in its shape m·n
            for (Dim f : d.factors()) if (f instanceof Dim.Sym s) out.add(s.name());
        }
        for (Expr c : e.children()) collectDims(c, out);
    }

    private static Expr patternVar(Rule rule, String name) {
        Expr[] found = new Expr[1];
        find(rule.lhs(), name, found);
        return found[0];
    }

    private static void find(Expr e, String name, Expr[] found) {
        if (e instanceof Expr.Var v && v.name().equals(name)) found[0] = e;
        for (Expr c : e.children()) find(c, name, found);
    }

    /** Makes the values satisfy the rule's conditions (symmetric, spd, diagonal, orthogonal). */
    private static void impose(Rule rule, Point p, Sampler sampler) {
        for (RuleText.Condition c : rule.conditions()) {
            if (c.variable() == null || !p.has(c.variable())) continue;
            DMatrixRMaj v = p.get(c.variable());
            if (v.numRows != v.numCols) continue;
            switch (c.word()) {
                case "symmetric" -> {
                    DMatrixRMaj t = CommonOps_DDRM.transpose(v, null);
                    CommonOps_DDRM.addEquals(v, t);
                }
                case "spd" -> p.put(c.variable(), sampler.spdMatrix(v.numRows));
                case "orthogonal" -> p.put(c.variable(), sampler.orthogonal(v.numRows));
                case "diagonal" -> {
                    for (int i = 0; i < v.numRows; i++) for (int j = 0; j < v.numCols; j++) if (i != j) v.set(i, j, 0);
                }
                default -> { }
            }
        }
    }

    private static Evaluator evaluator(Point p, Map<String, Integer> sizes, Expr... exprs) {
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), exprs);
        sizes.forEach(ev::withSize);
        return ev;
    }

    private static String checkEquality(Rule rule, Point p, Map<String, Integer> sizes) {
        DMatrixRMaj l = evaluator(p, sizes, rule.lhs(), rule.rhs()).evaluate(rule.lhs());
        DMatrixRMaj r = evaluator(p, sizes, rule.lhs(), rule.rhs()).evaluate(rule.rhs());
        return compare("left side", l, "right side", r);
    }

    /** d(F) ⇒ G: F's directional derivative must equal G with d(?P) = V_P. */
    private static String checkDerivative(Rule rule, Point p, Map<String, Integer> sizes, Sampler sampler) {
        Expr f = ((Expr.UserFn) rule.lhs()).arg();
        Map<String, DMatrixRMaj> directions = new HashMap<>();
        Set<String> constants = new HashSet<>();
        for (RuleText.Condition c : rule.conditions()) if ("constant".equals(c.word())) constants.add(c.variable());
        for (var entry : new ArrayList<>(p.values().entrySet())) {
            DMatrixRMaj v = sampler.direction(entry.getValue().numRows, entry.getValue().numCols);
            if (constants.contains(entry.getKey())) v.zero();
            directions.put(entry.getKey(), v);
        }
        Expr g = replaceDifferentials(rule.rhs());
        Point withDirections = copy(p);
        directions.forEach((name, v) -> withDirections.put("∂" + name, v));
        DMatrixRMaj symbolic = evaluator(withDirections, sizes, f, g).evaluate(g);
        double h = 1e-6;
        DMatrixRMaj plus = evaluator(shifted(p, directions, h), sizes, f).evaluate(f);
        DMatrixRMaj minus = evaluator(shifted(p, directions, -h), sizes, f).evaluate(f);
        CommonOps_DDRM.subtractEquals(plus, minus);
        CommonOps_DDRM.scale(1 / (2 * h), plus);
        return compare("finite differences", plus, "the rule's right side", symbolic);
    }

    private static Expr replaceDifferentials(Expr e) {
        if (Exprs.isDifferential(e)) {
            Expr arg = ((Expr.UserFn) e).arg();
            if (!Exprs.isPattern(arg)) throw new AssertionError("d(…) of a non-variable on a right side: " + e);
            return Exprs.var("∂" + ((Expr.Var) arg).name(), arg.shape());
        }
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(replaceDifferentials(c));
        return Exprs.withChildren(e, kids);
    }

    private static Point copy(Point p) {
        Point out = new Point();
        p.values().forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static Point shifted(Point p, Map<String, DMatrixRMaj> directions, double h) {
        Point out = copy(p);
        directions.forEach((name, v) -> CommonOps_DDRM.addEquals(out.get(name), h, v));
        return out;
    }

    private static String compare(String what, DMatrixRMaj a, String other, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return what + " is " + a.numRows + "×" + a.numCols + " but " + other + " is " + b.numRows + "×" + b.numCols;
        }
        DMatrixRMaj diff = a.copy();
        CommonOps_DDRM.subtractEquals(diff, b);
        double scale = Math.max(1, Math.max(NormOps_DDRM.normF(a), NormOps_DDRM.normF(b)));
        double err = NormOps_DDRM.normF(diff) / scale;
        if (err <= TOLERANCE) return null;
        return what + " " + a + " differs from " + other + " " + b + " (relative error " + err + ")";
    }
}
