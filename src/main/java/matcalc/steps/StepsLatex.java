package matcalc.steps;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Shape;
import matcalc.render.LatexPrinter;

/**
 * A derivation in LaTeX, as the slides write it: an aligned block with the intermediate functions,
 * the chain rule with an underbrace giving the shape (1 × d) under each factor, the product, and
 * each simplification step with its rule. JLaTeXMath renders the fragment; {@link #document}
 * wraps derivations in a document that pdflatex compiles (amsmath).
 */
final class StepsLatex {
    private StepsLatex() {}

    static String fragment(Derivation d) {
        LatexPrinter p = new LatexPrinter();
        String fName = LatexPrinter.name(d.name(), d.f().shape());
        String xName = LatexPrinter.name(d.variable().name(), d.variable().shape());
        List<String> rows = new ArrayList<>();
        for (Derivation.Intermediate i : d.intermediates()) {
            rows.add(LatexPrinter.name(i.name(), i.full().shape()) + " &= " + p.print(i.body()));
        }
        String target = "\\frac{\\partial " + fName + "}{\\partial " + xName + "}";
        List<String> symbols = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        Derivation.Factor contracted = null;
        for (Derivation.Factor f : d.factors()) {
            if (f.contracted()) {
                contracted = f;
                continue;
            }
            String of = name(d, f.of());
            String by = LatexPrinter.name(f.by().name(), f.by().shape());
            symbols.add(under("\\frac{\\partial " + of + "}{\\partial " + by + "}", f.jacobian().shape()));
            values.add(under(paren(p.print(f.jacobian())), f.jacobian().shape()));
            rules.addAll(f.rules());
        }
        if (contracted == null) {
            rows.add(target + " &= " + String.join(" ", symbols));
            rows.add("&= " + String.join(" ", values) + rule(distinct(rules)));
        } else {
            // the slides' tensor ∂u/∂W enters contracted with δ = the product of the other factors
            String of = name(d, contracted.of());
            String delta = LatexPrinter.name(contracted.seed().name(), contracted.seed().shape());
            if (!symbols.isEmpty()) {
                rows.add(delta + " = \\frac{\\partial " + fName + "}{\\partial " + of + "} &= " + String.join(" ", symbols));
                rows.add("&= " + String.join(" ", values) + rule(distinct(rules)));
            }
            rows.add(target + " &= " + delta + "\\, \\frac{\\partial " + of + "}{\\partial " + xName + "} = "
                    + under(p.print(contracted.jacobian()), contracted.jacobian().shape()) + rule(contracted.rules()));
        }
        if (!d.paths().isEmpty()) {
            List<String> terms = new ArrayList<>();
            for (Derivation.Path path : d.paths()) terms.add(p.print(path.term()));
            rows.add("&= " + String.join(" + ", terms) + " && \\text{(one term per path)}");
        }
        rows.add("&= " + p.print(d.product()));
        for (Derivation.Line l : d.simplification()) rows.add("&= " + p.print(l.expr()) + rule(List.of(l.rule())));
        if (!d.inVariables().equals(d.result())) rows.add("&= " + p.print(d.inVariables()));
        // every row has the rule column, even empty: JLaTeXMath misaligns rows with fewer columns
        List<String> full = new ArrayList<>();
        for (String r : rows) full.add(r.contains("&&") ? r : r + " &&");
        return "\\begin{aligned}\n" + String.join(" \\\\\n", full) + "\n\\end{aligned}";
    }

    private static String name(Derivation d, String n) {
        for (Derivation.Intermediate i : d.intermediates()) {
            if (i.name().equals(n)) return LatexPrinter.name(n, i.full().shape());
        }
        return LatexPrinter.name(n, d.f().shape());
    }

    private static String under(String body, Shape s) {
        return "\\underbrace{" + body + "}_{" + dim(s.rows()) + " \\times " + dim(s.cols()) + "}";
    }

    /** n, n_{x}, or a product m n_{x} (juxtaposed, as in ℝ^{mn}: it binds tighter than \times). */
    private static String dim(matcalc.core.Dim d) {
        List<String> factors = new ArrayList<>();
        for (matcalc.core.Dim f : d.factors()) {
            String t = f.toString();
            int us = t.indexOf('_');
            factors.add(us > 0 ? t.substring(0, us) + "_{" + t.substring(us + 1) + "}" : t);
        }
        return String.join(" ", factors);
    }

    private static String paren(String latex) {
        return "\\left(" + latex + "\\right)";
    }

    private static List<String> distinct(List<String> names) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(names));
    }

    private static String rule(List<String> names) {
        if (names.isEmpty()) return "";
        return " && \\text{(" + String.join(", ", names) + ")}";
    }

    static String document(List<Derivation> derivations) {
        StringBuilder out = new StringBuilder();
        out.append("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=2cm,landscape]{geometry}\n")
                .append("\\begin{document}\n");
        for (Derivation d : derivations) {
            out.append("\\section*{$\\frac{\\partial ").append(LatexPrinter.name(d.name(), d.f().shape()))
                    .append("}{\\partial ").append(LatexPrinter.name(d.variable().name(), d.variable().shape()))
                    .append("}$}\n");
            out.append("\\[\n").append(fragment(d)).append("\n\\]\n");
        }
        return out.append("\\end{document}\n").toString();
    }
}
