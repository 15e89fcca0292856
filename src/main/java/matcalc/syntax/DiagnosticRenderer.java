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
            out.append("  ").append(line.replace("\t", TAB)).append('\n');
            String before = new Span(src, src.lineStart(span.start()), span.start()).text();
            int width = Math.max(1, displayWidth(firstLine(span.text())));
            out.append("  ").append(" ".repeat(displayWidth(before))).append('^').append("~".repeat(width - 1));
        }
        for (String note : d.notes()) {
            out.append('\n').append("  note: ").append(note);
        }
        return out.toString();
    }

    /** A tab in the quoted line is shown as this many spaces, so that the caret lines up under it. */
    private static final String TAB = "    ";

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl >= 0 ? text.substring(0, nl) : text;
    }

    /** Columns the text takes on a terminal: combining marks take none, a tab takes {@link #TAB}. */
    private static int displayWidth(String text) {
        return text.codePoints().map(cp -> cp == '\t' ? TAB.length() : Source.isCombining(cp) ? 0 : 1).sum();
    }
}
