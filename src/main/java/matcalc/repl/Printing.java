package matcalc.repl;

import matcalc.core.Expr;
import matcalc.core.TextPrinter;

/** How the REPL writes an expression of its own (a shape, a rule); results go through the present renderers. */
final class Printing {
    private Printing() {}

    static String text(Expr e) {
        return TextPrinter.unicode().print(e);
    }
}
