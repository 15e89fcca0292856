package matcalc.rewrite;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Expr;

/**
 * A rule file as a Markdown table, for the README: one row per rule with its name, the identity
 * (pattern variables written without their ?) and its conditions. Generated, never typed by hand.
 */
public final class RuleTable {
    private RuleTable() {}

    public static String markdown(RuleSet rules) {
        StringBuilder out = new StringBuilder("| rule | identity | when |\n|---|---|---|\n");
        for (Rule r : rules.rules()) {
            List<String> when = new ArrayList<>();
            for (var c : r.conditions()) {
                when.add(c.variable() == null ? "if " + c.word() : plain(c.variable()) + " " + c.word());
            }
            out.append("| ").append(r.name()).append(" | `").append(plain(r.lhs())).append(" ⇒ ").append(plain(r.rhs()))
                    .append("` | ").append(String.join(", ", when)).append(" |\n");
        }
        return out.toString();
    }

    private static String plain(Expr e) {
        return plain(e.toString());
    }

    private static String plain(String text) {
        return text.replace("?", "").replace("|", "\\|");
    }
}
