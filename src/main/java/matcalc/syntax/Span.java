package matcalc.syntax;

/** A range [start, end) of code points in a {@link Source}. */
public record Span(Source source, int start, int end) {

    public Span {
        if (end < start) end = start;
    }

    /** The smallest span that covers both. */
    public Span to(Span other) {
        if (other == null) return this;
        return new Span(source, Math.min(start, other.start), Math.max(end, other.end));
    }

    /** The text the span covers. */
    public String text() {
        int[] cps = source.text().codePoints().toArray();
        int s = Math.min(start, cps.length);
        int e = Math.min(end, cps.length);
        return new String(cps, s, e - s);
    }

    public int line() {
        return source.line(start);
    }

    public int column() {
        return source.column(start);
    }
}
