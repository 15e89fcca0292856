package matcalc.calculus;

import java.util.Locale;
import matcalc.syntax.MatcalcException;

/**
 * How a derivative is laid out. Numerator (the slides): ∂f/∂x is 1×n for a scalar f, m×n for a
 * vector f, and ∂f/∂W is d×n for a scalar f. Denominator: the transpose (gradients as columns).
 * Mixed: a scalar's derivative has the shape of the variable; a vector's Jacobian is m×n.
 * Either is for checking answers only: an answer in numerator or in denominator layout is accepted.
 */
public enum Layout {
    NUMERATOR, DENOMINATOR, MIXED, EITHER;

    /** numerator, denominator, mixed or either (any case). */
    public static Layout parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "numerator" -> NUMERATOR;
            case "denominator" -> DENOMINATOR;
            case "mixed" -> MIXED;
            case "either" -> EITHER;
            default -> throw MatcalcException.general(
                    "unknown layout '" + s + "': expected numerator, denominator, mixed or either");
        };
    }

    /** A layout a derivative can be written in: all but {@link #EITHER}, which only grading accepts. */
    public Layout forDerivation() {
        if (this == EITHER) {
            throw MatcalcException.general("layout either is for checking answers (it accepts numerator and "
                    + "denominator layout); a derivative is written in numerator, denominator or mixed layout");
        }
        return this;
    }

    /**
     * The layouts an answer for ∂f/∂x may be in when graded in this one: either means numerator
     * and denominator; mixed means denominator for a scalar f (the variable's shape), else numerator.
     */
    public java.util.List<Layout> forChecking(boolean scalarF) {
        return switch (this) {
            case EITHER -> java.util.List.of(NUMERATOR, DENOMINATOR);
            case MIXED -> java.util.List.of(scalarF ? DENOMINATOR : NUMERATOR);
            default -> java.util.List.of(this);
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
