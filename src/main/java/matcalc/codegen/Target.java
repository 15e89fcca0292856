package matcalc.codegen;

import java.util.Locale;
import matcalc.syntax.MatcalcException;

/** The languages code is generated for. */
public enum Target {
    NUMPY, TORCH, JAX, JAVA;

    /** numpy, torch (or pytorch), jax or java, any case. */
    public static Target parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "numpy", "np" -> NUMPY;
            case "torch", "pytorch" -> TORCH;
            case "jax" -> JAX;
            case "java", "ejml" -> JAVA;
            default -> throw MatcalcException.general("unknown target '" + s + "': expected numpy, torch, jax or java");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The emitter of this target. */
    Emitter emitter() {
        return this == JAVA ? new JavaEmitter() : new PythonEmitter(this);
    }
}
