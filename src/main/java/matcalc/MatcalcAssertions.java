package matcalc;

import matcalc.check.CheckResult;
import matcalc.check.CheckText;
import matcalc.check.LayoutChoice;

/**
 * Assertions for your own tests (JUnit or any framework that reports an {@link AssertionError}):
 * <pre>
 * MatcalcAssertions.assertDerivative("-sum(y ⊙ log(softmax(W x + b)))", "W", "(ŷ − y) xᵀ",
 *         "x: n", "W: d x n", "b, y: d", "ŷ = softmax(W x + b)", "assume sum(y) = 1");
 * </pre>
 * A wrong answer fails with matcalc's diagnosis (sign, factor, transpose, missing chain-rule
 * term, … or a counterexample); bad input throws {@link matcalc.syntax.MatcalcException}.
 */
public final class MatcalcAssertions {
    private MatcalcAssertions() {}

    /** The answer must be ∂expression/∂wrt in numerator layout; statements as for {@link Matcalc#derive}. */
    public static CheckResult assertDerivative(String expression, String wrt, String answer, String... statements) {
        return assertDerivative(LayoutChoice.NUMERATOR, expression, wrt, answer, statements);
    }

    /** The answer must be ∂expression/∂wrt in the given layout (or either). */
    public static CheckResult assertDerivative(LayoutChoice layout, String expression, String wrt, String answer,
                                               String... statements) {
        Session s = Matcalc.session();
        for (String st : statements) s.let(st);
        CheckResult r = s.check(expression, wrt, answer, layout);
        if (!r.correct()) {
            String exprText = s.context().check("input", expression).expr().toString();
            throw new AssertionError(CheckText.of(r, exprText, true, false).stripTrailing());
        }
        return r;
    }
}
