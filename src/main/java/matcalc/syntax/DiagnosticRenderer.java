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
            String before = new Span(src, src.lineStart(span.start()), span.start()).text();
            String marked = firstLine(span.text());
            if (line.length() > LONG_LINE) {
                // a huge input (a 1 MB expression) is quoted around the place, not whole
                int[] cps = line.codePoints().toArray();
                int at = Math.min(before.codePointCount(0, before.length()), cps.length);
                int markedLength = Math.min(marked.codePointCount(0, marked.length()), CONTEXT);
                int from = Math.max(0, at - CONTEXT);
                int to = Math.min(cps.length, at + markedLength + CONTEXT);
                String lead = from > 0 ? "…" : "";
                before = lead + new String(cps, from, at - from);
                marked = new String(cps, at, Math.min(markedLength, cps.length - at));
                line = before + new String(cps, at, to - at) + (to < cps.length ? "…" : "");
            }
            out.append("  ").append(line.replace("\t", TAB)).append('\n');
            int width = Math.max(1, displayWidth(marked));
            out.append("  ").append(" ".repeat(displayWidth(before))).append('^').append("~".repeat(width - 1));
        }
        for (String note : d.notes()) {
            out.append('\n').append("  note: ").append(note);
        }
        return out.toString();
    }

    /** A line longer than this is quoted in part: {@link #CONTEXT} characters either side of the place. */
    private static final int LONG_LINE = 200;
    private static final int CONTEXT = 60;

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
