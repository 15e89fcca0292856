package matcalc.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.present.LatexRenderer;
import matcalc.present.Shapes;
import matcalc.present.StepsView;
import matcalc.present.TextRenderer;
import matcalc.present.Views;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.render.LatexPrinter;
import matcalc.rewrite.Step;
import matcalc.steps.Derivation;
import matcalc.syntax.MatcalcException;

/**
 * :steps, :latex and :save, from {@link Derivation}: the derivation as the slides present it.
 * Derivations are worked out in numerator layout, for scalar functions and for vector functions
 * of a vector; for the other queries (an order-3 tensor, a derivative by a named intermediate)
 * the REPL shows the rules that fired, as the engine recorded them, and the result's LaTeX.
 */
final class Steps {
    private Steps() {}

    /** The derivation of a query, worked out once and kept with the session. */
    static Derivation derivation(ReplState s, ReplState.Query q) {
        Derivation d = s.steps.get(q);
        if (d == null) {
            d = matcalc.syntax.Deadline.during("working out the steps", () -> Derivation.of(Engine.of(q.context().copy()), q.expression(), q.wrt()));
            s.steps.put(q, d);
        }
        return d;
    }

    static String text(ReplState s, ReplState.Query q) {
        Derivation d;
        try {
            d = derivation(s, q);
        } catch (MatcalcException e) {
            return recorded(q) + "\n  (" + why(e) + "; these are the rules that fired)";
        }
        String out = TextRenderer.unicode().steps(new StepsView(d.f(), List.of(d), false));
        if (q.layout() != Layout.NUMERATOR) {
            VerifiedDerivative r = q.result();
            out += "\n  (the steps are in numerator layout; in " + r.derivative().layout().word() + " layout, as asked, ∂/∂"
                    + r.derivative().wrt().name() + " = " + Printing.text(r.derivative().display()) + ", "
                    + Shapes.text(r.shape(), false) + ")";
        }
        return out;
    }

    static String latex(ReplState s, ReplState.Query q) {
        try {
            Derivation d = derivation(s, q);
            return new LatexRenderer().steps(new StepsView(d.f(), List.of(d), false));
        } catch (MatcalcException e) {
            return equation(q);
        }
    }

    /**
     * A .tex document with every derivation of the session: those worked out step by step, then
     * (in a section of their own) the results of the queries that have no step-by-step form.
     */
    static String document(ReplState s, List<ReplState.Query> queries) {
        List<Derivation> derivations = new ArrayList<>();
        StringBuilder others = new StringBuilder();
        for (ReplState.Query q : queries) {
            try {
                derivations.add(derivation(s, q));
            } catch (MatcalcException e) {
                others.append("\\[\n").append(equation(q)).append("\n\\]\n");
                String where = where(q);
                if (!where.isEmpty()) others.append("where ").append(where).append(".\n\n");
            }
        }
        String doc = Derivation.document(derivations);
        if (others.length() == 0) return doc;
        int end = doc.lastIndexOf("\\end{document}");
        return doc.substring(0, end) + "\\section*{Results}\n" + others + doc.substring(end);
    }

    /** Why there is no step-by-step form. */
    private static String why(MatcalcException e) {
        return "no step-by-step form: " + e.getMessage();
    }

    /** The rules that fired, each with its name and where it comes from, down to the result. */
    static String recorded(ReplState.Query q) {
        VerifiedDerivative r = q.result();
        StringBuilder out = new StringBuilder("∂/∂" + r.derivative().wrt().name() + " " + q.exprText());
        section(out, "differentiation", r.derivative().differentiation());
        section(out, "simplification", r.derivative().simplification());
        out.append("\n  = ").append(Printing.text(r.derivative().display())).append("   (")
                .append(Shapes.text(r.shape(), false)).append(", ").append(r.derivative().layout().word()).append(" layout)");
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

    /** ∂/∂W [f] = … as one LaTeX equation, as `matcalc diff --format latex` writes it. */
    static String equation(ReplState.Query q) {
        return new LatexRenderer().equation(Views.derivative(q.context(), q.result(), null));
    }

    /** The named intermediates the result is written with: $\hat{\mathbf{y}} = \operatorname{softmax}(…)$. */
    private static String where(ReplState.Query q) {
        List<String> parts = new ArrayList<>();
        Map<String, Expr> definitions = q.context().check("input", q.expression()).definitions();
        definitions.forEach((name, body) -> {
            if (Exprs.mentions(q.result().derivative().display(), name)) {
                parts.add("$" + LatexPrinter.name(name, body.shape()) + " = " + new LatexPrinter().print(body) + "$");
            }
        });
        return String.join(", ", parts);
    }
}
