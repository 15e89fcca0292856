package matcalc.present;

import java.util.List;
import matcalc.calculus.VerifiedDerivative;

/**
 * One derivative.
 *
 * @param result the derivative, how it was verified, and what it came from
 * @param fName  the user's name for the function differentiated (L, for ∂L/∂W), or null
 * @param shape  its dimensions (symbolic names, or sizes where known): see {@link Shapes}
 * @param value  its value at the user's point, or null
 */
public record DerivativeView(VerifiedDerivative result, String fName, List<Object> shape, ValueView value) {
    public DerivativeView {
        shape = List.copyOf(shape);
    }
}
