package matcalc.syntax;

/** Bad input: thrown by library code, rendered by the edges (CLI, REPL) with {@link DiagnosticRenderer}. */
public class MatcalcException extends RuntimeException {
    private final transient Diagnostic diagnostic;

    public MatcalcException(Diagnostic diagnostic) {
        super(diagnostic.message());
        this.diagnostic = diagnostic;
    }

    public MatcalcException(Span span, String message) {
        this(Diagnostic.at(span, message));
    }

    public static MatcalcException general(String message) {
        return new MatcalcException(Diagnostic.general(message));
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }

    /** The message as the user sees it: position, reason, the line and a caret. */
    public String render() {
        return DiagnosticRenderer.render(diagnostic);
    }
}
