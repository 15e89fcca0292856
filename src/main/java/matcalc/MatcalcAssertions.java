package matcalc;

/**
 * Assertions for your own tests (JUnit or any framework that reports an {@link AssertionError}):
 * <pre>
 * Session s = Matcalc.session().let("x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)").assume("sum(y) = 1");
 * MatcalcAssertions.assertDerivative(s, "-sum(y ⊙ log(ŷ))", "W", "(ŷ − y) xᵀ");
 * </pre>
 * A wrong answer fails with matcalc's diagnosis (sign, factor, transpose, missing chain-rule
 * term, … or a counterexample) and the right derivative; bad input throws
 * {@link matcalc.syntax.MatcalcException}.
 */
public final class MatcalcAssertions {
    private MatcalcAssertions() {}

    /** The answer must be ∂expression/∂wrt in numerator layout, with these declarations. */
    public static CheckResult assertDerivative(String expression, String wrt, String answer, String... declarations) {
        Session.required(declarations, "declarations");
        Session s = Matcalc.session();
        for (String d : declarations) s.let(Session.required(d, "a declaration"));
        return assertDerivative(s, expression, wrt, answer);
    }

    /** The answer must be ∂expression/∂wrt in the session's declarations, assumptions and layout. */
    public static CheckResult assertDerivative(Session session, String expression, String wrt, String answer) {
        Session.required(session, "session");
        CheckResult r = session.check(expression, wrt, answer);
        if (!r.correct()) throw new AssertionError(r.report(true));
        return r;
    }
}
