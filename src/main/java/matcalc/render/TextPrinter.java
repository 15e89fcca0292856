package matcalc.render;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
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
        return new Visit().go(e).text;
    }

    private record Out(String text, Prec prec) {}

    private String minus() {
        return ascii ? "-" : "−";
    }

    private final class Visit implements Expr.Visitor<Out> {
        Out go(Expr e) {
            return e.accept(this);
        }

        String at(Expr e, Prec min) {
            Out o = go(e);
            return o.prec.below(min) ? "(" + o.text + ")" : o.text;
        }

        @Override
        public Out var(Expr.Var e) {
            return new Out(ascii ? Names.toAscii(e.name()) : e.name(), Prec.ATOM);
        }

        @Override
        public Out num(Expr.Num e) {
            String s = Numbers.format(e.value());
            if (e.value() < 0) return new Out(minus() + s.substring(1), Prec.PRODUCT);
            return new Out(s, Prec.ATOM);
        }

        @Override
        public Out ones(Expr.Ones e) {
            return new Out(ascii ? "ones" : "𝟏", Prec.ATOM);
        }

        @Override
        public Out identity(Expr.Identity e) {
            return new Out("I", Prec.ATOM);
        }

        @Override
        public Out zero(Expr.Zero e) {
            return new Out("0", Prec.ATOM);
        }

        @Override
        public Out add(Expr.Add e) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.terms().size(); i++) {
                Expr t = e.terms().get(i);
                if (i > 0 && isNegative(t)) {
                    sb.append(' ').append(minus()).append(' ').append(at(Exprs.neg(t), Prec.HADAMARD));
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
                if (Exprs.isInverse(s)) divisors.add(at(((Expr.Power) s).base(), Prec.POSTFIX));
                else parts.add(at(s, Prec.POSTFIX));
            }
            for (Expr c : e.chain()) parts.add(at(c, Prec.POSTFIX));
            StringBuilder sb = new StringBuilder();
            double coef = e.coef();
            if (coef == -1 && !parts.isEmpty()) {
                sb.append(minus());
            } else if (coef != 1 || parts.isEmpty()) {
                String n = Numbers.format(coef);
                sb.append(coef < 0 ? minus() + n.substring(1) : n);
                if (!parts.isEmpty()) sb.append(' ');
            }
            sb.append(String.join(" ", parts));
            for (String d : divisors) sb.append(" / ").append(d);
            return new Out(sb.toString(), Prec.PRODUCT);
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
            return new Out(at(e.arg(), Prec.POSTFIX) + (ascii ? "'" : "ᵀ"), Prec.POSTFIX);
        }

        @Override
        public Out power(Expr.Power e) {
            String op = e.base().shape().isScalar() ? "^" : ".^";
            String ex;
            if (e.exponent() instanceof Expr.Num n) {
                ex = Numbers.format(n.value());
            } else {
                Out o = go(e.exponent());
                ex = o.prec == Prec.ATOM && !o.text.equals("T") ? o.text : "(" + o.text + ")";
            }
            return new Out(at(e.base(), Prec.ATOM) + op + ex, Prec.POSTFIX);
        }

        @Override
        public Out apply(Expr.Apply e) {
            Fn fn = e.fn();
            if (!ascii && fn == Fn.NORM) return new Out("‖" + go(e.arg()).text + "‖", Prec.ATOM);
            if (!ascii && fn == Fn.INV && go(e.arg()).prec == Prec.ATOM) {
                return new Out(go(e.arg()).text + "⁻¹", Prec.POSTFIX);
            }
            String name = !ascii && fn == Fn.SIGMOID ? "σ" : fn.fnName();
            return new Out(name + "(" + go(e.arg()).text + ")", Prec.ATOM);
        }

        @Override
        public Out userFn(Expr.UserFn e) {
            String name = ascii ? Names.toAscii(e.name()) : e.name();
            return new Out(name + "'".repeat(e.primes()) + "(" + go(e.arg()).text + ")", Prec.ATOM);
        }
    }

    /** A term that prints with a leading minus, so a sum shows it as " − t". */
    static boolean isNegative(Expr e) {
        return (e instanceof Expr.Mul m && m.coef() < 0) || (e instanceof Expr.Num n && n.value() < 0);
    }
}
