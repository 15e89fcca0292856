package matcalc.core;

import java.util.ArrayList;
import java.util.List;
import matcalc.syntax.Names;

/**
 * Prints core expressions as text, Unicode (ŷ, ⊙, ᵀ, 𝟏, −) or ASCII (y_hat, .*, ', ones, -), with
 * the fewest parentheses that still parse back to the same expression: parse(print(e)) = e.
 */
public final class TextPrinter {
    private final boolean ascii;

    private TextPrinter(boolean ascii) {
        this.ascii = ascii;
    }

    public static TextPrinter unicode() {
        return new TextPrinter(false);
    }

    public static TextPrinter ascii() {
        return new TextPrinter(true);
    }

    public String print(Expr e) {
        return new Visit(norms(e, new java.util.HashMap<>()) <= 1, FreeSizes.of(e)).go(e).text;
    }

    /**
     * How many norms the printed text of e holds, counting each place a shared sub-expression is
     * printed (up to 2: all that matters). With two or more, ‖…‖ is ambiguous to read back
     * (‖x‖ y + α ‖x‖ x, ‖U‖ γ ‖W‖ x could pair their bars either way), so they are all written norm(…).
     */
    private static int norms(Expr e, java.util.Map<Expr, Integer> memo) {
        Integer known = memo.get(e);
        if (known != null) return known;
        int n = e instanceof Expr.Apply a && a.fn().notation() == Fn.Notation.NORM_BARS ? 1 : 0;
        for (Expr c : e.children()) {
            if (n >= 2) break;
            n += norms(c, memo);
        }
        n = Math.min(n, 2);
        memo.put(e, n);
        return n;
    }

    private record Out(String text, Prec prec) {}

    private String minus() {
        return ascii ? "-" : "−";
    }

    private final class Visit implements Expr.Visitor<Out> {
        private final boolean bars;
        /** The 𝟏s and Is whose size the text would leave open: written 𝟏_n, I_n. */
        private final java.util.Set<Expr> sized;

        Visit(boolean bars, java.util.Set<Expr> sized) {
            this.bars = bars;
            this.sized = sized;
        }

        Out go(Expr e) {
            matcalc.syntax.Deadline.check();
            // f(g(h(…))) in one pass: printed level by level, each level copied all the text inside
            // it, which for deep nesting took time quadratic in the depth (and a stack frame per level)
            if (callName(e) == null) return e.accept(this);
            StringBuilder open = new StringBuilder();
            int depth = 0;
            Expr cur = e;
            for (String name = callName(cur); name != null; name = callName(cur)) {
                open.append(name).append('(');
                depth++;
                cur = cur.children().get(0);
            }
            open.append(cur.accept(this).text);
            for (int i = 0; i < depth; i++) open.append(')');
            return new Out(open.toString(), Prec.ATOM);
        }

        /** The name before the parenthesis when e prints as name(argument); null when it prints otherwise. */
        private String callName(Expr e) {
            if (e instanceof Expr.UserFn u) return name(u.name()) + "'".repeat(u.primes());
            if (!(e instanceof Expr.Apply a)) return null;
            Fn fn = a.fn();
            if (!ascii && bars && fn.notation() == Fn.Notation.NORM_BARS) return null;
            if (!ascii && fn.notation() == Fn.Notation.INVERSE) return null;
            return ascii ? fn.fnName() : fn.unicodeName();
        }

        String at(Expr e, Prec min) {
            Out o = go(e);
            return o.prec.below(min) ? "(" + o.text + ")" : o.text;
        }

        @Override
        public Out var(Expr.Var e) {
            String name = name(e.name());
            // the differential ∂X is named X (in rule files and ASCII, dX)
            if (e.kind() == Expr.Kind.DIFFERENTIAL) name = (ascii ? "d" : "∂") + name;
            return new Out(name, Prec.ATOM);
        }

        @Override
        public Out num(Expr.Num e) {
            long[] pq = Numbers.fraction(e.value());
            if (pq != null) {
                String p = Long.toString(Math.abs(pq[0]));
                return new Out((pq[0] < 0 ? minus() : "") + p + " / " + pq[1], Prec.PRODUCT);
            }
            String s = Numbers.format(e.value());
            if (e.value() < 0) return new Out(minus() + s.substring(1), Prec.PRODUCT);
            return new Out(s, Prec.ATOM);
        }

        @Override
        public Out ones(Expr.Ones e) {
            String size = sized.contains(e) ? subscript(e.shape().rows()) : "";
            return new Out((ascii ? "ones" : "𝟏") + size, Prec.ATOM);
        }

        @Override
        public Out identity(Expr.Identity e) {
            return new Out("I" + (sized.contains(e) ? subscript(e.shape().rows()) : ""), Prec.ATOM);
        }

        @Override
        public Out zero(Expr.Zero e) {
            return new Out("0", Prec.ATOM);
        }

        /** K_{m,n} (both sizes always written: they are what tells K_{m,n} from K_{n,m}). */
        @Override
        public Out commutation(Expr.Commutation e) {
            return new Out("K_{" + sizeText(e.m()) + "," + sizeText(e.n()) + "}", Prec.ATOM);
        }

        @Override
        public Out add(Expr.Add e) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.terms().size(); i++) {
                Expr t = e.terms().get(i);
                if (i > 0 && isNegative(t) && Exprs.neg(Exprs.neg(t)).equals(t)) {
                    sb.append(' ').append(minus()).append(' ').append(at(Exprs.neg(t), Prec.HADAMARD));
                } else if (i > 0 && isNegative(t)) {
                    // a − b means a + (−1) b, and (−1) b need not be t: −xᵀ y built as (−xᵀ) y keeps
                    // its chain, but −(xᵀ y) makes xᵀ y a scalar factor. Then keep t's own sign.
                    sb.append(" + (").append(go(t).text).append(')');
                } else {
                    if (i > 0) sb.append(" + ");
                    sb.append(at(t, Prec.HADAMARD));
                }
            }
            return new Out(sb.toString(), Prec.SUM);
        }

        @Override
        public Out mul(Expr.Mul e) {
            List<Factor> parts = new ArrayList<>();
            List<String> divisors = new ArrayList<>();
            double coef = e.coef();
            // x / 3, not 0.3333333333333333 x
            long[] pq = Numbers.fraction(coef);
            if (pq != null) {
                divisors.add(Long.toString(pq[1]));
                coef = pq[0];
            }
            for (Expr s : e.scalars()) {
                if (Exprs.isInverse(s)) divisors.add(at(((Expr.Power) s).base(), Prec.POSTFIX));
                else parts.add(new Factor(at(s, Prec.POSTFIX), s.shape()));
            }
            parts.addAll(chain(e.chain()));
            // a scalar-valued chain (xᵀ y) followed by "/ β" would become one scalar factor of the
            // quotient: the division goes before the chain's last factor instead, xᵀ / β y
            Factor last = null;
            if (!divisors.isEmpty() && e.shape().isScalar() && !e.chain().isEmpty()) {
                last = parts.remove(parts.size() - 1);
            }
            StringBuilder sb = new StringBuilder();
            if (coef == -1 && !parts.isEmpty()) {
                sb.append(minus());
            } else if (coef != 1 || parts.isEmpty()) {
                String n = Numbers.format(coef);
                sb.append(coef < 0 ? minus() + n.substring(1) : n);
                if (!parts.isEmpty()) sb.append(' ');
            }
            sb.append(juxtapose(parts));
            for (String d : divisors) sb.append(" / ").append(d);
            if (last != null) {
                // after "/ β", a parenthesis would make β (…) the divisor
                boolean call = endsWithName(sb.toString()) && last.text.startsWith("(");
                sb.append(call ? " * " : " ").append(last.text);
            }
            return new Out(sb.toString(), Prec.PRODUCT);
        }

        /**
         * The factors of a matrix chain. Products parse left to right and a scalar-valued product
         * such as xᵀ y becomes a scalar factor, so where a prefix of the chain would be a scalar
         * (xᵀ y in the row vector xᵀ y zᵀ) the rest of the chain is grouped: xᵀ (y zᵀ).
         */
        private List<Factor> chain(List<Expr> chain) {
            List<Factor> parts = new ArrayList<>();
            if (chain.isEmpty()) return parts;
            boolean rowStart = chain.get(0).shape().rows().isOne();
            for (int i = 0; i < chain.size(); i++) {
                Expr c = chain.get(i);
                boolean scalarPrefix = rowStart && c.shape().cols().isOne();
                if (i > 0 && scalarPrefix && i < chain.size() - 1) {
                    List<Expr> rest = chain.subList(i, chain.size());
                    Shape shape = new Shape(c.shape().rows(), rest.get(rest.size() - 1).shape().cols());
                    parts.add(new Factor("(" + juxtapose(chain(rest)) + ")", shape));
                    break;
                }
                parts.add(new Factor(at(c, Prec.POSTFIX), c.shape()));
            }
            return parts;
        }

        @Override
        public Out hadamard(Expr.Hadamard e) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.factors().size(); i++) {
                Expr f = e.factors().get(i);
                if (i > 0 && f instanceof Expr.Power p && Exprs.isNum(p.exponent(), -1)) {
                    sb.append(ascii ? " ./ " : " ⊘ ").append(at(p.base(), Prec.POSTFIX));
                    continue;
                }
                if (i > 0) sb.append(ascii ? " .* " : " ⊙ ");
                sb.append(i > 0 && isNegative(f) ? "(" + go(f).text + ")" : at(f, Prec.PRODUCT));
            }
            return new Out(sb.toString(), Prec.HADAMARD);
        }

        @Override
        public Out transpose(Expr.Transpose e) {
            // (x.^-2)ᵀ, not x.^-2ᵀ, which reads as if the exponent were transposed
            String arg = e.arg() instanceof Expr.Power ? "(" + go(e.arg()).text + ")" : at(e.arg(), Prec.POSTFIX);
            return new Out(arg + (ascii ? "'" : "ᵀ"), Prec.POSTFIX);
        }

        @Override
        public Out power(Expr.Power e) {
            String op = e.base().shape().isScalar() ? "^" : ".^";
            String ex;
            if (e.exponent() instanceof Expr.Num n) {
                ex = Numbers.format(n.value());
            } else {
                // the grammar takes a bare name as an exponent, but not a call or ‖x‖; ^T is a transpose
                String o = go(e.exponent()).text;
                ex = e.exponent() instanceof Expr.Var && !o.equals("T") ? o : "(" + o + ")";
            }
            return new Out(at(e.base(), Prec.ATOM) + op + ex, Prec.POSTFIX);
        }

        @Override
        public Out apply(Expr.Apply e) {
            Fn fn = e.fn();
            if (!ascii && bars && fn.notation() == Fn.Notation.NORM_BARS) {
                return new Out("‖" + go(e.arg()).text + "‖", Prec.ATOM);
            }
            Out arg = go(e.arg());   // once: inv(inv(…)) asked for it twice, 2^depth times in all
            if (!ascii && fn.notation() == Fn.Notation.INVERSE && arg.prec == Prec.ATOM) {
                return new Out(arg.text + "⁻¹", Prec.POSTFIX);
            }
            String name = ascii ? fn.fnName() : fn.unicodeName();
            return new Out(name + "(" + arg.text + ")", Prec.ATOM);
        }

        @Override
        public Out userFn(Expr.UserFn e) {
            return new Out(callName(e) + "(" + go(e.arg()).text + ")", Prec.ATOM);
        }

        /** A ⊗ B (right-nested chains print flat: the product is associative); ASCII kron(A, B). */
        @Override
        public Out kron(Expr.Kron e) {
            if (ascii) return new Out(Fn.KRON + "(" + go(e.left()).text + ", " + go(e.right()).text + ")", Prec.ATOM);
            String left = e.left() instanceof Expr.Kron ? "(" + go(e.left()).text + ")" : at(e.left(), Prec.PRODUCT);
            String right = isNegative(e.right()) ? "(" + go(e.right()).text + ")" : at(e.right(), Prec.KRON);
            return new Out(left + " ⊗ " + right, Prec.KRON);
        }
    }

    /** A factor of a product, printed, with its shape. */
    private record Factor(String text, Shape shape) {}

    /**
     * Factors side by side. A name just before a parenthesis reads as a product with it, taken
     * first (W (x + b), x' (y + z)): that is harmless unless postfix operators follow the
     * parenthesis, as in x (y + z)ᵀ, where they would apply to the whole product, or the two make
     * a scalar, as in x' (y + z), which would turn into a scalar factor. There the factors are
     * joined with an explicit *.
     */
    private static String juxtapose(List<Factor> parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Factor p = parts.get(i);
            if (i > 0) {
                Factor prev = parts.get(i - 1);
                boolean call = endsWithName(prev.text) && p.text.startsWith("(");
                boolean scalar = !prev.shape.isScalar() && prev.shape.rows().isOne() && p.shape.cols().isOne();
                sb.append(call && (postfixAfterParen(p.text) || scalar) ? " * " : " ");
            }
            sb.append(p.text);
        }
        return sb.toString();
    }

    /** The grammar's LETTER and IDCHAR: a name (with ASCII primes) at the end of a text. */
    private static final String LETTER = "a-zA-Z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5";
    private static final java.util.regex.Pattern NAME_AT_END = java.util.regex.Pattern.compile(
            "(^|[^" + LETTER + "0-9_\u0300-\u036F])[" + LETTER + "][" + LETTER + "0-9_\u0300-\u036F]*'*$");

    private static boolean endsWithName(String text) {
        return NAME_AT_END.matcher(text).find();
    }

    private static final java.util.regex.Pattern SIMPLE_NAME = java.util.regex.Pattern.compile(
            "[" + LETTER + "][" + LETTER + "0-9_\u0300-\u036F]*");

    /** The size of a 𝟏 or I as the grammar's SIZED token reads it: _n, _3, _{m·n} (_{m*n} in ASCII). */
    private String subscript(Dim d) {
        if (d instanceof Dim.Lit l) return "_" + l.size();
        String text = d instanceof Dim.Sym s ? name(s.name()) : ascii ? d.ascii() : d.toString();
        return d instanceof Dim.Sym && SIMPLE_NAME.matcher(text).matches() ? "_" + text : "_{" + text + "}";
    }

    /** A size as the grammar reads it inside K_{…}: n, 3, m·n (m*n in ASCII). */
    private String sizeText(Dim d) {
        if (d instanceof Dim.Lit l) return Integer.toString(l.size());
        return d instanceof Dim.Sym s ? name(s.name()) : ascii ? d.ascii() : d.toString();
    }

    /** "(…)" followed by more text, like (y + z)ᵀ or (x + y).^2. */
    private static boolean postfixAfterParen(String text) {
        if (!text.startsWith("(")) return false;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i < text.length() - 1;
        }
        return false;
    }

    /** The printer for ASCII or for Unicode. */
    public static TextPrinter of(boolean ascii) {
        return ascii ? ascii() : unicode();
    }

    /** A name in this printer's notation: α, or alpha in ASCII. */
    public String name(String name) {
        return ascii ? Names.toAscii(name) : name;
    }

    /**
     * The words around a result in this printer's notation; in ASCII ∂ as d (∂² as d^2), × as " x ",
     * · as *, δ and Δ as delta and Delta, Σ as sum, ᵀ as ', − as -, — as --.
     */
    public String words(String words) {
        if (!ascii) return words;
        return words.replace("∂²", "d^2").replace("∂", "d").replace("×", " x ").replace("·", "*").replace("δ", "delta")
                .replace("Δ", "Delta").replace("Σ", "sum").replace("ᵀ", "'").replace("—", "--").replace("−", "-");
    }

    /** A term that prints with a leading minus, so a sum shows it as " − t". */
    public static boolean isNegative(Expr e) {
        return (e instanceof Expr.Mul m && m.coef() < 0) || (e instanceof Expr.Num n && n.value() < 0);
    }
}
