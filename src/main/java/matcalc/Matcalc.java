package matcalc;

/**
 * The library entry point, for JUnit tests and programs:
 * <pre>
 * DerivativeResult r = Matcalc.derive("-sum(y ⊙ log(softmax(W x + b)))", "W", "W: d x n", "assume sum(y) = 1");
 * r.text();    // "(softmax(W x + b) − y) xᵀ"  (without the assumption: "(sum(y) softmax(W x + b) − y) xᵀ")
 * r.shape();   // [d, n]
 * </pre>
 * Statements (declarations, named intermediates, "assume sum(y) = 1") come after the variable.
 */
public final class Matcalc {
    private Matcalc() {}

    public static Session session() {
        return new Session();
    }

    public static DerivativeResult derive(String expression, String wrt, String... statements) {
        Session s = session();
        for (String st : statements) s.let(st);
        return s.derive(expression, wrt);
    }

    /**
     * Checks an answer for ∂expression/∂wrt in numerator layout; statements as for {@link #derive}.
     * <pre>
     * CheckResult r = Matcalc.check("-sum(y ⊙ log(softmax(W x + b)))", "W", "(y - ŷ) xᵀ", "ŷ = softmax(W x + b)", "assume sum(y) = 1");
     * r.correct();    // false
     * r.diagnosis();  // "the sign is flipped: your answer is −∂f/∂W"
     * </pre>
     */
    public static matcalc.check.CheckResult check(String expression, String wrt, String answer, String... statements) {
        Session s = session();
        for (String st : statements) s.let(st);
        return s.check(expression, wrt, answer, matcalc.check.LayoutChoice.NUMERATOR);
    }
}
