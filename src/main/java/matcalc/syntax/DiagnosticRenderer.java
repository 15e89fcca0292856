package matcalc.syntax;

/**
 * Renders a {@link Diagnostic} the way compilers do:
 * <pre>
 * input:1:22: error: shape mismatch in product: W is d×n, x has length k (n ≠ k)
 *   -sum(y ⊙ log(softmax(W x + b)))
 *                        ^~~
 * </pre>
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {}

    public static String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        Span span = d.span();
        if (span == null) {
            out.append("error: ").append(d.message());
        } else {
            Source src = span.source();
            out.append(src.name()).append(':').append(span.line()).append(':').append(span.column())
               .append(": error: ").append(d.message()).append('\n');
            String line = src.lineText(span.start());
            out.append("  ").append(line).append('\n');
            int col = span.column();
            int width = Math.max(1, displayWidth(span));
            out.append("  ").append(" ".repeat(col - 1)).append('^').append("~".repeat(width - 1));
        }
        for (String note : d.notes()) {
            out.append('\n').append("  note: ").append(note);
        }
        return out.toString();
    }

    /** Columns the span takes on its first line. */
    private static int displayWidth(Span span) {
        String text = span.text();
        int nl = text.indexOf('\n');
        if (nl >= 0) text = text.substring(0, nl);
        return (int) text.codePoints().filter(cp -> !Source.isCombining(cp)).count();
    }
}
