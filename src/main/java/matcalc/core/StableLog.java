package matcalc.core;

/**
 * log(arg) in a form whose floating-point evaluation stays finite wherever the value is: softmax
 * rounds an entry to 0, σ to 0 or 1, and exp overflows, where these logs are finite (log σ(−800) is
 * −800). Both the evaluator and the generated code compute log through it:
 * log(softmax(z)) = z − 𝟏 logsumexp(z) (per column), log(σ(z)) = logsigmoid(z),
 * log(𝟏 − σ(z)) = logsigmoid(−z), log(𝟏 + exp(z)) = softplus(z), log(sum(exp(z))) = logsumexp(vec(z)).
 */
public final class StableLog {
    private StableLog() {}

    /** The stable form of log(arg), or null when log(arg) has none (evaluate log itself). */
    public static Expr of(Expr arg) {
        if (arg instanceof Expr.Apply a && a.fn() == Fn.SOFTMAX) {
            Expr z = a.arg();
            if (z.shape().isScalar()) return Exprs.zero(z.shape());
            return Exprs.sub(z, Exprs.mul(Exprs.ones(z.shape().rows()), Exprs.apply(Fn.LOGSUMEXP, z)));
        }
        if (arg instanceof Expr.Apply a && a.fn() == Fn.SIGMOID) return Exprs.apply(Fn.LOGSIGMOID, a.arg());
        if (arg instanceof Expr.Apply s && s.fn() == Fn.SUM && s.arg() instanceof Expr.Apply x && x.fn() == Fn.EXP) {
            Expr z = x.arg();
            if (z.shape().isScalar()) return z;
            return Exprs.apply(Fn.LOGSUMEXP, z.shape().cols().isOne() ? z : Exprs.apply(Fn.VEC, z));
        }
        if (!(arg instanceof Expr.Add add) || add.terms().size() != 2) return null;
        Expr a = add.terms().get(0);
        Expr b = add.terms().get(1);
        if (!isOne(a)) {
            Expr t = a;
            a = b;
            b = t;
        }
        if (!isOne(a)) return null;
        if (b instanceof Expr.Apply x && x.fn() == Fn.EXP) return Exprs.apply(Fn.SOFTPLUS, x.arg());
        if (b instanceof Expr.Mul m && m.coef() == -1 && m.children().size() == 1
                && m.children().get(0) instanceof Expr.Apply s && s.fn() == Fn.SIGMOID) {
            return Exprs.apply(Fn.LOGSIGMOID, Exprs.neg(s.arg()));
        }
        return null;
    }

    /** 𝟏 of a vector, 𝟏 𝟏ᵀ of a matrix, or the number 1. */
    private static boolean isOne(Expr e) {
        if (e instanceof Expr.Ones || Exprs.isNum(e, 1)) return true;
        return e instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                && m.chain().get(0) instanceof Expr.Ones && m.chain().get(1) instanceof Expr.Transpose t
                && t.arg() instanceof Expr.Ones;
    }
}
