package matcalc.calculus;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;

/**
 * vec⁻¹: the m×n matrix M with vec(M) = g, for the adjoint of vec(X) in a reverse sweep (the gradient
 * with respect to X of f, given the gradient g with respect to vec(X)). Read off g where it is a vec
 * already: vec(M) is M, (B ⊗ A) vec(M) is A M Bᵀ (the Matrix Cookbook's vec(A M Bᵀ) read backwards),
 * (B ⊗ A)ᵀ vec(M) is Aᵀ M B, K_{m,n} vec(M) is Mᵀ (the commutation matrix), through sums and
 * scalar factors. Any other g is written
 * (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ g), which is M for every g of length m·n (Magnus and Neudecker), so the
 * result is always right, if not always short.
 */
final class Unvec {
    private Unvec() {}

    static Expr of(Expr g, Shape target) {
        Dim m = target.rows();
        Dim n = target.cols();
        if (g instanceof Expr.Apply a && a.fn() == Fn.VEC && a.arg().shape().equals(target)) return a.arg();
        if (g instanceof Expr.Transpose t && t.arg() instanceof Expr.Mul row) {
            // (c S L1 … Lk)ᵀ = c S Lkᵀ … L1ᵀ: the column the adjoint of vec(X)ᵀ arrives as
            List<Expr> factors = new ArrayList<>();
            factors.add(Exprs.num(row.coef()));
            factors.addAll(row.scalars());
            for (int i = row.chain().size() - 1; i >= 0; i--) factors.add(Exprs.transpose(row.chain().get(i)));
            Expr column = Exprs.mul(factors);
            if (!(column instanceof Expr.Transpose)) return of(column, target);
        }
        if (g instanceof Expr.Add sum) {
            List<Expr> terms = new ArrayList<>();
            for (Expr t : sum.terms()) terms.add(of(t, target));
            return Exprs.add(terms);
        }
        if (g instanceof Expr.Mul mul && !mul.chain().isEmpty()) {
            List<Expr> chain = mul.chain();
            Expr last = chain.get(chain.size() - 1);
            List<Expr> scale = new ArrayList<>();
            scale.add(Exprs.num(mul.coef()));
            scale.addAll(mul.scalars());
            if (chain.size() == 1) {
                Expr inner = of(last, target);
                scale.add(inner);
                return Exprs.mul(scale);
            }
            if (chain.size() == 2 && last instanceof Expr.Apply v && v.fn() == Fn.VEC
                    && chain.get(0) instanceof Expr.Commutation k && k.m().equals(v.arg().shape().rows())
                    && k.n().equals(v.arg().shape().cols()) && target.equals(v.arg().shape().transpose())) {
                // K_{m,n} vec(M) = vec(Mᵀ) for M m×n
                scale.add(Exprs.transpose(v.arg()));
                return Exprs.mul(scale);
            }
            if (chain.size() == 2 && last instanceof Expr.Apply v && v.fn() == Fn.VEC) {
                Expr op = chain.get(0);
                boolean transposed = op instanceof Expr.Transpose t && t.arg() instanceof Expr.Kron;
                Expr.Kron k = transposed ? (Expr.Kron) ((Expr.Transpose) op).arg()
                        : op instanceof Expr.Kron kk ? kk : null;
                Expr mat = v.arg();
                if (k != null && !(k.right() instanceof Expr.Kron)) {
                    // (B ⊗ A) vec(M) = vec(A M Bᵀ); (B ⊗ A)ᵀ vec(M) = (Bᵀ ⊗ Aᵀ) vec(M) = vec(Aᵀ M B)
                    Expr a = transposed ? Exprs.transpose(k.right()) : k.right();
                    Expr b = transposed ? Exprs.transpose(k.left()) : k.left();
                    boolean fits = a.shape().cols().equals(mat.shape().rows())
                            && b.shape().cols().equals(mat.shape().cols())
                            && a.shape().rows().equals(m) && b.shape().rows().equals(n);
                    if (fits) {
                        scale.add(Exprs.mul(a, mat, Exprs.transpose(b)));
                        return Exprs.mul(scale);
                    }
                }
            }
        }
        return general(g, m, n);
    }

    /** (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ g): M for any g = vec(M) of length m·n. */
    private static Expr general(Expr g, Dim m, Dim n) {
        Expr left = Exprs.kron(Exprs.transpose(Exprs.apply(Fn.VEC, Exprs.identity(n))), Exprs.identity(m));
        return Exprs.mul(left, Exprs.kron(Exprs.identity(n), g));
    }
}
