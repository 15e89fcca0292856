package matcalc.web;

import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import matcalc.syntax.Span;

/**
 * The place of an error named after the request member it is in ({@code span.source}: "expr",
 * "let", "assume", "answer", "wrt"), its line and column counted in that member's text, so that a
 * page can highlight the span in the field the user typed it in.
 */
final class Sources {
    /** How the engine names the expression's text. */
    private static final String EXPRESSION = "input";
    /** What the request layer puts before an assumption's text ({@code Requests.engine}). */
    private static final String ASSUME = "assume ";

    private Sources() {}

    /**
     * The error with its span in the member's terms; a message about a variable asked for by
     * {@code wrt} gets a span on that member when the variable is written there.
     */
    static MatcalcException named(MatcalcException e, String wrt) {
        Diagnostic d = e.diagnostic();
        Span span = d.span();
        if (span == null) {
            if (e.subject() == null || wrt == null) return e;
            int at = wrt.indexOf(e.subject());
            if (at < 0) return e;
            int start = wrt.codePointCount(0, at);
            Span in = new Span(new Source("wrt", wrt), start, start + e.subject().codePointCount(0, e.subject().length()));
            return e.with(new Diagnostic(in, d.message(), d.notes()));
        }
        Source s = span.source();
        Span renamed;
        if (s.name().equals(EXPRESSION)) {
            renamed = new Span(new Source("expr", s.text()), span.start(), span.end());
        } else if (s.name().equals("assume") && s.text().startsWith(ASSUME)) {
            int shift = ASSUME.length();
            renamed = new Span(new Source("assume", s.text().substring(shift)),
                    Math.max(0, span.start() - shift), Math.max(0, span.end() - shift));
        } else {
            return e;
        }
        return e.with(new Diagnostic(renamed, d.message(), d.notes()));
    }
}
