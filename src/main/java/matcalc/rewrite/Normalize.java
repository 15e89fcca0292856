package matcalc.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;

/**
 * The normalisations that n-ary nodes need and a one-line rewrite rule cannot say: collecting like
 * terms of a sum (2 x + 3 x = 5 x, x − x = 0) and moving scalar factors out of Hadamard products
 * ((α a) ⊙ b = α (a ⊙ b)). They appear in traces under their names, like rules.
 */
final class Normalize {
    private Normalize() {}

    record Result(String name, Expr expr) {}

    static Result apply(Expr e) {
        if (e instanceof Expr.Add a) {
            Expr r = collectTerms(a);
            if (r != null) return new Result("collect-terms", r);
            r = positiveFirst(a);
            return r == null ? null : new Result("positive-term-first", r);
        }
        if (e instanceof Expr.Mul m) {
            Expr r = combinePowers(m);
            if (r != null) return new Result("combine-powers", r);
            r = commonFactorOut(m);
            if (r != null) return new Result("common-factor-out", r);
        }
        if (e instanceof Expr.Mul m && m.coef() < 0) {
            Expr flipped = negatedInside(m);
            if (flipped != null) return new Result("sign-into-difference", Exprs.neg(flipped));
        }
        if (e instanceof Expr.Hadamard h) {
            // scalar-hadamard (α ⊙ β = α β) and scalars-out-of-hadamard ((α A) ⊙ B = α (A ⊙ B)) look
            // like one rule each, but as rules they change results: ⊙ matches commutatively, so the
            // right side puts the scaled factor first (a ⊙ 2 b would become 2 (b ⊙ a)), and both would
            // run after the normalisations here instead of before combine-powers. Checked numerically
            // by NormalizeIdentitiesTest.
            if (h.shape().isScalar()) return new Result("scalar-hadamard", Exprs.mul(h.factors()));
            Expr r = scalarsOut(h);
            if (r != null) return new Result("scalars-out-of-hadamard", r);
            r = combineEntrywisePowers(h);
            return r == null ? null : new Result("combine-powers", r);
        }
        return null;
    }

    /**
     * Scalar factors with the same base multiply by adding exponents: ‖x‖ ‖x‖^-1 = 1,
     * α α = α^2, s^2 s^-1 = s (the scalar factors of a product commute). Null if no two share a base.
     */
    private static Expr combinePowers(Expr.Mul m) {
        Map<Expr, Double> exponents = new LinkedHashMap<>();
        for (Expr s : m.scalars()) {
            boolean numeric = s instanceof Expr.Power p && p.exponent() instanceof Expr.Num;
            Expr base = numeric ? ((Expr.Power) s).base() : s;
            double k = numeric ? ((Expr.Num) ((Expr.Power) s).exponent()).value() : 1;
            exponents.merge(base, k, Double::sum);
        }
        if (exponents.size() == m.scalars().size()) return null;
        List<Expr> scalars = new ArrayList<>();
        exponents.forEach((base, k) -> {
            if (k != 0) scalars.add(Exprs.power(base, Exprs.num(k)));
        });
        return Exprs.product(m.coef(), scalars, m.chain());
    }

    /** The same for the factors of a Hadamard product: x.^-3 ⊙ x.^2 = x.^-1, x ⊙ x = x.^2. */
    private static Expr combineEntrywisePowers(Expr.Hadamard h) {
        Map<Expr, Double> exponents = new LinkedHashMap<>();
        for (Expr f : h.factors()) {
            boolean numeric = f instanceof Expr.Power p && p.exponent() instanceof Expr.Num;
            Expr base = numeric ? ((Expr.Power) f).base() : f;
            double k = numeric ? ((Expr.Num) ((Expr.Power) f).exponent()).value() : 1;
            exponents.merge(base, k, Double::sum);
        }
        if (exponents.size() == h.factors().size()) return null;
        List<Expr> factors = new ArrayList<>();
        exponents.forEach((base, k) -> {
            if (k != 0) factors.add(Exprs.power(base, Exprs.num(k)));
        });
        if (!factors.isEmpty()) return Exprs.hadamard(factors);
        // everything cancelled: a matrix of ones of the product's shape
        var s = h.shape();
        Expr ones = Exprs.ones(s.rows());
        return s.cols().isOne() ? ones : s.rows().isOne() ? Exprs.transpose(Exprs.ones(s.cols()))
                : Exprs.mul(ones, Exprs.transpose(Exprs.ones(s.cols())));
    }

    /**
     * A number common to every term of a sum that is a factor of a product moves to the product's
     * coefficient: Xᵀ (2 X W − 2 Y) = 2 Xᵀ (X W − Y), so that like terms can then be collected.
     * Null if no factor has one.
     */
    private static Expr commonFactorOut(Expr.Mul m) {
        List<Expr> scalars = new ArrayList<>(m.scalars());
        List<Expr> chain = new ArrayList<>(m.chain());
        double coef = m.coef();
        boolean changed = false;
        for (List<Expr> factors : List.of(scalars, chain)) {
            for (int i = 0; i < factors.size(); i++) {
                if (!(factors.get(i) instanceof Expr.Add a)) continue;
                double c = commonCoefficient(a);
                if (c == 1) continue;
                List<Expr> terms = new ArrayList<>();
                for (Expr t : a.terms()) {
                    Term s = split(t);
                    terms.add(Exprs.scale(Math.signum(s.coef()), s.core()));
                }
                factors.set(i, Exprs.add(terms));
                coef *= c;
                changed = true;
            }
        }
        return changed ? Exprs.product(coef, scalars, chain) : null;
    }

    /** |c| when every term of the sum is ±c times something, else 1. */
    private static double commonCoefficient(Expr.Add a) {
        double c = -1;
        for (Expr t : a.terms()) {
            double abs = Math.abs(split(t).coef());
            if (abs == 0 || (c >= 0 && abs != c)) return 1;
            c = abs;
        }
        return c < 0 ? 1 : c;
    }

    /** A term as coefficient × core. */
    private record Term(double coef, Expr core) {}

    private static Term split(Expr t) {
        if (t instanceof Expr.Mul m && m.coef() != 1) {
            return new Term(m.coef(), Exprs.product(1, m.scalars(), m.chain()));
        }
        if (t instanceof Expr.Num n) return new Term(n.value(), Exprs.num(1));
        return new Term(1, t);
    }

    private static Expr collectTerms(Expr.Add a) {
        Map<Expr, Double> coefs = new LinkedHashMap<>();
        for (Expr t : a.terms()) {
            Term s = split(t);
            coefs.merge(s.core(), s.coef(), Double::sum);
        }
        if (coefs.size() == a.terms().size()) return null;
        List<Expr> terms = new ArrayList<>();
        coefs.forEach((core, c) -> {
            if (c != 0) terms.add(Exprs.scale(c, core));
        });
        if (terms.isEmpty()) return Exprs.zero(a.shape());
        return Exprs.add(terms);
    }

    /**
     * −e with the sign taken into a difference inside e, or null: −(A (y − ŷ)) = A (ŷ − y). The
     * caller negates the result once more, so the outer minus disappears.
     */
    private static Expr negatedInside(Expr e) {
        if (e instanceof Expr.Add a) {
            if (a.terms().stream().noneMatch(Normalize::isNegative)) return null;
            List<Expr> terms = new ArrayList<>();
            for (Expr t : a.terms()) terms.add(Exprs.neg(t));
            return Exprs.add(terms);
        }
        if (e instanceof Expr.Transpose t) {
            Expr inner = negatedInside(t.arg());
            return inner == null ? null : Exprs.transpose(inner);
        }
        List<Expr> kids = e.children();
        if (e instanceof Expr.Hadamard || e instanceof Expr.Mul) {
            for (int i = 0; i < kids.size(); i++) {
                Expr flipped = negatedInside(kids.get(i));
                if (flipped != null) {
                    List<Expr> copy = new ArrayList<>(kids);
                    copy.set(i, flipped);
                    // a product changes sign with one factor; withChildren keeps the coefficient
                    return Exprs.withChildren(e, copy);
                }
            }
        }
        return null;
    }

    /** −y + s reads better as s − y: the first positive term moves to the front. */
    private static Expr positiveFirst(Expr.Add a) {
        if (!isNegative(a.terms().get(0))) return null;
        for (int i = 1; i < a.terms().size(); i++) {
            if (!isNegative(a.terms().get(i))) {
                List<Expr> terms = new ArrayList<>(a.terms());
                terms.add(0, terms.remove(i));
                return Exprs.add(terms);
            }
        }
        return null;
    }

    static boolean isNegative(Expr e) {
        return (e instanceof Expr.Mul m && m.coef() < 0) || (e instanceof Expr.Num n && n.value() < 0);
    }

    private static Expr scalarsOut(Expr.Hadamard h) {
        double coef = 1;
        List<Expr> scalars = new ArrayList<>();
        List<Expr> factors = new ArrayList<>();
        boolean moved = false;
        for (Expr f : h.factors()) {
            if (f instanceof Expr.Mul m && (m.coef() != 1 || !m.scalars().isEmpty()) && !m.chain().isEmpty()) {
                coef *= m.coef();
                scalars.addAll(m.scalars());
                factors.add(Exprs.product(1, List.of(), m.chain()));
                moved = true;
            } else {
                factors.add(f);
            }
        }
        if (!moved) return null;
        List<Expr> all = new ArrayList<>(scalars);
        all.add(Exprs.hadamard(factors));
        return Exprs.mul(prepend(Exprs.num(coef), all));
    }

    private static List<Expr> prepend(Expr first, List<Expr> rest) {
        List<Expr> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
