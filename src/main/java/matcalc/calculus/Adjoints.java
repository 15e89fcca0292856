package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.syntax.MatcalcException;

/**
 * Reverse accumulation (back-propagation) over a differential: given df, linear in the
 * differentials ∂X, and the adjoint of f (1 for a scalar f), it pushes adjoints down the linear
 * operations (sums, products with one varying factor, ⊙, ᵀ, sum, diag, tr) to every ∂X. The
 * adjoint of a node is the gradient of f with respect to it, a matrix of the node's shape, so
 * ∂f/∂W comes out d×n and, for W x, as δᵀ xᵀ. Each node's adjoint is built once and shared by
 * everything below it: the gradients of a K-layer network share their δ's and grow linearly in K.
 */
final class Adjoints {
    private final Dependence linear;
    private final Map<Expr, List<Expr>> contributions = new HashMap<>();

    Adjoints(Set<Expr.Var> differentials) {
        this.linear = new Dependence(differentials);
    }

    /** The adjoint of each ∂X, by ∂X; variables that df does not reach are absent. */
    Map<Expr.Var, Expr> run(Expr df, Expr seed) {
        List<Expr> order = new ArrayList<>();
        topological(df, new HashSet<>(), order);
        contributions.put(df, new ArrayList<>(List.of(seed)));
        Map<Expr.Var, Expr> out = new LinkedHashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            matcalc.syntax.Deadline.check("differentiating");
            Expr n = order.get(i);
            List<Expr> parts = contributions.remove(n);
            if (parts == null) continue;
            Expr g = Exprs.add(parts);
            if (n instanceof Expr.Var v) {
                out.put(v, g);
            } else {
                push(n, g);
            }
        }
        return out;
    }

    private void topological(Expr e, Set<Expr> seen, List<Expr> order) {
        matcalc.syntax.Deadline.check("differentiating");
        if (!linear.dependsOnVariables(e) || !seen.add(e)) return;
        for (Expr c : e.children()) topological(c, seen, order);
        order.add(e);
    }

    private void give(Expr node, Expr adjoint) {
        contributions.computeIfAbsent(node, k -> new ArrayList<>()).add(adjoint);
    }

    private void push(Expr n, Expr g) {
        if (n instanceof Expr.Add a) {
            for (Expr t : a.terms()) if (linear.dependsOnVariables(t)) give(t, g);
        } else if (n instanceof Expr.Mul m) {
            product(m, g);
        } else if (n instanceof Expr.Hadamard h) {
            int k = onlyVarying(h.factors(), n);
            List<Expr> others = new ArrayList<>(h.factors());
            Expr l = others.remove(k);
            others.add(0, g);
            give(l, Exprs.hadamard(others));
        } else if (n instanceof Expr.Transpose t) {
            give(t.arg(), Exprs.transpose(g));
        } else if (n instanceof Expr.Apply a) {
            apply(a, g);
        } else if (n instanceof Expr.Kron k) {
            kron(k, g);
        } else {
            throw notLinear(n);
        }
    }

    private void product(Expr.Mul m, Expr g) {
        onlyVarying(m.children(), m);
        Dependence.ScalarSplit split = linear.varyingScalar(m);
        if (split != null) {
            give(split.factor(), inner(g, split.rest()));
            return;
        }
        List<Expr> scalars = m.scalars();
        List<Expr> chain = m.chain();
        for (int k = 0; k < chain.size(); k++) {
            if (!linear.dependsOnVariables(chain.get(k))) continue;
            List<Expr> factors = new ArrayList<>();
            factors.add(Exprs.num(m.coef()));
            factors.addAll(scalars);
            // (A L B)ᵀ-style adjoint: Aᵀ G Bᵀ, with (A1 A2)ᵀ written A2ᵀ A1ᵀ
            for (int i = k - 1; i >= 0; i--) factors.add(Exprs.transpose(chain.get(i)));
            factors.add(g);
            for (int i = chain.size() - 1; i > k; i--) factors.add(Exprs.transpose(chain.get(i)));
            give(chain.get(k), Exprs.mul(factors));
            return;
        }
        throw notLinear(m);
    }

    /** ⟨G, R⟩ = sum(G ⊙ R), written as a product where the shapes allow. */
    private static Expr inner(Expr g, Expr rest) {
        Shape s = rest.shape();
        if (s.isScalar()) return Exprs.mul(g, rest);
        if (s.cols().isOne()) return Exprs.mul(Exprs.transpose(g), rest);
        return Exprs.apply(Fn.SUM, Exprs.hadamard(g, rest));
    }

    private void apply(Expr.Apply a, Expr g) {
        Expr arg = a.arg();
        Shape s = arg.shape();
        switch (a.fn()) {
            case SUM -> {
                if (s.isScalar()) give(arg, g);
                else if (s.cols().isOne()) give(arg, Exprs.mul(g, Exprs.ones(s.rows())));
                else give(arg, Exprs.mul(g, Exprs.ones(s.rows()), Exprs.transpose(Exprs.ones(s.cols()))));
            }
            case DIAG -> give(arg, Exprs.apply(Fn.DIAG, g));
            case TR -> give(arg, Exprs.mul(g, Exprs.identity(s.rows())));
            case VEC -> give(arg, Unvec.of(g, s));
            default -> throw notLinear(a);
        }
    }

    /**
     * a ⊗ b of two column vectors, one varying: a ⊗ b = (I ⊗ b) a = (a ⊗ I) b, pushed as that product.
     * Otherwise, for a matrix V inside ⊗, {@link #rightAdjoint} for A ⊗ V, and for V ⊗ B the same
     * after the commutation matrix swaps the sides: V ⊗ B = K_{m,p} (B ⊗ V) K_{q,n} for V m×n and
     * B p×q (Magnus and Neudecker), so the adjoint of B ⊗ V is K_{p,m} G K_{n,q}.
     */
    private void kron(Expr.Kron k, Expr g) {
        int varying = onlyVarying(k.children(), k);
        Expr a = k.left();
        Expr b = k.right();
        if (!a.shape().cols().isOne() || !b.shape().cols().isOne()) {
            if (varying == 1) give(b, rightAdjoint(a, g, b.shape()));
            else give(a, leftAdjoint(b, g, a.shape()));
            return;
        }
        if (varying == 0) {
            give(a, Exprs.mul(Exprs.kron(Exprs.identity(a.shape().rows()), Exprs.transpose(b)), g));
        } else {
            give(b, Exprs.mul(Exprs.kron(Exprs.transpose(a), Exprs.identity(b.shape().rows())), g));
        }
    }

    /** The gradient with respect to V (m×n) of ⟨G, V ⊗ C⟩ for a constant C (p×q): the sides swapped by K. */
    static Expr leftAdjoint(Expr c, Expr g, Shape v) {
        Shape cs = c.shape();
        Expr swapped = Exprs.mul(Exprs.commutation(cs.rows(), v.rows()), g, Exprs.commutation(v.cols(), cs.cols()));
        return rightAdjoint(c, swapped, v);
    }

    /**
     * The gradient with respect to V (p×q) of ⟨G, C ⊗ V⟩ for a constant C (m×n): the sum of the
     * blocks of G weighted by C's entries, Σ_ij c_ij G_ij, as one product,
     * (vec(C)ᵀ ⊗ I_p) (I_n ⊗ G) (vec(I_n) ⊗ I_q): the first factor weighs and adds the rows of
     * blocks down each block column j, the last picks block j of column block j. Checked
     * numerically by CommutationTest (and by the verifier on every result).
     */
    static Expr rightAdjoint(Expr c, Expr g, Shape v) {
        Dim n = c.shape().cols();
        return Exprs.mul(Exprs.kron(Exprs.transpose(Exprs.apply(Fn.VEC, c)), Exprs.identity(v.rows())),
                Exprs.kron(Exprs.identity(n), g),
                Exprs.kron(Exprs.apply(Fn.VEC, Exprs.identity(n)), Exprs.identity(v.cols())));
    }

    private int onlyVarying(List<Expr> factors, Expr where) {
        int found = -1;
        for (int i = 0; i < factors.size(); i++) {
            if (linear.dependsOnVariables(factors.get(i))) {
                if (found >= 0) throw notLinear(where);
                found = i;
            }
        }
        if (found < 0) throw notLinear(where);
        return found;
    }

    private static MatcalcException notLinear(Expr n) {
        return MatcalcException.general("internal: the differential is not linear at " + n
                + "; please report this expression");
    }
}
