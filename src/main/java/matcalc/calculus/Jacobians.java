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
 * slides chain them: d h(W x + b) = h'(·) ⊙ (W ∂x) gives diag(h'(·)) W.
 */
final class Jacobians {
    private final Expr.Var dx;
    private final Dependence linear;
    private final Map<Expr, Expr> memo = new HashMap<>();

    Jacobians(Expr.Var dx) {
        this.dx = dx;
        this.linear = new Dependence(Set.of(dx.name()));
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
        Expr j = build(e);
        memo.put(e, j);
        return j;
    }

    private Expr build(Expr e) {
        if (!e.shape().cols().isOne()) throw tensor(e);
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
        throw tensor(e);
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
            // L b with L a matrix that depends on x
            if (l instanceof Expr.Transpose t && t.arg().shape().cols().isOne()) {
                return Exprs.mul(append(append(front, Exprs.transpose(b)), of(t.arg())));
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
            throw tensor(m);
        }
        throw tensor(m);
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
