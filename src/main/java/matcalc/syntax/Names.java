package matcalc.syntax;

import java.text.Normalizer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical spelling of names. The Unicode form is canonical; ASCII spellings are aliases:
 * alpha → α, y_hat → ŷ, W₁ → W1. {@link #toAscii} goes back for ASCII output.
 */
public final class Names {
    private Names() {}

    private static final String[] GREEK_NAMES = {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"
    };
    private static final String GREEK_LETTERS = "αβγδεζηθικλμνξοπρστυφχψω";
    private static final Map<String, String> ASCII_TO_GREEK = new TreeMap<>();
    private static final Map<String, String> GREEK_TO_ASCII = new TreeMap<>();

    static {
        for (int i = 0; i < GREEK_NAMES.length; i++) {
            String letter = String.valueOf(GREEK_LETTERS.charAt(i));
            ASCII_TO_GREEK.put(GREEK_NAMES[i], letter);
            GREEK_TO_ASCII.put(letter, GREEK_NAMES[i]);
            String upper = letter.toUpperCase();
            String upperName = Character.toUpperCase(GREEK_NAMES[i].charAt(0)) + GREEK_NAMES[i].substring(1);
            ASCII_TO_GREEK.put(upperName, upper);
            GREEK_TO_ASCII.put(upper, upperName);
        }
    }

    /** The canonical form of a name as typed. */
    public static String canonical(String raw) {
        StringBuilder sb = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            if (cp >= 0x2080 && cp <= 0x2089) sb.append((char) ('0' + (cp - 0x2080)));
            else sb.appendCodePoint(cp);
        });
        String s = sb.toString();
        if (s.endsWith("_hat") && s.length() > 4) s = s.substring(0, s.length() - 4) + "\u0302";
        String base = s;
        String suffix = "";
        int i = base.length();
        while (i > 0 && (Character.isDigit(base.charAt(i - 1)) || base.charAt(i - 1) == '_')) i--;
        suffix = base.substring(i);
        base = base.substring(0, i);
        String greek = ASCII_TO_GREEK.get(base);
        if (greek != null) s = greek + suffix;
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** The ASCII spelling: α → alpha, ŷ → y_hat. */
    public static String toAscii(String name) {
        String d = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        boolean hat = false;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '\u0302') {
                hat = true;
                continue;
            }
            String g = GREEK_TO_ASCII.get(String.valueOf(c));
            if (g != null) {
                out.append(g);
                // keep a following digit readable: alpha1
            } else {
                out.append(c);
            }
        }
        if (hat) out.append("_hat");
        return out.toString();
    }

    /** The first letter of the name with marks removed, to decide its default kind. */
    public static int baseLetter(String name) {
        String d = Normalizer.normalize(name, Normalizer.Form.NFD);
        return d.codePointAt(0);
    }

    public static boolean isGreek(int cp) {
        return (cp >= 0x0391 && cp <= 0x03A9) || (cp >= 0x03B1 && cp <= 0x03C9) || cp == 0x03D1 || cp == 0x03D5
                || cp == 0x03F5;
    }

    /** The name without combining marks ("ŷ" → "y"), for LaTeX \hat{}. */
    public static boolean hasHat(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).indexOf('\u0302') >= 0;
    }

    public static String withoutHat(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replace("\u0302", "");
    }
}
