package matcalc.calculus;

/**
 * The derivative matcalc built did not match finite differences: it is not printed. This is a bug
 * in matcalc (a wrong rule), never bad input.
 */
public class VerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
