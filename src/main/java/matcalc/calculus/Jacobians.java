package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.syntax.MatcalcException;

/**
 * Forward accumulation for a vector-valued f and a vector (or scalar) variable x: writes the
 * differential df, linear in ∂x, as J ∂x and returns the Jacobian J (m×n), factor by factor as the
 * slides chain them: d h(W x + b) = h'(·) ⊙ (W ∂x) gives diag(h'(·)) W. For a scalar x, J is
 * df at ∂x = 1.
 */
final class Jacobians {
    private final Expr.Var dx;
    private final Dependence linear;
    private final Map<Expr, Expr> memo = new HashMap<>();

    Jacobians(Expr.Var dx) {
        this.dx = dx;
        this.linear = new Dependence(Set.of(dx));
    }

    /** J with e = J ∂x; e must be a column vector or a scalar linear in ∂x. */
    Expr of(Expr e) {
        if (!linear.dependsOnVariables(e)) {
            return Exprs.zero(new matcalc.core.Shape(e.shape().rows(), dx.shape().rows()));
        }
        if (e.equals(dx)) {
            return dx.shape().isScalar() ? Exprs.num(1) : Exprs.identity(dx.shape().rows());
        }
        Expr done = memo.get(e);
        if (done != null) return done;
        // for a scalar x, e = J ∂x is linear in the scalar ∂x: J is e at ∂x = 1, whatever e's inside
        Expr j = dx.shape().isScalar() ? withUnitDx(e) : build(e);
        memo.put(e, j);
        return j;
    }

    private Expr build(Expr e) {
        if (!e.shape().cols().isOne()) throw tensor(e);
        if (e instanceof Expr.Transpose t) return of(column(t.arg()));
        if (e instanceof Expr.Add a) {
            List<Expr> terms = new ArrayList<>();
            for (Expr t : a.terms()) terms.add(of(t));
            return Exprs.add(terms);
        }
        if (e instanceof Expr.Mul m) return product(m);
        if (e instanceof Expr.Hadamard h) {
            List<Expr> others = new ArrayList<>(h.factors());
            Expr l = null;
            for (Expr f : h.factors()) {
                if (linear.dependsOnVariables(f)) {
                    if (l != null) throw tensor(e);
                    l = f;
                }
            }
            others.remove(l);
            return Exprs.mul(Exprs.apply(Fn.DIAG, Exprs.hadamard(others)), of(l));
        }
        if (e instanceof Expr.Apply a && a.fn() == Fn.SUM && a.arg().shape().cols().isOne()) {
            Expr arg = a.arg();
            return arg.shape().isScalar() ? of(arg) : Exprs.mul(Exprs.transpose(Exprs.ones(arg.shape().rows())), of(arg));
        }
        if (e instanceof Expr.Apply a && a.fn() == Fn.SUM && a.arg().shape().isRow()) {
            return of(Exprs.apply(Fn.SUM, column(a.arg())));
        }
        if (e instanceof Expr.Apply a && a.fn() == Fn.DIAG && a.arg().shape().isMatrix()) return of(diagonal(a.arg()));
        if (e instanceof Expr.Apply a && a.fn() == Fn.TR) return of(Exprs.apply(Fn.SUM, Exprs.apply(Fn.DIAG, a.arg())));
        if (e instanceof Expr.Apply a && a.fn() == Fn.SUM && a.arg().shape().isMatrix()) {
            // sum(M) = 𝟏ᵀ M 𝟏
            Expr m = a.arg();
            return of(Exprs.mul(Exprs.transpose(Exprs.ones(m.shape().rows())), m, Exprs.ones(m.shape().cols())));
        }
        throw tensor(e);
    }

    /**
     * Rᵀ for a row vector R that depends on ∂x, with the transpose moved in, so that the Jacobian
     * of the column can be read off: (c A B)ᵀ = c Bᵀ Aᵀ, and through the entrywise operations
     * (A + B)ᵀ = Aᵀ + Bᵀ, (A ⊙ B)ᵀ = Aᵀ ⊙ Bᵀ, h(A)ᵀ = h(Aᵀ), (A.^β)ᵀ = (Aᵀ).^β.
     */
    private Expr column(Expr row) {
        if (row instanceof Expr.Mul m) {
            List<Expr> reversed = new ArrayList<>();
            for (int i = m.chain().size() - 1; i >= 0; i--) reversed.add(Exprs.transpose(m.chain().get(i)));
            return Exprs.product(m.coef(), m.scalars(), reversed);
        }
        Expr out = transposed(row);
        if (out instanceof Expr.Transpose) throw tensor(out);
        return out;
    }

    /** eᵀ, pushed through transposes and entrywise operations (a plain transpose elsewhere). */
    private static Expr transposed(Expr e) {
        if (e.shape().isScalar()) return e;
        if (e instanceof Expr.Transpose t) return t.arg();
        if (e instanceof Expr.Add a) return Exprs.add(map(a.terms(), Jacobians::transposed));
        if (e instanceof Expr.Hadamard h) return Exprs.hadamard(map(h.factors(), Jacobians::transposed));
        if (e instanceof Expr.Power p) return Exprs.power(transposed(p.base()), p.exponent());
        if (e instanceof Expr.Mul m && m.chain().size() == 1) {
            return Exprs.product(m.coef(), m.scalars(), List.of(transposed(m.chain().get(0))));
        }
        if (e instanceof Expr.Apply a && a.fn().elementwise()) return Exprs.apply(a.fn(), transposed(a.arg()));
        if (e instanceof Expr.UserFn u && !Exprs.isDifferential(u)) {
            return Exprs.userFn(u.name(), u.primes(), transposed(u.arg()));
        }
        return Exprs.transpose(e);
    }

    /**
     * diag(M), the diagonal of a square M that depends on ∂x, as a column the Jacobian can be read
     * from: diag(A + B) = diag(A) + diag(B), diag(Aᵀ) = diag(A), diag(A ⊙ B) = diag(A) ⊙ diag(B),
     * diag(c M) = c diag(M), diag(P Q) = P ⊙ Qᵀ for a column P and a row Q,
     * diag(diag(v) M) = v ⊙ diag(M) = diag(M diag(v)), diag(L diag(v) R) = (L ⊙ Rᵀ) v,
     * diag(diag(v)) = v.
     */
    private Expr diagonal(Expr m) {
        if (m instanceof Expr.Add a) return Exprs.add(map(a.terms(), t -> Exprs.apply(Fn.DIAG, t)));
        if (m instanceof Expr.Transpose t) return Exprs.apply(Fn.DIAG, t.arg());
        if (m instanceof Expr.Hadamard h) return Exprs.hadamard(map(h.factors(), f -> Exprs.apply(Fn.DIAG, f)));
        if (m instanceof Expr.Apply a && a.fn() == Fn.DIAG) return a.arg();
        if (m instanceof Expr.Mul p) {
            List<Expr> chain = p.chain();
            Expr d;
            int outer = outerSplit(chain);
            int inner = -1;
            for (int k = 1; k + 1 < chain.size() && inner < 0; k++) if (isDiagOfVector(chain.get(k))) inner = k;
            if (chain.size() == 1) {
                d = Exprs.apply(Fn.DIAG, chain.get(0));
            } else if (outer >= 0) {
                // an outer product P Q of a column P and a row Q
                Expr left = Exprs.mul(chain.subList(0, outer + 1));
                d = Exprs.hadamard(left, transposed(Exprs.mul(chain.subList(outer + 1, chain.size()))));
            } else if (isDiagOfVector(chain.get(0))) {
                Expr rest = Exprs.mul(chain.subList(1, chain.size()));
                d = Exprs.hadamard(((Expr.Apply) chain.get(0)).arg(), Exprs.apply(Fn.DIAG, rest));
            } else if (isDiagOfVector(chain.get(chain.size() - 1))) {
                Expr rest = Exprs.mul(chain.subList(0, chain.size() - 1));
                d = Exprs.hadamard(Exprs.apply(Fn.DIAG, rest), ((Expr.Apply) chain.get(chain.size() - 1)).arg());
            } else if (inner > 0) {
                // diag(L diag(v) R) = (L ⊙ Rᵀ) v
                Expr l = Exprs.mul(chain.subList(0, inner));
                Expr r = Exprs.mul(chain.subList(inner + 1, chain.size()));
                d = Exprs.mul(Exprs.hadamard(l, Exprs.transpose(r)), ((Expr.Apply) chain.get(inner)).arg());
            } else {
                throw tensor(Exprs.apply(Fn.DIAG, m));
            }
            return Exprs.product(p.coef(), p.scalars(), List.of(d));
        }
        throw tensor(Exprs.apply(Fn.DIAG, m));
    }

    private static boolean isDiagOfVector(Expr e) {
        return e instanceof Expr.Apply a && a.fn() == Fn.DIAG && a.arg().shape().cols().isOne();
    }

    private static List<Expr> map(List<Expr> xs, java.util.function.UnaryOperator<Expr> f) {
        List<Expr> out = new ArrayList<>();
        for (Expr x : xs) out.add(f.apply(x));
        return out;
    }

    /** c S A L B with one varying factor L. */
    private Expr product(Expr.Mul m) {
        List<Expr> scalars = m.scalars();
        List<Expr> chain = m.chain();
        for (int i = 0; i < scalars.size(); i++) {
            if (!linear.dependsOnVariables(scalars.get(i))) continue;
            List<Expr> rest = new ArrayList<>(scalars);
            rest.remove(i);
            Expr others = Exprs.product(m.coef(), rest, chain);
            return Exprs.mul(others, of(scalars.get(i)));
        }
        for (int k = 0; k < chain.size(); k++) {
            Expr l = chain.get(k);
            if (!linear.dependsOnVariables(l)) continue;
            List<Expr> front = new ArrayList<>();
            front.add(Exprs.num(m.coef()));
            front.addAll(scalars);
            front.addAll(chain.subList(0, k));
            List<Expr> back = chain.subList(k + 1, chain.size());
            if (back.isEmpty()) return Exprs.mul(append(front, of(l)));
            Expr b = Exprs.mul(back);
            if (b.shape().isScalar() && l.shape().cols().isOne()) {
                return Exprs.mul(append(append(front, of(l)), b));
            }
            if (!b.shape().cols().isOne()) throw tensor(m);
            // L b with L a row (then L b = bᵀ Lᵀ) or a matrix that depends on x
            if (l.shape().isRow()) {
                return Exprs.mul(append(append(front, Exprs.transpose(b)), of(column(l))));
            }
            if (l instanceof Expr.Apply a && a.fn() == Fn.DIAG && a.arg().shape().cols().isOne()) {
                return Exprs.mul(append(append(front, Exprs.apply(Fn.DIAG, b)), of(a.arg())));
            }
            if (l instanceof Expr.Add sum) {
                List<Expr> terms = new ArrayList<>();
                for (Expr t : sum.terms()) {
                    if (linear.dependsOnVariables(t)) terms.add(of(Exprs.mul(append(append(front, t), b))));
                }
                return Exprs.add(terms);
            }
            Expr lb = matrixTimesColumn(l, b);
            if (lb != null) return of(Exprs.mul(append(front, lb)));
            throw tensor(m);
        }
        throw tensor(m);
    }

    /**
     * L b for a matrix L that depends on ∂x, rewritten so that ∂x sits in a vector, or null:
     * (Mᵀ) b with the transpose moved in, (c A B)ᵀ = c Bᵀ Aᵀ; (M ⊙ c u rᵀ) b = c u ⊙ (M (r ⊙ b));
     * (M ⊙ diag(w)) b = diag(M) ⊙ w ⊙ b; (M ⊙ c A) b = c (M ⊙ A) b; (M ⊙ (A + B)) b = (M ⊙ A) b + (M ⊙ B) b.
     */
    private Expr matrixTimesColumn(Expr l, Expr b) {
        if (l instanceof Expr.Transpose t) {
            Expr moved = t.arg() instanceof Expr.Mul p ? column(p) : transposed(t.arg());
            return moved instanceof Expr.Transpose ? null : Exprs.mul(moved, b);
        }
        if (l instanceof Expr.Hadamard h) {
            for (Expr factor : h.factors()) {
                List<Expr> others = new ArrayList<>(h.factors());
                others.remove(factor);
                Expr rest = Exprs.hadamard(others);
                // (u rᵀ)ᵀ = r uᵀ
                Expr f = factor instanceof Expr.Transpose t && t.arg() instanceof Expr.Mul p ? column(p) : factor;
                int split = f instanceof Expr.Mul p ? outerSplit(p.chain()) : -1;
                if (split >= 0) {
                    Expr.Mul p = (Expr.Mul) f;
                    Expr u = Exprs.product(p.coef(), p.scalars(), List.of(Exprs.mul(p.chain().subList(0, split + 1))));
                    Expr r = transposed(Exprs.mul(p.chain().subList(split + 1, p.chain().size())));
                    return Exprs.hadamard(u, Exprs.mul(rest, Exprs.hadamard(r, b)));
                }
                if (isDiagOfVector(f)) {
                    return Exprs.hadamard(List.of(Exprs.apply(Fn.DIAG, rest), ((Expr.Apply) f).arg(), b));
                }
                if (f instanceof Expr.Mul p && p.chain().size() == 1) {
                    // (c A) ⊙ M = c (A ⊙ M)
                    return Exprs.product(p.coef(), p.scalars(), List.of(Exprs.mul(Exprs.hadamard(p.chain().get(0), rest), b)));
                }
                if (f instanceof Expr.Add sum) {
                    // (A + B) ⊙ M = A ⊙ M + B ⊙ M
                    List<Expr> terms = new ArrayList<>();
                    for (Expr t : sum.terms()) terms.add(Exprs.mul(Exprs.hadamard(t, rest), b));
                    return Exprs.add(terms);
                }
            }
        }
        return null;
    }

    /** The index k where a matrix chain is an outer product (its first k + 1 factors a column), or -1. */
    private static int outerSplit(List<Expr> chain) {
        for (int k = 0; k + 1 < chain.size(); k++) if (chain.get(k).shape().cols().isOne()) return k;
        return -1;
    }

    /** e with ∂x = 1 (for a scalar x). */
    private Expr withUnitDx(Expr e) {
        if (e.equals(dx)) return Exprs.num(1);
        if (!linear.dependsOnVariables(e)) return e;
        Expr done = memo.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(withUnitDx(c));
        Expr out = Exprs.withChildren(e, kids);
        memo.put(e, out);
        return out;
    }

    private static List<Expr> append(List<Expr> list, Expr e) {
        List<Expr> out = new ArrayList<>(list);
        out.add(e);
        return out;
    }

    private static MatcalcException tensor(Expr e) {
        return MatcalcException.general("cannot write this Jacobian as a matrix: a matrix-valued intermediate"
                + " depends on the variable (at " + e + "); differentiate a scalar instead");
    }
}
