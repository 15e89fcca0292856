package matcalc.steps;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.core.TextPrinter;

/** A derivation for the terminal: Unicode or ASCII, one step per line, shapes and rule names in columns. */
final class StepsText {
    private final TextPrinter printer;

    private StepsText(boolean ascii) {
        this.printer = TextPrinter.of(ascii);
    }

    static String of(Derivation d, boolean ascii) {
        return new StepsText(ascii).text(d);
    }

    private String p(Expr e) {
        return printer.print(e);
    }

    private String n(String name) {
        return printer.name(name);
    }

    /** ∂ as d, × as x, δ as delta in ASCII. */
    private String w(String words) {
        return printer.words(words);
    }

    private String text(Derivation d) {
        String x = n(d.variable().name());
        String target = w("∂") + n(d.name()) + "/" + w("∂") + x;
        StringBuilder out = new StringBuilder();
        out.append(target).append(" for ").append(n(d.name())).append(" = ").append(p(d.f())).append("\n\n");

        out.append("intermediate functions\n");
        List<String[]> rows = new ArrayList<>();
        for (Derivation.Intermediate i : d.intermediates()) {
            rows.add(new String[] {n(i.name()) + " = " + p(i.body()), w(shape(i.full().shape())), ""});
        }
        table(out, rows);

        out.append("\nchain rule (numerator layout)\n");
        out.append("  ").append(w(chainFormula(d, this::n))).append('\n');
        rows.clear();
        for (Derivation.Factor f : d.factors()) {
            String lhs = w((f.contracted() ? n(f.seed().name()) + " ∂" : "∂") + n(f.of()) + "/∂" + n(f.by().name()));
            rows.add(new String[] {lhs + " = " + p(f.jacobian()), w(shape(f.jacobian().shape())), String.join(", ", f.rules())});
        }
        table(out, rows);
        if (!d.paths().isEmpty()) {
            out.append("  ").append(x).append(" occurs ").append(d.paths().size())
                    .append(" times there; the chain rule adds the term of each path:\n");
            rows.clear();
            for (Derivation.Path path : d.paths()) {
                rows.add(new String[] {"  through " + path.place().words(this::p, this::n) + ": " + p(path.term()), "", ""});
            }
            table(out, rows);
        }

        if (d.factors().size() > 1) {
            out.append("\nproduct\n");
            out.append("  ").append(target).append(" = ").append(p(d.product())).append('\n');
        }

        if (!d.simplification().isEmpty()) {
            out.append("\nsimplification\n");
            rows.clear();
            for (Derivation.Line l : d.simplification()) rows.add(new String[] {"= " + p(l.expr()), l.rule(), ""});
            table(out, rows);
        }

        out.append("\nresult\n");
        out.append("  ").append(target).append(" = ").append(p(d.result())).append('\n');
        if (!d.inVariables().equals(d.result())) {
            out.append("  ").append(" ".repeat(target.length())).append(" = ").append(p(d.inVariables())).append('\n');
        }
        out.append("  shape ").append(w(shape(d.result().shape()))).append(" (numerator layout); ")
                .append(d.check().passed() ? "checked against finite differences at " + d.check().points() + " random points"
                        : "NOT checked numerically: " + d.check().detail()).append('\n');
        return out.toString();
    }

    /** ∂L/∂W = ∂L/∂ŷ ∂ŷ/∂u1 ∂u1/∂W, or with δ for a matrix variable. */
    static String chainFormula(Derivation d, java.util.function.UnaryOperator<String> n) {
        String x = n.apply(d.variable().name());
        List<String> parts = new ArrayList<>();
        Derivation.Factor last = d.factors().get(d.factors().size() - 1);
        for (Derivation.Factor f : d.factors()) {
            if (!f.contracted()) parts.add("∂" + n.apply(f.of()) + "/∂" + n.apply(f.by().name()));
        }
        String head = "∂" + n.apply(d.name()) + "/∂" + x + " = ";
        if (d.factors().size() == 1 && !last.contracted()) return head + "derived directly (no intermediate functions)";
        if (last.contracted()) {
            String delta = n.apply(last.seed().name());
            return head + delta + " ∂" + n.apply(last.of()) + "/∂" + x + (parts.isEmpty() ? " with " + delta + " = 1"
                    : " with " + delta + " = ∂" + n.apply(d.name()) + "/∂" + n.apply(last.of()) + " = " + String.join(" ", parts));
        }
        return head + String.join(" ", parts);
    }

    static String shape(Shape s) {
        return s.rows() + "×" + s.cols();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int w0 = 0;
        int w1 = 0;
        for (String[] r : rows) {
            w0 = Math.max(w0, Math.min(60, width(r[0])));
            w1 = Math.max(w1, width(r[1]));
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ").append(r[0]);
            if (!r[1].isEmpty() || !r[2].isEmpty()) {
                line.append(" ".repeat(Math.max(1, w0 - width(r[0]) + 3))).append(r[1]);
                if (!r[2].isEmpty()) line.append(" ".repeat(w1 - width(r[1]) + 3)).append(r[2]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Columns a terminal shows: code points, without combining marks. */
    private static int width(String s) {
        return (int) s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).count();
    }
}
