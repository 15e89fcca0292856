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

    // equals and hashCode written out, with the values the record's own would give (31 h + h per
    // component, in order): the generated ones bootstrap method handles at first use, a visible
    // share of a cold start (ARCHITECTURE.md, the start path); RecordMethodsTest holds them equal
    @Override
    public boolean equals(Object o) {
        return o instanceof Span s && java.util.Objects.equals(source, s.source) && start == s.start && end == s.end;
    }

    @Override
    public int hashCode() {
        return (31 * java.util.Objects.hashCode(source) + Integer.hashCode(start)) * 31 + Integer.hashCode(end);
    }
}
