package matcalc.core;

/**
 * Thrown by the {@link Exprs} factory when asked to build an ill-shaped node. User input never
 * reaches the factory unchecked (the shape checker reports with a caret first); rewrite rules and
 * derivative code do, and they treat this as "this rewrite does not apply".
 */
public class ShapeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
