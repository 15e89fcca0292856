package matcalc.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A verdict in words, as `matcalc check` prints it and as assertion failures say it. */
public final class CheckText {
    private CheckText() {}

    /**
     * @param exprText the expression as printed for the user
     * @param reveal   whether to print the right derivative under a wrong answer
     */
    public static String of(CheckResult r, String exprText, boolean reveal, boolean ascii) {
        String derivative = "∂f/∂" + r.expected().wrt() + " for f = " + exprText;
        StringBuilder out = new StringBuilder();
        if (r.correct()) {
            out.append("correct: ").append(r.answer()).append(" is ").append(derivative).append('\n');
            out.append("  shape ").append(r.answerShape()).append(" (").append(r.layout()).append(" layout); ")
                    .append(how(r)).append('\n');
            return out.toString();
        }
        out.append("wrong: ").append(r.answer()).append(" is not ").append(derivative).append('\n');
        out.append("  ").append(r.diagnosis()).append('\n');
        CheckResult.Counterexample c = r.counterexample();
        if (c != null) {
            out.append("  counterexample").append(c.sizes().isEmpty() ? "" : " with " + sizes(c.sizes())).append(":\n");
            c.point().forEach((v, value) -> out.append("    ").append(v).append(" = ").append(compact(value)).append('\n'));
            out.append("    ∂f/∂").append(r.expected().wrt()).append(" = ").append(compact(c.expected())).append('\n');
            if (c.answer() != null) out.append("    your answer = ").append(compact(c.answer())).append('\n');
        }
        if (reveal) {
            out.append("  the derivative is ").append(ascii ? r.expected().ascii() : r.expected().text())
                    .append(" (").append(r.expected().shapeText()).append(", ").append(r.layout()).append(" layout)\n");
        }
        return out.toString();
    }

    private static String how(CheckResult r) {
        return r.method().equals("symbolic") ? "equal to matcalc's derivative after simplification"
                : "equal to matcalc's derivative at " + r.points() + " random points with " + Trials.SIZE_SETS
                + " sets of sizes";
    }

    private static String sizes(Map<String, Integer> sizes) {
        List<String> parts = new ArrayList<>();
        sizes.forEach((d, n) -> parts.add(d + " = " + n));
        return String.join(", ", parts);
    }

    /** A value on one line, 4 significant digits: a column vector as a flat list, a matrix as rows. */
    public static String compact(List<List<Double>> rows) {
        boolean column = rows.stream().allMatch(r -> r.size() == 1);
        if (column && rows.size() == 1) return number(rows.get(0).get(0));
        List<String> parts = new ArrayList<>();
        for (List<Double> row : rows) {
            if (column) {
                parts.add(number(row.get(0)));
            } else {
                List<String> entries = new ArrayList<>();
                for (double v : row) entries.add(number(v));
                parts.add("[" + String.join(", ", entries) + "]");
            }
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e") || !s.contains(".")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
