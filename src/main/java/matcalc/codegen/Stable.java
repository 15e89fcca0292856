package matcalc.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;

/**
 * Rewrites an expression into forms whose floating-point evaluation stays finite where the value
 * is, before it is lowered (the same identities the evaluator uses, {@code numeric.Functions}):
 * log(softmax(z)) as z − 𝟏 logsumexp(z) per column; log(σ(z)) as logsigmoid(z); log(𝟏 − σ(z)) as
 * logsigmoid(−z); log(𝟏 + exp(z)) as softplus(z); log(sum(exp(z))) as logsumexp(vec(z)). The
 * emitters compute softmax and logsumexp with a max shift, softplus and logsigmoid through
 * logaddexp, and logdet through slogdet. Memoised over the DAG, so equal sub-expressions stay equal.
 */
final class Stable {
    private final Map<Expr, Expr> memo = new HashMap<>();

    Expr rewrite(Expr e) {
        Expr done = memo.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(rewrite(c));
        Expr out = Exprs.withChildren(e, kids);
        if (out instanceof Expr.Apply log && log.fn() == Fn.LOG) {
            Expr fused = logOf(log.arg());
            if (fused != null) out = fused;
        }
        memo.put(e, out);
        return out;
    }

    /** log(arg) in a stable form, or null to keep log. */
    private static Expr logOf(Expr arg) {
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
        if (arg instanceof Expr.Add add && add.terms().size() == 2) {
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
        }
        return null;
    }

    /** 𝟏 of a vector or the number 1; a matrix of ones is 𝟏 𝟏ᵀ, a product. */
    private static boolean isOne(Expr e) {
        if (e instanceof Expr.Ones || Exprs.isNum(e, 1)) return true;
        return e instanceof Expr.Mul m && m.coef() == 1 && m.scalars().isEmpty() && m.chain().size() == 2
                && m.chain().get(0) instanceof Expr.Ones && m.chain().get(1) instanceof Expr.Transpose t
                && t.arg() instanceof Expr.Ones;
    }
}
