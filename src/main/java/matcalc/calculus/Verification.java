package matcalc.calculus;

/**
 * How a derivative was checked against finite differences: it passed at some random points, it
 * disagreed at one (the derivative is wrong: it is never shown), or no verdict could be reached
 * (no point inside the functions' domains, an assumption the sampler cannot meet, the check
 * turned off).
 */
public sealed interface Verification {
    /** Agreed with finite differences at {@code points} random points. */
    record Passed(int points) implements Verification {}

    /**
     * Agreed at {@code points} random points as one of {@code results} gradients of the same f
     * checked together ({@link JointVerifier}): Σ⟨G_i, D_i⟩ against one directional difference along
     * all the variables at once.
     */
    record PassedJointly(int points, int results) implements Verification {}

    /** Disagreed with finite differences after {@code points} points had passed. */
    record Mismatch(int points, String detail) implements Verification {}

    /** No verdict: why, and how many points passed before giving up. */
    record Unchecked(int points, String reason) implements Verification {}

    default boolean passed() {
        return this instanceof Passed || this instanceof PassedJointly;
    }

    default boolean mismatch() {
        return this instanceof Mismatch;
    }

    /** How many random points agreed. */
    int points();

    /** Why it did not pass, or "" when it did. */
    default String detail() {
        if (this instanceof Mismatch m) return m.detail();
        if (this instanceof Unchecked u) return u.reason();
        return "";
    }
}
