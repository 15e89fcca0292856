package matcalc.core;

import java.util.function.DoublePredicate;

/**
 * Where a built-in function is defined: the evaluator checks its argument against it (a domain
 * error names the entry, or the determinant), and the sampler draws points inside it.
 */
public enum Domain {
    /** Every real matrix. */
    REALS(null, null, false),
    /** Entries &gt; 0: log. */
    POSITIVE(x -> x > 0, "positive entries", false),
    /** Entries ≥ 0: sqrt. */
    NON_NEGATIVE(x -> x >= 0, "non-negative entries", false),
    /**
     * Every square matrix; points are drawn invertible with det &gt; 0, where the derivative
     * (det X · X⁻ᵀ) exists: det.
     */
    SQUARE(null, null, true),
    /** Invertible matrices: inv. */
    INVERTIBLE(null, null, true),
    /** det &gt; 0: logdet. */
    POSITIVE_DETERMINANT(null, "a positive determinant", true);

    private final DoublePredicate entries;
    private final String needs;
    private final boolean drawnInvertible;

    Domain(DoublePredicate entries, String needs, boolean drawnInvertible) {
        this.entries = entries;
        this.needs = needs;
        this.drawnInvertible = drawnInvertible;
    }

    /** The condition on every entry, or null when there is none. */
    public DoublePredicate entries() {
        return entries;
    }

    /** What the function needs, for "log needs positive entries"; null for REALS, SQUARE and INVERTIBLE. */
    public String needs() {
        return needs;
    }

    /** Whether a square matrix argument is drawn invertible with a positive determinant. */
    public boolean drawnInvertible() {
        return drawnInvertible;
    }
}
