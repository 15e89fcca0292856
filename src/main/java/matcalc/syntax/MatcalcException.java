package matcalc.syntax;

/** Bad input: thrown by library code, rendered by the edges (CLI, REPL) with {@link DiagnosticRenderer}. */
public class MatcalcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;
    /** What the user asked for that the message is about (the variable of d/dz), or null. */
    private final String subject;

    public MatcalcException(Diagnostic diagnostic) {
        this(diagnostic, null);
    }

    private MatcalcException(Diagnostic diagnostic, String subject) {
        super(diagnostic.message());
        this.diagnostic = diagnostic;
        this.subject = subject;
    }

    /**
     * A problem with a variable the user asked to differentiate by, in words that do not name how it
     * was asked: each edge says that (the CLI "--wrt z: …", the REPL "d/dz: …").
     */
    public static MatcalcException aboutVariable(String asked, String message) {
        return new MatcalcException(Diagnostic.general(message), asked);
    }

    /** The variable as the user wrote it, for a message about it ({@link #aboutVariable}); else null. */
    public String subject() {
        return subject;
    }

    public MatcalcException(Span span, String message) {
        this(Diagnostic.at(span, message));
    }

    public static MatcalcException general(String message) {
        return new MatcalcException(Diagnostic.general(message));
    }

    /**
     * A file that could not be read or written, with the reason in words (Java's own message for a
     * missing file is only its name): "cannot read the problems file p.txt: no such file".
     */
    public static MatcalcException io(String action, Object file, java.io.IOException e) {
        boolean writing = action.startsWith("cannot write");
        String text = String.valueOf(e.getMessage());
        boolean missing = e instanceof java.nio.file.NoSuchFileException
                || e instanceof java.io.FileNotFoundException && text.contains("No such file");
        String reason = missing ? (writing ? "there is no such folder" : "no such file")
                : text.contains("Is a directory") ? "it is a folder, not a file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return general(action + " " + file + ": " + reason);
    }

    /** The same error about the same variable, told with another diagnostic (its place renamed, say). */
    public MatcalcException with(Diagnostic other) {
        return new MatcalcException(other, subject);
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }

    /** The message as the user sees it: position, reason, the line and a caret. */
    public String render() {
        return DiagnosticRenderer.render(diagnostic);
    }

    /** The same, a message about a variable prefixed with how the edge asked for it ("--wrt ", "d/d"). */
    public String render(String askedWith) {
        if (subject == null) return render();
        Diagnostic d = diagnostic;
        return DiagnosticRenderer.render(new Diagnostic(d.span(), askedWith + subject + ": " + d.message(), d.notes()));
    }
}
