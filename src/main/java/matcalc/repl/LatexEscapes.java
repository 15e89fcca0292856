package matcalc.repl;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import matcalc.syntax.Span;
import matcalc.syntax.Suggest;

/**
 * LaTeX-style escapes typed in a line, turned into the Unicode the parser reads: {@code \odot} → ⊙,
 * {@code x^\top} → xᵀ, {@code \alpha} → α, {@code \hat{y}} → ŷ, {@code \mathbf{W}} → W. What
 * matcalc's own LaTeX printer writes reads back, so a result can be pasted into a line. An
 * unknown escape is an error with a caret and a suggestion, not something the parser stumbles on.
 */
public final class LatexEscapes {
    private LatexEscapes() {}

    /** Escapes with no argument. Longer spellings first where one is a prefix of another. */
    private static final Map<String, String> SYMBOLS = new LinkedHashMap<>();
    /** Escapes with one braced argument: what the argument becomes ("%s" is the argument). */
    private static final Map<String, String> WITH_ARGUMENT = new LinkedHashMap<>();

    static {
        String[] greek = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"};
        String letters = "αβγδεζηθικλμνξπρστυφχψω";
        for (int i = 0; i < greek.length; i++) {
            SYMBOLS.put(greek[i], String.valueOf(letters.charAt(i)));
            String upper = Character.toUpperCase(greek[i].charAt(0)) + greek[i].substring(1);
            SYMBOLS.put(upper, String.valueOf(Character.toUpperCase(letters.charAt(i))));
        }
        SYMBOLS.put("varepsilon", "ε");
        SYMBOLS.put("vartheta", "θ");
        SYMBOLS.put("varphi", "φ");
        SYMBOLS.put("odot", "⊙");
        SYMBOLS.put("circ", "⊙");
        SYMBOLS.put("oslash", "⊘");
        SYMBOLS.put("top", "ᵀ");
        SYMBOLS.put("intercal", "ᵀ");
        SYMBOLS.put("times", "×");
        SYMBOLS.put("cdot", " ");
        SYMBOLS.put("in", "∈");
        SYMBOLS.put("partial", "∂");
        SYMBOLS.put("log", "log");
        SYMBOLS.put("exp", "exp");
        SYMBOLS.put("sin", "sin");
        SYMBOLS.put("cos", "cos");
        SYMBOLS.put("tanh", "tanh");
        SYMBOLS.put("det", "det");
        SYMBOLS.put("tr", "tr");
        SYMBOLS.put("ones", "𝟏");
        SYMBOLS.put("left", "");
        SYMBOLS.put("right", "");
        SYMBOLS.put("big", "");
        SYMBOLS.put("Big", "");
        SYMBOLS.put("quad", " ");
        SYMBOLS.put(",", " ");
        SYMBOLS.put(";", " ");
        SYMBOLS.put("!", "");

        WITH_ARGUMENT.put("hat", "hat");             // \hat{y} → ŷ (a combining circumflex)
        WITH_ARGUMENT.put("widehat", "hat");
        WITH_ARGUMENT.put("mathbf", "%s");
        WITH_ARGUMENT.put("boldsymbol", "%s");
        WITH_ARGUMENT.put("bm", "%s");
        WITH_ARGUMENT.put("mathrm", "%s");
        WITH_ARGUMENT.put("mathit", "%s");
        WITH_ARGUMENT.put("operatorname", "%s");
        WITH_ARGUMENT.put("text", "%s");
        WITH_ARGUMENT.put("mathbb", "bb");           // \mathbb{R} → ℝ, \mathbb{1} → 𝟏
        WITH_ARGUMENT.put("sqrt", "sqrt(%s)");
    }

    /** Every escape the table knows, with its backslash, for completion. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String s : SYMBOLS.keySet()) if (Character.isLetter(s.charAt(0))) out.add("\\" + s);
        for (String s : WITH_ARGUMENT.keySet()) out.add("\\" + s + "{");
        return out;
    }

    private static final Pattern BRACED = Pattern.compile("\\\\([A-Za-z]+)\\s*\\{([^{}]*)\\}");
    private static final Pattern UNBRACED = Pattern.compile("\\\\(hat|mathbf|boldsymbol|bm)\\s+([A-Za-z])");
    private static final Pattern COMMAND = Pattern.compile("\\\\([A-Za-z]+|[,;!|])");

    /**
     * The line with its escapes replaced. Lines without a backslash come back unchanged.
     *
     * @throws MatcalcException for an escape the table does not know, with a caret under it
     */
    public static String toUnicode(String line) {
        if (line.indexOf('\\') < 0 && line.indexOf('{') < 0) return line;
        String s = line;
        // superscripts first: x^\top, x^{\top}, A^{-1}, W^{(1)}
        s = s.replaceAll("\\^\\s*(\\{\\s*\\\\(top|intercal)\\s*\\}|\\\\(top|intercal)(?![A-Za-z])|\\{\\s*\\\\math(sf|rm)\\{T\\}\\s*\\})", "ᵀ");
        s = s.replaceAll("\\^\\{\\s*-\\s*1\\s*\\}", "⁻¹");
        s = s.replaceAll("\\^\\{\\s*\\(\\s*(\\d+)\\s*\\)\\s*\\}", "$1");
        s = s.replaceAll("\\^\\{\\\\circ\\s*([^{}]*)\\}", ".^$1");
        s = s.replaceAll("\\^\\{\\s*(-?[\\d.]+)\\s*\\}", "^$1");
        s = s.replace("\\log\\det", "logdet").replace("\\log \\det", "logdet");
        s = s.replace("\\|", "‖");
        s = s.replace("\\left|", "|").replace("\\right|", "|");
        s = s.replaceAll("\\\\frac\\s*\\{([^{}]*)\\}\\s*\\{([^{}]*)\\}", "($1)/($2)");
        // braced commands from the inside out: \hat{\mathbf{y}} → \hat{y} → ŷ
        for (int guard = 0; guard < 20; guard++) {
            String before = s;
            s = replaceBraced(s);
            s = replaceUnbraced(s);
            s = s.replaceAll("\\\\frac\\s*\\{([^{}]*)\\}\\s*\\{([^{}]*)\\}", "($1)/($2)");
            if (s.equals(before)) break;
        }
        s = replaceSymbols(line, s);
        // subscripts written the LaTeX way: W_{1} → W1
        s = s.replaceAll("_\\{(\\d+)\\}", "$1");
        return Normalizer.normalize(groups(s), Normalizer.Form.NFC);
    }

    private static final Pattern SIZED_BEFORE = Pattern.compile("(^|[^\\p{L}\\p{N}_])(I|K|ones|\uD835\uDFCF)_$");

    /** LaTeX's groups {…} are the language's parentheses, except after ^ (ℝ^{d×n} in a declaration). */
    private static String groups(String s) {
        StringBuilder out = new StringBuilder();
        java.util.Deque<Boolean> kept = new java.util.ArrayDeque<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                String before = s.substring(0, i).stripTrailing();
                // and the sizes of I_{m·n}, 𝟏_{m·n}, K_{m,n}, which the grammar reads with their braces
                boolean keep = before.endsWith("^") || SIZED_BEFORE.matcher(before).find();
                kept.push(keep);
                out.append(keep ? '{' : '(');
            } else if (c == '}' && !kept.isEmpty()) {
                out.append(kept.pop() ? '}' : ')');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String replaceBraced(String s) {
        Matcher m = BRACED.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String how = WITH_ARGUMENT.get(m.group(1));
            String arg = m.group(2).strip();
            String replacement;
            if (how == null) {
                replacement = m.group();   // left for replaceSymbols, which reports it if unknown
            } else if (how.equals("hat")) {
                replacement = arg + "\u0302";
            } else if (how.equals("bb")) {
                replacement = arg.equals("R") ? "ℝ" : arg.equals("1") ? "𝟏" : arg;
            } else if (m.group(1).equals("mathbf") && arg.equals("1")) {
                replacement = "𝟏";
            } else {
                replacement = how.replace("%s", arg);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replaceUnbraced(String s) {
        Matcher m = UNBRACED.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1).equals("hat") ? m.group(2) + "\u0302" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replaceSymbols(String original, String s) {
        Matcher m = COMMAND.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = SYMBOLS.get(name);
            if (replacement == null) {
                if (name.equals("|")) replacement = "‖";
                else throw unknown(original, "\\" + name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static MatcalcException unknown(String line, String escape) {
        Source src = new Source("input", line);
        int at = line.indexOf(escape);
        int start = at < 0 ? 0 : line.codePointCount(0, at);
        Span span = new Span(src, start, start + escape.codePointCount(0, escape.length()));
        List<String> known = new ArrayList<>();
        for (String k : SYMBOLS.keySet()) known.add("\\" + k);
        for (String k : WITH_ARGUMENT.keySet()) known.add("\\" + k);
        String near = Suggest.closest(escape, known).map(k -> ": did you mean " + k + "?").orElse("");
        return new MatcalcException(Diagnostic.at(span, "unknown LaTeX escape " + escape + near)
                .withNote("escapes: \\odot \\oslash \\top \\alpha … \\omega \\hat{y} \\mathbf{W} \\sigma \\times \\in \\mathbb{R}"));
    }
}
