package matcalc.repl;

import java.util.List;
import matcalc.Session;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.syntax.MatcalcException;

/** :rules [WORD]: every rule, or those whose name contains WORD, with the file and line it comes from. */
final class RuleList {
    private RuleList() {}

    static String of(String word) {
        String w = word.strip();
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (RuleSet set : List.of(Session.derivativeRules(), Session.simplifyRules())) {
            int width = set.rules().stream().mapToInt(r -> r.name().length()).max().orElse(0);
            for (Rule r : set.rules()) {
                if (!w.isEmpty() && !r.name().contains(w)) continue;
                if (out.length() > 0) out.append('\n');
                out.append(String.format("%-" + width + "s  %-30s  %s", r.name(), r.origin(), asWritten(r)));
                shown++;
            }
        }
        if (shown == 0) throw MatcalcException.general("no rule has '" + w + "' in its name");
        return out.toString();
    }

    /** The rule as its file writes it, without its name: `?Aᵀ => ?A if ?A symmetric`. */
    private static String asWritten(Rule r) {
        if (r.span() == null) return Printing.text(r.lhs()) + " => " + Printing.text(r.rhs());
        String text = r.span().text().strip().replaceAll("\\s+", " ");
        return text.startsWith(r.name()) ? text.substring(r.name().length()).replaceFirst("^\\s*:\\s*", "") : text;
    }
}
