package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import matcalc.syntax.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Hadamard normalisations that stay in Java ({@link Normalize}: scalar-hadamard and
 * scalars-out-of-hadamard, which as rules would reorder factors), checked numerically the way the
 * rule files are: each left side below, rewritten by Normalize, must keep its value at random
 * sizes and points ({@link RuleWalkTest#assertHolds}).
 */
class NormalizeIdentitiesTest {
    @TestFactory
    Stream<DynamicTest> hadamardNormalisationsKeepTheValue() {
        return Stream.of(
                "scalar-hadamard : ?α ⊙ ?β",
                "scalar-hadamard : ?α ⊙ ?β ⊙ ?γ",
                "scalars-out-of-hadamard : ?α ?A ⊙ ?B",
                "scalars-out-of-hadamard : ?A ⊙ 3 ?α ?B ⊙ ?β ?C",
                "scalars-out-of-hadamard : -?a ⊙ ?α (?b + ?c)").map(text -> DynamicTest.dynamicTest(text, () -> {
                    String name = text.substring(0, text.indexOf(' '));
                    String lhs = text.substring(text.indexOf(':') + 1).strip();
                    Rule parsed = new RuleSet().load(new Source("NormalizeIdentitiesTest", text + " => " + lhs))
                            .rules().get(0);
                    Normalize.Result r = Normalize.apply(parsed.lhs());
                    assertEquals(name, r == null ? "nothing" : r.name(), "the normalisation that fires on " + lhs);
                    RuleWalkTest.assertHolds(new Rule(name, parsed.lhs(), r.expr(), List.of(), parsed.span()));
                }));
    }
}
