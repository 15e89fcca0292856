package matcalc.syntax;

import java.util.List;

/**
 * One problem with the user's input: where it is, a one-line reason, and optional notes
 * (a suggestion, the shapes involved). Parse, shape, evaluation and rule-file errors all use it,
 * and {@link DiagnosticRenderer} is the one place that turns it into text.
 */
public record Diagnostic(Span span, String message, List<String> notes) {

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public static Diagnostic at(Span span, String message) {
        return new Diagnostic(span, message, List.of());
    }

    /** A problem that is not tied to a place in the text (a missing file, a bad option). */
    public static Diagnostic general(String message) {
        return new Diagnostic(null, message, List.of());
    }

    public Diagnostic withNote(String note) {
        var all = new java.util.ArrayList<>(notes);
        all.add(note);
        return new Diagnostic(span, message, all);
    }
}
