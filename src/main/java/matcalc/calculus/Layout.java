package matcalc.calculus;

/**
 * How a derivative is laid out. Numerator (the slides): ∂f/∂x is 1×n for a scalar f, m×n for a
 * vector f, and ∂f/∂W is d×n for a scalar f. Denominator: the transpose (gradients as columns).
 * Mixed: a scalar's derivative has the shape of the variable; a vector's Jacobian is m×n.
 */
public enum Layout {
    NUMERATOR, DENOMINATOR, MIXED;

    public static Layout parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "numerator" -> NUMERATOR;
            case "denominator" -> DENOMINATOR;
            case "mixed" -> MIXED;
            default -> throw matcalc.syntax.MatcalcException.general(
                    "unknown layout '" + s + "': expected numerator, denominator or mixed");
        };
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
