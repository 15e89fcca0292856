package matcalc.cli;

import java.util.ArrayList;
import java.util.List;
import matcalc.shape.Context;
import picocli.CommandLine.Option;

/** --let, shared by every command: declarations (W: d x n) and named intermediates (h = tanh(u)). */
final class LetOptions {
    @Option(names = "--let", paramLabel = "DECL",
            description = "a declaration (W: d x n, x: n, a: scalar, A: n x n symmetric) or a named "
                    + "intermediate (h1 = tanh(W1 x + b1)); repeatable, or several separated by ';'")
    List<String> lets = new ArrayList<>();

    @Option(names = "--ascii", description = "print expressions in ASCII (.*, ', ones, alpha) instead of Unicode")
    boolean ascii;

    Context context() {
        Context c = new Context();
        for (int i = 0; i < lets.size(); i++) {
            // named after the option: --let, --let#2, --let#3, …
            c.let(i == 0 ? "--let" : "--let#" + (i + 1), lets.get(i));
        }
        return c;
    }

    matcalc.core.TextPrinter printer() {
        return ascii ? matcalc.core.TextPrinter.ascii() : matcalc.core.TextPrinter.unicode();
    }
}
