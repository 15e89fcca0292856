package matcalc.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.check.CheckResult;
import matcalc.check.CheckText;
import matcalc.check.LayoutChoice;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;

/** Derivative queries and what is asked of the last one: :steps, :latex, :check, and :save for all of them. */
final class Queries {
    private Queries() {}

    /** d/dW L, :d W L, d/dW,b L: each derivative printed as `matcalc diff` prints it, and remembered. */
    static String derive(ReplState s, String wrtText, String expression) {
        Commands.required(expression, "d/dW L: the expression to differentiate");
        List<String> wrts = new ArrayList<>();
        for (String w : wrtText.split(",")) if (!w.isBlank()) wrts.add(w.strip());
        Context context = s.context.copy();
        Session session = new Session(context).layout(s.layout);
        Map<String, DerivativeResult> results;
        try {
            results = session.deriveAll(expression, wrts);
        } catch (MatcalcException e) {
            // the library speaks of the CLI's option; here it was written d/dq
            if (e.diagnostic().span() != null || !e.getMessage().startsWith("--wrt ")) throw e;
            throw MatcalcException.general("d/d" + e.getMessage().substring("--wrt ".length()));
        }
        String exprText = Printing.text(context.check("input", expression).expr());
        StringBuilder out = new StringBuilder();
        for (DerivativeResult r : results.values()) {
            if (out.length() > 0) out.append('\n');
            out.append(Printing.derivative(exprText, r));
            s.derivations.add(new ReplState.Query(expression, r.wrt(), context, s.layout, exprText, r));
        }
        return out.toString();
    }

    /** :hessian x L, or :hessian x,y L for ∂/∂y (∂L/∂x)ᵀ: as `matcalc hessian` prints it. */
    static String hessian(ReplState s, String wrtText, String expression) {
        String[] wrts = wrtText.split(",");
        if (wrts.length > 2) throw MatcalcException.general(":hessian x L, or :hessian x,y L: at most two variables");
        String x = wrts[0].strip();
        String y = wrts.length == 2 ? wrts[1].strip() : null;
        Context context = s.context.copy();
        DerivativeResult h;
        try {
            h = new Session(context).hessian(expression, x, y);
        } catch (MatcalcException e) {
            if (e.diagnostic().span() != null || !e.getMessage().startsWith("--wrt ")) throw e;
            throw MatcalcException.general(":hessian " + e.getMessage().substring("--wrt ".length()));
        }
        String exprText = Printing.text(context.check("input", expression).expr());
        return "∂²/∂" + x + "∂" + (y == null ? x : y) + "ᵀ " + exprText + "\n  = " + h.text() + "\n  shape " + h.shapeText()
                + "; " + (h.verification().passed() ? "checked against finite differences of the gradient at "
                + h.verification().points() + " random points" : "NOT checked numerically: " + h.verification().detail());
    }

    static ReplState.Query last(ReplState s, String command) {
        ReplState.Query q = s.last();
        if (q == null) {
            throw MatcalcException.general(command + " works on the last derivative, and there is none yet: ask for one first, like d/dx sum(x)");
        }
        return q;
    }

    static String steps(ReplState s) {
        return Steps.text(s, last(s, ":steps"));
    }

    static String latex(ReplState s) {
        return Steps.latex(s, last(s, ":latex"));
    }

    /** :check ANSWER against the last query, in its context, graded in the session's layout. */
    static String check(ReplState s, String answer) {
        ReplState.Query q = last(s, ":check");
        Session session = new Session(q.context().copy()).layout(q.layout());
        CheckResult r = session.check(q.expression(), q.wrt(), answer, choice(q));
        return CheckText.of(r, q.exprText(), false, false).stripTrailing();
    }

    /** Mixed layout writes a scalar's derivative in the shape of the variable, a vector's as numerator. */
    private static LayoutChoice choice(ReplState.Query q) {
        return switch (q.layout()) {
            case NUMERATOR -> LayoutChoice.NUMERATOR;
            case DENOMINATOR -> LayoutChoice.DENOMINATOR;
            case MIXED -> q.result().derivative().f().shape().isScalar() ? LayoutChoice.DENOMINATOR : LayoutChoice.NUMERATOR;
        };
    }

    /** :save FILE: every derivation of the session, as a LaTeX document. */
    static String save(ReplState s, String file) {
        if (s.derivations.isEmpty()) {
            throw MatcalcException.general(":save writes the session's derivations, and there are none yet: ask for one first, like d/dx sum(x)");
        }
        Path path = Path.of(file.strip());
        String document = Steps.document(s, s.derivations);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw MatcalcException.general("cannot write " + file + ": there is no folder " + parent);
            }
            Files.writeString(path, document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MatcalcException.io("cannot write", file, e);
        }
        int n = s.derivations.size();
        return "wrote " + path + " (" + n + (n == 1 ? " derivation" : " derivations") + "; pdflatex " + path.getFileName() + " makes a PDF)";
    }
}
