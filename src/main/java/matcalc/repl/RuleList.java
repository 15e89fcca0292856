package matcalc.repl;

import java.util.ArrayList;
import java.util.List;
import matcalc.calculus.Engine;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.syntax.MatcalcException;

/** :rules [WORD]: every rule, or those whose name contains WORD, with the file and line it comes from. */
final class RuleList {
    private RuleList() {}

    static String of(String word) {
        String w = word.strip();
        List<Rule> shown = new ArrayList<>();
        for (RuleSet set : List.of(Engine.derivativeRules(), Engine.simplifyRules(), Engine.jacobianRules())) {
            for (Rule r : set.rules()) if (r.name().contains(w)) shown.add(r);
        }
        if (shown.isEmpty()) throw MatcalcException.general("no rule has '" + w + "' in its name");
        int names = shown.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int origins = shown.stream().mapToInt(r -> r.origin().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (Rule r : shown) {
            lines.add(String.format("%-" + names + "s  %-" + origins + "s  %s", r.name(), r.origin(), asWritten(r)));
        }
        return String.join("\n", lines);
    }

    /** The rule as its file writes it, without its name: `?Aᵀ => ?A if ?A symmetric`. */
    private static String asWritten(Rule r) {
        if (r.span() == null) return Printing.text(r.lhs()) + " => " + Printing.text(r.rhs());
        String text = r.span().text().strip().replaceAll("\\s+", " ");
        return text.startsWith(r.name()) ? text.substring(r.name().length()).replaceFirst("^\\s*:\\s*", "") : text;
    }
}
