package matcalc;

/**
 * The library entry point, for JUnit tests and programs:
 * <pre>
 * DerivativeResult r = Matcalc.derive("-sum(y ⊙ log(softmax(W x + b)))", "W", "x: n; W: d x n; b, y: d");
 * r.text();    // "(sum(y) softmax(W x + b) − y) xᵀ"
 * r.shape();   // [d, n]
 * Matcalc.session().let("x: n; W: d x n; b, y: d").assume("sum(y) = 1").derive(…, "W").text();
 *              // "(softmax(W x + b) − y) xᵀ"
 * </pre>
 * Declarations and named intermediates come after the variable; assumptions go through a
 * {@link Session}.
 */
public final class Matcalc {
    private Matcalc() {}

    public static Session session() {
        return new Session();
    }

    /** ∂expression/∂wrt in numerator layout, with these declarations and named intermediates. */
    public static DerivativeResult derive(String expression, String wrt, String... declarations) {
        return with(declarations).derive(expression, wrt);
    }

    /**
     * Checks an answer for ∂expression/∂wrt in numerator layout; declarations as for {@link #derive}.
     * <pre>
     * CheckResult r = Matcalc.check("xᵀ A x", "x", "xᵀ A", "x: n", "A: n x n");
     * r.correct();    // false
     * r.diagnosis();  // "a chain-rule term is missing: the path through the first x in xᵀ A x contributes xᵀ Aᵀ, …"
     * </pre>
     */
    public static CheckResult check(String expression, String wrt, String answer, String... declarations) {
        return with(declarations).check(expression, wrt, answer);
    }

    private static Session with(String... declarations) {
        Session.required(declarations, "declarations");
        Session s = session();
        for (String d : declarations) s.let(Session.required(d, "a declaration"));
        return s;
    }
}
