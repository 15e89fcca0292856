package matcalc.repl;

import java.util.List;
import java.util.Map;
import matcalc.DerivativeResult;
import matcalc.core.Expr;
import matcalc.render.LatexPrinter;
import matcalc.rewrite.Step;

/**
 * :steps, :latex and :save. Until the step-by-step package (matcalc.steps) is in, a derivation is
 * the rules that fired, as the engine records them, and its LaTeX is the derivative's.
 */
final class Steps {
    private Steps() {}

    /** The rules that fired, each with its name and where it comes from, down to the result. */
    static String text(ReplState.Query q) {
        DerivativeResult r = q.result();
        StringBuilder out = new StringBuilder("∂/∂" + r.wrt() + " " + q.exprText());
        section(out, "differentiation", r.differentiationSteps());
        section(out, "simplification", r.simplificationSteps());
        out.append("\n  = ").append(r.text()).append("   (").append(r.shapeText()).append(", ")
                .append(r.layout().word()).append(" layout)");
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Step> steps) {
        out.append("\n  ").append(title).append(steps.isEmpty() ? ": nothing to do" : ":");
        int i = 0;
        for (Step step : steps) {
            out.append("\n  ").append(String.format("%3d. ", ++i)).append(step.rule());
            if (step.origin() != null && !step.origin().isEmpty()) out.append("  (").append(step.origin()).append(')');
            out.append("\n         ").append(Printing.text(step.before())).append("  ⇒  ").append(Printing.text(step.after()));
        }
    }

    /** ∂f/∂W = … as one LaTeX equation. */
    static String latex(ReplState.Query q) {
        DerivativeResult r = q.result();
        Expr f = r.derivative().f();
        String variable = LatexPrinter.name(r.wrt(), r.derivative().wrt().shape());
        return "\\frac{\\partial}{\\partial " + variable + "}\\left[" + new LatexPrinter().print(f) + "\\right] = " + r.latex();
    }

    /** The named intermediates the result is written with: $\hat{\mathbf{y}} = \operatorname{softmax}(…)$. */
    private static String where(ReplState.Query q) {
        List<String> parts = new java.util.ArrayList<>();
        Map<String, Expr> definitions = q.context().check("input", q.expression()).definitions();
        definitions.forEach((name, body) -> {
            if (mentions(q.result().display(), name, new java.util.HashSet<>())) {
                parts.add("$" + LatexPrinter.name(name, body.shape()) + " = " + new LatexPrinter().print(body) + "$");
            }
        });
        return String.join(", ", parts);
    }

    /** Whether e mentions the variable; shared sub-expressions are looked at once. */
    static boolean mentions(Expr e, String name, java.util.Set<Expr> seen) {
        if (!seen.add(e)) return false;
        if (e instanceof Expr.Var v && v.name().equals(name)) return true;
        for (Expr c : e.children()) if (mentions(c, name, seen)) return true;
        return false;
    }

    /** A complete .tex document with every derivation of the session. */
    static String document(List<ReplState.Query> derivations) {
        StringBuilder doc = new StringBuilder();
        doc.append("\\documentclass{article}\n");
        doc.append("\\usepackage{amsmath,amssymb}\n");
        doc.append("\\usepackage[margin=2cm]{geometry}\n");
        doc.append("\\begin{document}\n");
        doc.append("\\section*{Derivations}\n");
        for (ReplState.Query q : derivations) {
            DerivativeResult r = q.result();
            doc.append("\\[\n").append(latex(q)).append("\n\\]\n");
            String where = where(q);
            if (!where.isEmpty()) doc.append("where ").append(where).append(".\n");
            doc.append("Shape $").append(r.shapeText().replace("×", " \\times ")).append("$, ")
                    .append(r.layout().word()).append(" layout; ")
                    .append(Printing.verification(r)).append(".\n\n");
        }
        doc.append("\\end{document}\n");
        return doc.toString();
    }
}
