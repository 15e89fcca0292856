package matcalc.render;

import matcalc.core.Numbers;
import matcalc.core.Prec;
import matcalc.core.TextPrinter;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.syntax.Names;

/**
 * Prints core expressions as LaTeX in the slides' conventions: bold lowercase vectors and bold
 * uppercase matrices (\mathbf{W}), \hat{\mathbf{y}}, ^\top, \odot, \operatorname{softmax}; a name's
 * trailing digits become a layer index, W1 → \mathbf{W}^{(1)}.
 */
public final class LatexPrinter {

    private static final Map<String, String> UPPER_GREEK_AS_LATIN = Map.ofEntries(
            Map.entry("Alpha", "A"), Map.entry("Beta", "B"), Map.entry("Epsilon", "E"), Map.entry("Zeta", "Z"),
            Map.entry("Eta", "H"), Map.entry("Iota", "I"), Map.entry("Kappa", "K"), Map.entry("Mu", "M"),
            Map.entry("Nu", "N"), Map.entry("Omicron", "O"), Map.entry("Rho", "P"), Map.entry("Tau", "T"),
            Map.entry("Chi", "X"));

    public String print(Expr e) {
        return new Visit(matcalc.core.FreeSizes.of(e)).go(e).text;
    }

    /** The LaTeX for a variable name of the given shape: ŷ → \hat{\mathbf{y}}, α → \alpha. */
    public static String name(String name, Shape shape) {
        String nfd = Normalizer.normalize(name, Normalizer.Form.NFD);
        boolean hat = nfd.indexOf('\u0302') >= 0;
        String plain = nfd.replaceAll("\\p{M}", "");
        int i = plain.length();
        while (i > 0 && Character.isDigit(plain.charAt(i - 1))) i--;
        String digits = plain.substring(i);
        String base = plain.substring(0, i);
        String index = null;
        int us = base.indexOf('_');
        if (us > 0) {
            index = base.substring(us + 1);
            base = base.substring(0, us);
        }
        String letter;
        int first = base.codePointAt(0);
        boolean greekCommand = false;
        if (Names.isGreek(first) && base.codePointCount(0, base.length()) == 1) {
            String ascii = Names.toAscii(base);
            greekCommand = !UPPER_GREEK_AS_LATIN.containsKey(ascii) && !ascii.equals("omicron");
            letter = UPPER_GREEK_AS_LATIN.getOrDefault(ascii, "\\" + ascii);
            if (ascii.equals("omicron")) letter = "o";
        } else {
            letter = base;
        }
        boolean bold = !shape.isScalar();
        boolean word = base.codePointCount(0, base.length()) > 1;
        String out;
        if (bold) {
            // \mathbf is upright bold; Greek commands need \boldsymbol (\mathbf{\alpha} is not bold)
            out = greekCommand ? "\\boldsymbol{" + letter + "}" : "\\mathbf{" + letter + "}";
        } else {
            out = word ? "\\mathrm{" + letter + "}" : letter;
        }
        if (hat) out = "\\hat{" + out + "}";
        if (index != null) out += "_{" + index + "}";
        if (!digits.isEmpty()) out += bold ? "^{(" + digits + ")}" : "_{" + digits + "}";
        return out;
    }

    /** A number in LaTeX: 2, 0.5, 1e-5 as 10^{-5} and 2.5e10 as 2.5 \cdot 10^{10} (never the e-notation). */
    static String number(double v) {
        String s = Numbers.format(v);
        int e = s.indexOf('e');
        if (e < 0) return s;
        String mantissa = s.substring(0, e);
        String power = "10^{" + s.substring(e + 1) + "}";
        if (mantissa.equals("1")) return power;
        if (mantissa.equals("-1")) return "-" + power;
        return mantissa + " \\cdot " + power;
    }

    private record Out(String text, Prec prec, boolean hasSuperscript) {
        Out(String text, Prec prec) {
            this(text, prec, false);
        }
    }

    private static final class Visit implements Expr.Visitor<Out> {
        /** The 𝟏s and Is whose size nothing else in the formula fixes: written with it, \mathbf{1}_{n}. */
        private final java.util.Set<Expr> sized;

        Visit(java.util.Set<Expr> sized) {
            this.sized = sized;
        }

        /** _{n}, _{3}, _{m \cdot n} for a sized 𝟏 or I, else nothing. */
        String size(Expr e) {
            if (!sized.contains(e)) return "";
            return "_{" + String.join(" \\cdot ", e.shape().rows().factors().stream().map(Object::toString).toList()) + "}";
        }

        Out go(Expr e) {
            matcalc.syntax.Deadline.check();
            // f(g(h(…))) in one pass: printed level by level, each level copied all the text inside
            // it, which for deep nesting took time quadratic in the depth (and a stack frame per level)
            if (wraps(e) == null) return e.accept(this);
            StringBuilder open = new StringBuilder();
            java.util.ArrayDeque<String> close = new java.util.ArrayDeque<>();
            Expr cur = e;
            for (String[] w = wraps(cur); w != null; w = wraps(cur)) {
                open.append(w[0]);
                close.push(w[1]);
                cur = cur.children().get(0);
            }
            open.append(cur.accept(this).text);
            while (!close.isEmpty()) open.append(close.pop());
            return new Out(open.toString(), Prec.ATOM);
        }

        /** The text before and after the argument of a call written around it (f(…), √…, |…|, ‖…‖); null for others. */
        private static String[] wraps(Expr e) {
            if (e instanceof Expr.UserFn u) {
                return new String[] {name(u.name(), matcalc.core.Shape.SCALAR) + "'".repeat(u.primes()) + "\\left(", "\\right)"};
            }
            if (!(e instanceof Expr.Apply a)) return null;
            return switch (a.fn().notation()) {
                case ROOT -> new String[] {"\\sqrt{", "}"};
                case BARS -> new String[] {"\\left|", "\\right|"};
                case NORM_BARS -> new String[] {"\\left\\|", "\\right\\|"};
                case INVERSE -> null;
                case CALL -> new String[] {a.fn().latex() + "\\left(", "\\right)"};
            };
        }

        String at(Expr e, Prec min) {
            Out o = go(e);
            return o.prec.below(min) ? "\\left(" + o.text + "\\right)" : o.text;
        }

        /** For a base that gets a superscript: wrap names that already carry one (W^{(1)}). */
        String base(Expr e, Prec min) {
            Out o = go(e);
            if (o.prec.below(min)) return "\\left(" + o.text + "\\right)";
            return o.hasSuperscript ? "{" + o.text + "}" : o.text;
        }

        @Override
        public Out var(Expr.Var e) {
            String s = name(e.name(), e.shape());
            if (e.kind() == Expr.Kind.DIFFERENTIAL) s = "\\mathrm{d}" + s;   // the differential ∂X is named X
            return new Out(s, Prec.ATOM, s.contains("^{"));
        }

        @Override
        public Out num(Expr.Num e) {
            long[] pq = Numbers.fraction(e.value());
            if (pq != null) {
                String frac = "\\frac{" + Math.abs(pq[0]) + "}{" + pq[1] + "}";
                return pq[0] < 0 ? new Out("-" + frac, Prec.PRODUCT) : new Out(frac, Prec.ATOM);
            }
            String s = number(e.value());
            Prec prec = e.value() < 0 || s.contains("\\cdot") ? Prec.PRODUCT : Prec.ATOM;
            return new Out(s, prec, s.contains("^"));
        }

        @Override
        public Out ones(Expr.Ones e) {
            return new Out("\\mathbf{1}" + size(e), Prec.ATOM);
        }

        @Override
        public Out identity(Expr.Identity e) {
            return new Out("\\mathbf{I}" + size(e), Prec.ATOM);
        }

        @Override
        public Out zero(Expr.Zero e) {
            return new Out("\\mathbf{0}", Prec.ATOM);
        }

        @Override
        public Out commutation(Expr.Commutation e) {
            return new Out("\\mathbf{K}_{" + latexSize(e.m()) + "," + latexSize(e.n()) + "}", Prec.ATOM);
        }

        /** m, 3, m \cdot n. */
        private static String latexSize(matcalc.core.Dim d) {
            return String.join(" \\cdot ", d.factors().stream().map(Object::toString).toList());
        }

        @Override
        public Out add(Expr.Add e) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.terms().size(); i++) {
                Expr t = e.terms().get(i);
                if (i > 0 && TextPrinter.isNegative(t)) {
                    sb.append(" - ").append(at(Exprs.neg(t), Prec.HADAMARD));
                } else {
                    if (i > 0) sb.append(" + ");
                    sb.append(at(t, Prec.HADAMARD));
                }
            }
            return new Out(sb.toString(), Prec.SUM);
        }

        @Override
        public Out mul(Expr.Mul e) {
            List<String> parts = new ArrayList<>();
            List<String> divisors = new ArrayList<>();
            for (Expr s : e.scalars()) {
                if (Exprs.isInverse(s)) divisors.add(go(((Expr.Power) s).base()).text);
                else parts.add(at(s, Prec.POSTFIX));
            }
            for (Expr c : e.chain()) parts.add(at(c, Prec.POSTFIX));
            String body = String.join(" ", parts);
            double coef = e.coef();
            long[] pq = Numbers.fraction(coef);
            if (pq != null) {
                divisors.add(0, Long.toString(pq[1]));
                coef = pq[0];
            }
            String sign = coef < 0 ? "-" : "";
            double mag = Math.abs(coef);
            String num = mag == 1 ? "" : number(mag);
            if (!divisors.isEmpty()) {
                String numerator = (num + " " + body).strip();
                if (numerator.isEmpty()) numerator = "1";
                return new Out(sign + "\\frac{" + numerator + "}{" + String.join(" ", divisors) + "}", Prec.PRODUCT);
            }
            if (body.isEmpty()) body = num.isEmpty() ? "1" : num;
            else if (!num.isEmpty()) body = num + " " + body;
            return new Out(sign + body, Prec.PRODUCT);
        }

        @Override
        public Out hadamard(Expr.Hadamard e) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.factors().size(); i++) {
                Expr f = e.factors().get(i);
                if (i > 0 && f instanceof Expr.Power p && Exprs.isNum(p.exponent(), -1)) {
                    sb.append(" \\oslash ").append(at(p.base(), Prec.POSTFIX));
                    continue;
                }
                if (i > 0) sb.append(" \\odot ");
                sb.append(i > 0 && TextPrinter.isNegative(f) ? "\\left(" + go(f).text + "\\right)" : at(f, Prec.PRODUCT));
            }
            return new Out(sb.toString(), Prec.HADAMARD);
        }

        @Override
        public Out transpose(Expr.Transpose e) {
            return new Out(base(e.arg(), Prec.ATOM) + "^\\top", Prec.POSTFIX, true);
        }

        @Override
        public Out power(Expr.Power e) {
            String ex = e.exponent() instanceof Expr.Num n ? number(n.value()) : go(e.exponent()).text;
            String op = e.base().shape().isScalar() ? "" : "\\circ ";
            return new Out(base(e.base(), Prec.ATOM) + "^{" + op + ex + "}", Prec.POSTFIX, true);
        }

        @Override
        public Out apply(Expr.Apply e) {
            String[] w = wraps(e);
            if (w == null) return new Out(base(e.arg(), Prec.ATOM) + "^{-1}", Prec.POSTFIX, true);   // INVERSE
            return new Out(w[0] + go(e.arg()).text + w[1], Prec.ATOM);
        }

        @Override
        public Out userFn(Expr.UserFn e) {
            String[] w = wraps(e);
            return new Out(w[0] + go(e.arg()).text + w[1], Prec.ATOM);
        }

        @Override
        public Out kron(Expr.Kron e) {
            String left = e.left() instanceof Expr.Kron ? "\\left(" + go(e.left()).text + "\\right)" : at(e.left(), Prec.PRODUCT);
            String right = TextPrinter.isNegative(e.right()) ? "\\left(" + go(e.right()).text + "\\right)"
                    : at(e.right(), Prec.KRON);
            return new Out(left + " \\otimes " + right, Prec.KRON);
        }
    }
}
