package matcalc.present;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Intermediates;

/**
 * One derivative.
 *
 * @param result the derivative, how it was verified, and what it came from
 * @param fName  the user's name for the function differentiated (L, for ∂L/∂W), or null
 * @param shape  its dimensions (symbolic names, or sizes where known): see {@link Shapes}
 * @param value  its value at the user's point, or null
 * @param names  when to print it with named intermediates ({@link Intermediates.Mode#auto} unless asked)
 */
public record DerivativeView(VerifiedDerivative result, String fName, List<Object> shape, ValueView value,
                             Intermediates.Mode names) {
    public DerivativeView {
        shape = List.copyOf(shape);
    }

    public DerivativeView(VerifiedDerivative result, String fName, List<Object> shape, ValueView value) {
        this(result, fName, shape, value, Intermediates.Mode.auto);
    }

    public DerivativeView withNames(Intermediates.Mode mode) {
        return new DerivativeView(result, fName, shape, value, mode);
    }

    /** The derivative as displayed, with named intermediates where {@link #names} asks for them; null to print it whole. */
    public Intermediates intermediates() {
        Set<String> taken = new HashSet<>(result.checked().variables().keySet());
        taken.addAll(result.checked().definitions().keySet());
        return Intermediates.of(result.derivative().display(), result.derivative().f(), taken, names);
    }
}
