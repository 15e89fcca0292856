package matcalc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's elementwise function: the body of f(u) = u ⊙ σ(u), written for a scalar u, applied
 * entry by entry to an argument of any shape. {@link #lift} turns the scalar body into the
 * expression of the argument: u becomes the argument, a product of terms in u an entrywise
 * product, a scalar term alone in a sum α 𝟏 (𝟏 𝟏ᵀ for a matrix). The body holds only what is
 * entrywise (sums, products, powers, elementwise functions of u, and scalars that do not depend on
 * u); the shape checker refuses anything else where the user defines the function.
 *
 * @param param the parameter's name (a scalar variable in the body)
 * @param body  the body, a scalar expression
 */
public record Elementwise(String param, Expr body) {

    /** The body with the parameter replaced by {@code arg}, entry by entry: f(arg). */
    public Expr lift(Expr arg) {
        return lift(body, arg, new HashMap<>());
    }

    /** Whether e depends on the parameter. */
    public boolean dependsOnParam(Expr e) {
        return Exprs.variableNames(e).contains(param);
    }

    private Expr lift(Expr e, Expr arg, Map<Expr, Expr> memo) {
        Expr done = memo.get(e);
        if (done != null) return done;
        Expr out = liftNode(e, arg, memo);
        memo.put(e, out);
        return out;
    }

    private Expr liftNode(Expr e, Expr arg, Map<Expr, Expr> memo) {
        if (!dependsOnParam(e)) return Exprs.mul(e, Exprs.onesOf(arg.shape()));
        if (e instanceof Expr.Var) return arg;
        if (e instanceof Expr.Add a) {
            List<Expr> terms = new ArrayList<>();
            for (Expr t : a.terms()) terms.add(lift(t, arg, memo));
            return Exprs.add(terms);
        }
        if (e instanceof Expr.Mul m) {
            List<Expr> scalars = new ArrayList<>();
            scalars.add(Exprs.num(m.coef()));
            List<Expr> entrywise = new ArrayList<>();
            for (Expr c : m.children()) {
                if (dependsOnParam(c)) entrywise.add(lift(c, arg, memo));
                else scalars.add(c);
            }
            if (arg.shape().isScalar()) scalars.addAll(entrywise);   // of scalars: a product, as written
            else scalars.add(Exprs.hadamard(entrywise));
            return Exprs.mul(scalars);
        }
        if (e instanceof Expr.Hadamard h) {
            List<Expr> factors = new ArrayList<>();
            for (Expr c : h.factors()) factors.add(lift(c, arg, memo));
            return arg.shape().isScalar() ? Exprs.mul(factors) : Exprs.hadamard(factors);
        }
        if (e instanceof Expr.Power p && !dependsOnParam(p.exponent())) {
            return Exprs.power(lift(p.base(), arg, memo), p.exponent());
        }
        if (e instanceof Expr.Transpose t) return lift(t.arg(), arg, memo);
        if (e instanceof Expr.Apply ap && ap.fn().elementwise()) return Exprs.apply(ap.fn(), lift(ap.arg(), arg, memo));
        if (e instanceof Expr.UserFn u && u.kind() == Expr.Kind.USER) {
            return Exprs.userFn(u.name(), u.primes(), lift(u.arg(), arg, memo));
        }
        throw new IllegalStateException("not entrywise in " + param + ": " + e);
    }

    /**
     * The first part of the body that is not entrywise in the parameter (sum(u), softmax(u), a power
     * whose exponent depends on u), or null if there is none.
     */
    public Expr notEntrywise() {
        return notEntrywise(body, new java.util.HashSet<>());
    }

    private Expr notEntrywise(Expr e, java.util.Set<Expr> seen) {
        if (!seen.add(e) || !dependsOnParam(e)) return null;
        boolean ok = e instanceof Expr.Var || e instanceof Expr.Add || e instanceof Expr.Mul || e instanceof Expr.Hadamard
                || e instanceof Expr.Transpose
                || e instanceof Expr.Power p && !dependsOnParam(p.exponent())
                || e instanceof Expr.Apply ap && ap.fn().elementwise()
                || e instanceof Expr.UserFn u && u.kind() == Expr.Kind.USER;
        if (!ok) return e;
        for (Expr c : e.children()) {
            Expr bad = notEntrywise(c, seen);
            if (bad != null) return bad;
        }
        return null;
    }

    /**
     * Replaces every h'(A) by the stated derivative of h lifted to A (h'(u) = 1 − h(u).^2 makes
     * h'(W x) into 𝟏 − h(W x).^2), for each h in {@code stated}.
     */
    public static Expr substitute(Expr e, Map<String, Elementwise> stated) {
        if (stated.isEmpty()) return e;
        return substitute(e, stated, new HashMap<>());
    }

    private static Expr substitute(Expr e, Map<String, Elementwise> stated, Map<Expr, Expr> memo) {
        Expr done = memo.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(substitute(c, stated, memo));
        Expr out = Exprs.withChildren(e, kids);
        if (out instanceof Expr.UserFn u && u.kind() == Expr.Kind.USER && u.primes() == 1 && stated.containsKey(u.name())) {
            out = stated.get(u.name()).lift(u.arg());
        }
        memo.put(e, out);
        return out;
    }
}
