package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.RuleWalkTest;
import matcalc.syntax.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The identities the forward Jacobian ({@link Jacobians}) applies in Java, because the rule
 * language cannot say them, checked numerically like the rules of rules/jacobian.rules are: each
 * is written as a rule whose right side is what the Java code makes of the left side, and
 * {@link RuleWalkTest#assertHolds} evaluates both sides at random sizes and points.
 */
class JacobianIdentitiesTest {
    private static final Jacobians JACOBIANS = new Jacobians((Expr.Var) Exprs.var("∂t", Shape.vector(Dim.sym("t"))));

    /** h(A)ᵀ = h(Aᵀ) for every built-in elementwise h, a new one included (Jacobians.transposedFunction). */
    @TestFactory
    Stream<DynamicTest> builtInFunctionsCommuteWithTranspose() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            if (!fn.elementwise()) continue;
            String name = "transpose-of-" + fn.fnName();
            tests.add(DynamicTest.dynamicTest(name, () -> RuleWalkTest.assertHolds(
                    identity(name, fn.fnName() + "(?A)ᵀ", JacobianIdentitiesTest::rewritten))));
        }
        return tests.stream();
    }

    /** A transpose pushed in through several rules and the Java one together: each step keeps the value. */
    @TestFactory
    Stream<DynamicTest> transposesArePushedAllTheWayIn() {
        return Stream.of(
                "(exp(?A) ⊙ ?B + σ(?A .^ 2) ⊙ h(?B))ᵀ",
                "(2 tanh(?A ⊙ ?B) + log(exp(?B)))ᵀ",
                "(?aᵀ ?B ⊙ exp(?cᵀ))ᵀ",
                "(?α sqrt(abs(?A)) .^ ?β)ᵀ").map(lhs -> DynamicTest.dynamicTest(lhs, () ->
                        RuleWalkTest.assertHolds(identity("pushed", lhs, JacobianIdentitiesTest::rewritten))));
    }

    /** L b = bᵀ Lᵀ for a row L and a column b (Jacobians.rowTimesColumn); the left sides end in b. */
    @TestFactory
    Stream<DynamicTest> aRowTimesAColumnIsItsTranspose() {
        return Stream.of("?aᵀ ?b", "?aᵀ ?B ?c", "exp(?aᵀ) ?b", "(?aᵀ ⊙ ?bᵀ + ?cᵀ) ?d").map(lhs ->
                DynamicTest.dynamicTest(lhs, () -> RuleWalkTest.assertHolds(identity("row-times-column", lhs, e -> {
                    Expr.Mul m = (Expr.Mul) e;
                    List<Expr> chain = m.chain();
                    Expr row = Exprs.mul(chain.subList(0, chain.size() - 1));
                    return Jacobians.rowTimesColumn(row, chain.get(chain.size() - 1));
                }))));
    }

    private static Expr rewritten(Expr e) {
        Expr out = JACOBIANS.rewrite(e);
        assertNotNull(out, "no rewrite applies to " + e);
        return out;
    }

    /** The identity lhs ⇒ java(lhs), its left side read like a rule file's (pattern variables get their shapes there). */
    private static Rule identity(String name, String lhs, UnaryOperator<Expr> java) {
        Rule parsed = new RuleSet().load(new Source("JacobianIdentitiesTest", name + " : " + lhs + " => " + lhs))
                .rules().get(0);
        return new Rule(name, parsed.lhs(), java.apply(parsed.lhs()), List.of(), parsed.span());
    }
}
