package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.rewrite.Facts;
import matcalc.rewrite.FirstMatch;
import matcalc.rewrite.Properties;
import matcalc.rewrite.Rule;
import matcalc.rewrite.RuleSet;
import matcalc.syntax.MatcalcException;

/**
 * Forward accumulation for a vector-valued f and a vector (or scalar) variable x: writes the
 * differential df, linear in ∂x, as J ∂x and returns the Jacobian J (m×n), factor by factor as the
 * slides chain them: d h(W x + b) = h'(·) ⊙ (W ∂x) gives diag(h'(·)) W. For a scalar x, J is
 * df at ∂x = 1.
 *
 * <p>J is read directly off ∂x, sums, ⊙ with one factor that depends on ∂x (diag of the others
 * times that factor's J) and products with one such factor: that reading, like {@link Adjoints}'
 * table, is the Java here. Any other node is first rewritten into an equal one that can be read,
 * by rules/jacobian.rules ({@link FirstMatch}): a row into its column, diag, tr and sum into
 * products, a matrix with an outer product or a diagonal inside ⊙, times a vector, into vectors.
 * The rule walk (RuleWalkTest) checks each of those rules numerically. The identities the
 * rule language cannot say stay here, each named where it is used and checked numerically by
 * JacobianIdentitiesTest: {@link #rowTimesColumn} and {@link #transposedFunction}; and by
 * CommutationTest: {@link #vecOfKron}, vec of a Kronecker product with the commutation matrix.
 */
final class Jacobians {
    /** rules/jacobian.rules, loaded once. */
    public static RuleSet rules() {
        return Builtin.RULES;
    }

    private static final class Builtin {
        static final RuleSet RULES = RuleSet.builtIn("jacobian.rules");
    }

    private final Expr.Var dx;
    private final Dependence linear;
    private final FirstMatch rules;
    /** of(e): J of each node read so far. */
    private final Map<Expr, Expr> jacobians = new HashMap<>();
    /** withUnitDx(e): each node with ∂x = 1, for a scalar x. */
    private final Map<Expr, Expr> atUnitDx = new HashMap<>();

    /**
     * What J multiplies: ∂x for a scalar or vector x; vec(∂X) for a matrix X, so that J is
     * ∂vec(f)/∂vec(X), read off vec(df) with rules/jacobian.rules moving ∂X into vec(∂X).
     */
    private final Expr unit;
    private final Dim length;

    Jacobians(Expr.Var dx) {
        this.dx = dx;
        this.unit = dx.shape().isMatrix() || dx.shape().isRow() ? Exprs.apply(Fn.VEC, dx) : dx;
        this.length = unit.shape().rows();
        this.linear = new Dependence(Set.of(dx));
        Facts facts = (e, property) -> property.equals("constant")
                ? !linear.dependsOnVariables(e) : Properties.structural(e, property);
        this.rules = new FirstMatch(Builtin.RULES, facts, (rule, node) -> pushed(node, reversesProduct(rule)));
    }

    /** J with e = J ∂x; e must be a column vector or a scalar linear in ∂x. */
    Expr of(Expr e) {
        if (!linear.dependsOnVariables(e)) {
            return Exprs.zero(new Shape(e.shape().rows(), length));
        }
        if (e.equals(unit)) {
            return dx.shape().isScalar() ? Exprs.num(1) : Exprs.identity(length);
        }
        Expr done = jacobians.get(e);
        if (done != null) return done;
        // for a scalar x, e = J ∂x is linear in the scalar ∂x: J is e at ∂x = 1, whatever e's inside
        Expr j = dx.shape().isScalar() ? withUnitDx(e) : build(e);
        jacobians.put(e, j);
        return j;
    }

    private Expr build(Expr e) {
        matcalc.syntax.Deadline.check("differentiating");
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
        Expr readable = rewrite(e);
        if (readable == null) throw tensor(e);
        return of(readable);
    }

    /** c S A L B with one varying factor L. */
    private Expr product(Expr.Mul m) {
        Dependence.ScalarSplit split = linear.varyingScalar(m);
        if (split != null) return Exprs.mul(split.rest(), of(split.factor()));
        List<Expr> scalars = m.scalars();
        List<Expr> chain = m.chain();
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
            if (l.shape().isRow()) return of(Exprs.mul(append(front, rowTimesColumn(l, b))));
            if (l instanceof Expr.Add sum) {
                // J(F (A + B) b) = J(F A b) + J(F B b) over the terms that depend on ∂x: the reading's
                // linearity, as for a sum above (a rule (A + B) b => A b + B b would leave F outside)
                List<Expr> terms = new ArrayList<>();
                for (Expr t : sum.terms()) {
                    if (linear.dependsOnVariables(t)) terms.add(of(Exprs.mul(append(append(front, t), b))));
                }
                return Exprs.add(terms);
            }
            if (unit != dx || l instanceof Expr.Kron) {
                // for a matrix X (∂vec(f)/∂vec(X)), or a Kronecker product L of matrices:
                // L b = vec(L b) = (bᵀ ⊗ I) vec(L), read on through vec(L)
                Expr vecL = Exprs.mul(Exprs.kron(Exprs.transpose(b), Exprs.identity(l.shape().rows())),
                        Exprs.apply(Fn.VEC, l));
                return of(Exprs.mul(append(front, vecL)));
            }
            // L b with a matrix L that depends on ∂x: rules/jacobian.rules move ∂x into a vector
            Expr lb = rewrite(Exprs.mul(l, b));
            if (lb == null) {
                Expr moved = rewrite(l);
                if (moved != null) lb = Exprs.mul(moved, b);
            }
            if (lb != null) return of(Exprs.mul(append(front, lb)));
            throw tensor(m);
        }
        throw tensor(m);
    }

    /**
     * L b = bᵀ Lᵀ for a row L and a column b: a 1×1 product is its own transpose. In Java, not
     * in rules/jacobian.rules: no pattern stands for "any row" (?aᵀ matches a transpose only, and
     * in `?A ?b => ?bᵀ ?Aᵀ` the right side would tie ?A's rows to 1, which rule files refuse).
     */
    static Expr rowTimesColumn(Expr l, Expr b) {
        return Exprs.mul(Exprs.transpose(b), Exprs.transpose(l));
    }

    /** e rewritten into an equal expression J can be read off, or null: the rule file, then the Java rule below. */
    Expr rewrite(Expr e) {
        Expr out = rules.rewrite(e);
        if (out == null) out = vecOfKronecker(e);
        return out != null ? out : transposedFunction(e);
    }

    /**
     * vec(A ⊗ B) with one side depending on ∂x, as M vec(that side) ({@link #vecOfKron}). In Java,
     * not in rules/jacobian.rules: the right side's four sizes (I_n ⊗ K_{q,m} ⊗ I_p) are factors
     * of the left side's products that the rule checker's pairing of factors cannot reach. Null
     * for anything else.
     */
    private Expr vecOfKronecker(Expr e) {
        if (!(e instanceof Expr.Apply a && a.fn() == Fn.VEC && a.arg() instanceof Expr.Kron k)) return null;
        boolean left = linear.dependsOnVariables(k.left());
        boolean right = linear.dependsOnVariables(k.right());
        if (left == right) return null;
        Expr varying = right ? k.right() : k.left();
        return Exprs.mul(vecOfKron(k.left(), k.right(), right), Exprs.apply(Fn.VEC, varying));
    }

    /**
     * The matrix M with vec(A ⊗ B) = M vec(B) (rightVaries) or M vec(A), for A m×n and B p×q
     * (Magnus and Neudecker, Theorem 3.10: vec(A ⊗ B) = (I_n ⊗ K_{q,m} ⊗ I_p)(vec(A) ⊗ vec(B)),
     * and vec(A) ⊗ vec(B) = (vec(A) ⊗ I_{pq}) vec(B) = (I_{mn} ⊗ vec(B)) vec(A)). Checked
     * numerically by CommutationTest.
     */
    static Expr vecOfKron(Expr a, Expr b, boolean rightVaries) {
        Dim m = a.shape().rows();
        Dim n = a.shape().cols();
        Dim p = b.shape().rows();
        Dim q = b.shape().cols();
        Expr perm = Exprs.kron(Exprs.identity(n), Exprs.kron(Exprs.commutation(q, m), Exprs.identity(p)));
        Expr spread = rightVaries ? Exprs.kron(Exprs.apply(Fn.VEC, a), Exprs.identity(Dim.product(p, q)))
                : Exprs.kron(Exprs.identity(Dim.product(m, n)), Exprs.apply(Fn.VEC, b));
        return Exprs.mul(perm, spread);
    }

    /**
     * h(A)ᵀ = h(Aᵀ), with Aᵀ pushed in, for a built-in elementwise h (exp, log, σ, …). In Java,
     * not in rules/jacobian.rules: the rule file would need one rule per built-in function (?h
     * stands for an undeclared one, transpose-of-function), a second list of what core.Fn already
     * marks elementwise, which a new function would silently miss. Null for anything else.
     */
    private Expr transposedFunction(Expr e) {
        if (e instanceof Expr.Transpose t && t.arg() instanceof Expr.Apply a && a.fn().elementwise()) {
            return Exprs.apply(a.fn(), pushed(Exprs.transpose(a.arg()), false));
        }
        return null;
    }

    /**
     * A node a rule built: a transpose is pushed in at once, as far as the rules of the building
     * rule's kind go; anything else is left as it is. Through entrywise operations (+, ⊙, .^,
     * functions, scalings) a transpose moves all the way in, (exp(A) ⊙ B)ᵀ = exp(Aᵀ) ⊙ Bᵀ; a
     * product is reversed as a whole, (A B C)ᵀ = Cᵀ Bᵀ Aᵀ, its factors' transposes left until J
     * is read off them, so that a factor that does not depend on ∂x keeps its plain transpose.
     */
    private Expr pushed(Expr node, boolean product) {
        if (!(node instanceof Expr.Transpose)) return node;
        Expr out = rules.rewrite(node, rule -> reversesProduct(rule) == product);
        if (out == null && !product) out = transposedFunction(node);
        return out == null ? node : out;
    }

    /** A rule that turns a transpose into a product of matrices, (A B)ᵀ ⇒ Bᵀ Aᵀ: the product kind. */
    private static boolean reversesProduct(Rule rule) {
        return rule.lhs() instanceof Expr.Transpose && rule.rhs() instanceof Expr.Mul m && m.chain().size() > 1;
    }

    /** e with ∂x = 1 (for a scalar x). */
    private Expr withUnitDx(Expr e) {
        if (e.equals(dx)) return Exprs.num(1);
        if (!linear.dependsOnVariables(e)) return e;
        Expr done = atUnitDx.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(withUnitDx(c));
        Expr out = Exprs.withChildren(e, kids);
        atUnitDx.put(e, out);
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
