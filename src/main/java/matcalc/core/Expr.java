package matcalc.core;

import java.util.List;
import java.util.Objects;

/**
 * The immutable, typed core expression. Every node knows its {@link Shape}. Nodes are built only
 * through {@link Exprs}, which checks shapes and canonicalises (flattens sums, Hadamard products and
 * matrix products, folds numeric constants), so that structurally equal means "written the same
 * canonical way". Sub-expressions are shared freely: the type is a DAG, and hash codes are cached so
 * that equality and hashing stay linear on shared graphs.
 */
public abstract sealed class Expr
        permits Expr.Var, Expr.Num, Expr.Ones, Expr.Identity, Expr.Zero, Expr.Add, Expr.Mul,
                Expr.Hadamard, Expr.Transpose, Expr.Power, Expr.Apply, Expr.UserFn, Expr.Kron,
                Expr.Commutation {

    private final Shape shape;
    private int hash;

    Expr(Shape shape) {
        this.shape = Objects.requireNonNull(shape);
    }

    public final Shape shape() {
        return shape;
    }

    public abstract <R> R accept(Visitor<R> v);

    /** Direct sub-expressions, in order. */
    public abstract List<Expr> children();

    protected abstract int computeHash();

    protected abstract boolean sameAs(Expr other);

    @Override
    public final int hashCode() {
        int h = hash;
        if (h == 0) {
            h = computeHash();
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Expr e) || e.getClass() != getClass()) return false;
        if (hashCode() != e.hashCode()) return false;
        return shape.equals(e.shape) && sameAs(e);
    }

    /** Element-wise equality of two lists of expressions, by index (no iterator: equals is hot). */
    static boolean sameList(List<Expr> a, List<Expr> b) {
        int n = a.size();
        if (n != b.size()) return false;
        for (int i = 0; i < n; i++) if (!a.get(i).equals(b.get(i))) return false;
        return true;
    }

    @Override
    public String toString() {
        return matcalc.core.TextPrinter.unicode().print(this);
    }

    /** Exhaustive dispatch over the node types (Java 17 has no pattern switch). */
    public interface Visitor<R> {
        R var(Var e);
        R num(Num e);
        R ones(Ones e);
        R identity(Identity e);
        R zero(Zero e);
        R add(Add e);
        R mul(Mul e);
        R hadamard(Hadamard e);
        R transpose(Transpose e);
        R power(Power e);
        R apply(Apply e);
        R userFn(UserFn e);
        R kron(Kron e);

        R commutation(Commutation e);
    }

    /**
     * Who made a name, and so what it stands for. The kind is part of a node's identity (its
     * equality and hash): the engine's seed Δ is never the user's variable Δ, whatever the letters.
     *
     * <p>A kind on {@link Var} and {@link UserFn}, rather than node types of their own, because a
     * seed or a differential behaves exactly like a variable everywhere but in the few places that
     * ask who made it (the matcher, the rule loader, the facts about declared variables, the
     * differentiation passes): every generic pass (substitution, evaluation, printing, the visitor)
     * stays as it is, and none can forget a case.
     */
    public enum Kind {
        /** Written by the user: a declared or defaulted variable, an undeclared function h. */
        USER,
        /** A rule's pattern variable ?a or pattern function ?h (rule files only); named with its ?. */
        PATTERN,
        /**
         * The seed that contracts a tensor derivative: the row vector δ or the matrix Δ (variables
         * only). Named δ or Δ, or a fresh name where the expression already uses the letter.
         */
        SEED,
        /**
         * The differential: the variable ∂X that stands for the change in X (named X, printed ∂X),
         * and the function d(e) of rule files (named d).
         */
        DIFFERENTIAL,
        /**
         * A size used as a number: B in sum(…) / B, where B is a dimension of a declared shape
         * (X: n x B). A scalar named after the dimension, whose value is that size: constant in
         * every derivative, printed as its name.
         */
        SIZE
    }

    /** A variable: a declared or defaulted input, with its shape, or one the engine made ({@link Kind}). */
    public static final class Var extends Expr {
        private final Kind kind;
        private final String name;

        Var(Kind kind, String name, Shape shape) {
            super(shape);
            this.kind = Objects.requireNonNull(kind);
            this.name = name;
        }

        public Kind kind() { return kind; }
        public String name() { return name; }
        @Override public <R> R accept(Visitor<R> v) { return v.var(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return (name.hashCode() * 31 + kind.hashCode()) * 31 + shape().hashCode(); }
        @Override protected boolean sameAs(Expr o) { return kind == ((Var) o).kind && name.equals(((Var) o).name); }
    }

    /** A real number (a 1×1 value). */
    public static final class Num extends Expr {
        private final double value;

        Num(double value) {
            super(Shape.SCALAR);
            this.value = value == 0.0 ? 0.0 : value;
        }

        public double value() { return value; }
        @Override public <R> R accept(Visitor<R> v) { return v.num(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return Double.hashCode(value); }
        @Override protected boolean sameAs(Expr o) { return Double.compare(value, ((Num) o).value) == 0; }
    }

    /** The ones vector 𝟏 of length n. */
    public static final class Ones extends Expr {
        Ones(Dim n) { super(Shape.vector(n)); }
        @Override public <R> R accept(Visitor<R> v) { return v.ones(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return 7 + shape().hashCode(); }
        @Override protected boolean sameAs(Expr o) { return true; }
    }

    /** The identity matrix I of size n. */
    public static final class Identity extends Expr {
        Identity(Dim n) { super(Shape.matrix(n, n)); }
        @Override public <R> R accept(Visitor<R> v) { return v.identity(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return 11 + shape().hashCode(); }
        @Override protected boolean sameAs(Expr o) { return true; }
    }

    /** The zero of a shape (derivatives of constants). */
    public static final class Zero extends Expr {
        Zero(Shape shape) { super(shape); }
        @Override public <R> R accept(Visitor<R> v) { return v.zero(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return 13 + shape().hashCode(); }
        @Override protected boolean sameAs(Expr o) { return true; }
    }

    /** An n-ary sum of terms of one shape, in the order written. */
    public static final class Add extends Expr {
        private final List<Expr> terms;

        Add(List<Expr> terms) {
            super(terms.get(0).shape());
            this.terms = List.copyOf(terms);
        }

        public List<Expr> terms() { return terms; }
        @Override public <R> R accept(Visitor<R> v) { return v.add(this); }
        @Override public List<Expr> children() { return terms; }
        @Override protected int computeHash() { return 17 * terms.hashCode(); }
        @Override protected boolean sameAs(Expr o) { return sameList(terms, ((Add) o).terms); }
    }

    /**
     * A product: a numeric coefficient, scalar factors (which commute; written first) and a chain of
     * non-scalar factors multiplied as matrices, never reordered. Scalar-valued chains such as xᵀy
     * inside a larger product are kept as one scalar factor, so the chain is always a valid matrix
     * product and any sub-chain of it is too.
     */
    public static final class Mul extends Expr {
        private final double coef;
        private final List<Expr> scalars;
        private final List<Expr> chain;

        Mul(double coef, List<Expr> scalars, List<Expr> chain, Shape shape) {
            super(shape);
            this.coef = coef == 0.0 ? 0.0 : coef;
            this.scalars = List.copyOf(scalars);
            this.chain = List.copyOf(chain);
        }

        public double coef() { return coef; }
        public List<Expr> scalars() { return scalars; }
        public List<Expr> chain() { return chain; }

        @Override public <R> R accept(Visitor<R> v) { return v.mul(this); }

        /** Scalars then chain, made once (the simplifier and matcher ask for them at every visit). */
        private List<Expr> children;

        @Override
        public List<Expr> children() {
            List<Expr> all = children;
            if (all == null) {
                if (scalars.isEmpty()) all = chain;
                else if (chain.isEmpty()) all = scalars;
                else {
                    var both = new java.util.ArrayList<Expr>(scalars);
                    both.addAll(chain);
                    all = java.util.Collections.unmodifiableList(both);
                }
                children = all;
            }
            return all;
        }

        @Override
        protected int computeHash() {
            return (Double.hashCode(coef) * 31 + scalars.hashCode()) * 31 + chain.hashCode();
        }

        @Override
        protected boolean sameAs(Expr o) {
            Mul m = (Mul) o;
            return Double.compare(coef, m.coef) == 0 && sameList(scalars, m.scalars) && sameList(chain, m.chain);
        }
    }

    /** An n-ary Hadamard (entrywise) product of factors of one shape. */
    public static final class Hadamard extends Expr {
        private final List<Expr> factors;

        Hadamard(List<Expr> factors) {
            super(factors.get(0).shape());
            this.factors = List.copyOf(factors);
        }

        public List<Expr> factors() { return factors; }
        @Override public <R> R accept(Visitor<R> v) { return v.hadamard(this); }
        @Override public List<Expr> children() { return factors; }
        @Override protected int computeHash() { return 19 * factors.hashCode(); }
        @Override protected boolean sameAs(Expr o) { return sameList(factors, ((Hadamard) o).factors); }
    }

    /** Aᵀ. */
    public static final class Transpose extends Expr {
        private final Expr arg;

        Transpose(Expr arg) {
            super(arg.shape().transpose());
            this.arg = arg;
        }

        public Expr arg() { return arg; }
        @Override public <R> R accept(Visitor<R> v) { return v.transpose(this); }
        @Override public List<Expr> children() { return List.of(arg); }
        @Override protected int computeHash() { return 23 * arg.hashCode() + 1; }
        @Override protected boolean sameAs(Expr o) { return arg.equals(((Transpose) o).arg); }
    }

    /** Entrywise power base.^exponent with a scalar exponent (for a scalar base, the ordinary power). */
    public static final class Power extends Expr {
        private final Expr base;
        private final Expr exponent;

        Power(Expr base, Expr exponent) {
            super(base.shape());
            this.base = base;
            this.exponent = exponent;
        }

        public Expr base() { return base; }
        public Expr exponent() { return exponent; }
        @Override public <R> R accept(Visitor<R> v) { return v.power(this); }
        @Override public List<Expr> children() { return List.of(base, exponent); }
        @Override protected int computeHash() { return 29 * base.hashCode() + exponent.hashCode(); }

        @Override
        protected boolean sameAs(Expr o) {
            Power p = (Power) o;
            return base.equals(p.base) && exponent.equals(p.exponent);
        }
    }

    /** A built-in function applied to one argument. */
    public static final class Apply extends Expr {
        private final Fn fn;
        private final Expr arg;

        Apply(Fn fn, Expr arg, Shape shape) {
            super(shape);
            this.fn = fn;
            this.arg = arg;
        }

        public Fn fn() { return fn; }
        public Expr arg() { return arg; }
        @Override public <R> R accept(Visitor<R> v) { return v.apply(this); }
        @Override public List<Expr> children() { return List.of(arg); }
        @Override protected int computeHash() { return 37 * fn.hashCode() + arg.hashCode(); }

        @Override
        protected boolean sameAs(Expr o) {
            Apply a = (Apply) o;
            return fn == a.fn && arg.equals(a.arg);
        }
    }

    /**
     * An elementwise function the user did not define, such as h(x), or one of its derivatives h'(x)
     * (primes = 1). Its derivative is known symbolically (h' ⊙ dx) but it has no numeric value. The
     * engine's functions are kinds of their own ({@link Kind}): a rule's pattern function ?h, and
     * the differential d(e).
     */
    public static final class UserFn extends Expr {
        private final Kind kind;
        private final String name;
        private final int primes;
        private final Expr arg;

        UserFn(Kind kind, String name, int primes, Expr arg) {
            super(arg.shape());
            if (kind == Kind.SEED) throw new IllegalArgumentException("a seed is a variable, not a function");
            this.kind = kind;
            this.name = name;
            this.primes = primes;
            this.arg = arg;
        }

        public Kind kind() { return kind; }
        public String name() { return name; }
        public int primes() { return primes; }
        public Expr arg() { return arg; }
        @Override public <R> R accept(Visitor<R> v) { return v.userFn(this); }
        @Override public List<Expr> children() { return List.of(arg); }

        @Override
        protected int computeHash() {
            return ((41 * name.hashCode() + kind.hashCode()) * 31 + primes) * 31 + arg.hashCode();
        }

        @Override
        protected boolean sameAs(Expr o) {
            UserFn u = (UserFn) o;
            return kind == u.kind && name.equals(u.name) && primes == u.primes && arg.equals(u.arg);
        }
    }

    /**
     * The Kronecker product A ⊗ B: for A p×r and B q×s, the (p·q)×(r·s) matrix of blocks a_ij B. Binary,
     * nested to the right by the factory ((A ⊗ B) ⊗ C is A ⊗ (B ⊗ C)), never reordered; neither side
     * is a scalar (α ⊗ B is α B).
     */
    public static final class Kron extends Expr {
        private final Expr left;
        private final Expr right;

        Kron(Expr left, Expr right, Shape shape) {
            super(shape);
            this.left = left;
            this.right = right;
        }

        public Expr left() { return left; }
        public Expr right() { return right; }
        @Override public <R> R accept(Visitor<R> v) { return v.kron(this); }
        @Override public List<Expr> children() { return List.of(left, right); }
        @Override protected int computeHash() { return 43 * left.hashCode() + 7 * right.hashCode() + 3; }

        @Override
        protected boolean sameAs(Expr o) {
            Kron k = (Kron) o;
            return left.equals(k.left) && right.equals(k.right);
        }
    }

    /**
     * The commutation matrix K_{m,n} (Magnus and Neudecker; the Matrix Cookbook's K_{mn}, §10.2.2):
     * the (m·n)×(m·n) permutation with K_{m,n} vec(A) = vec(Aᵀ) for every m×n A. A constant, like I,
     * whose two sizes are part of its identity (its shape alone, m·n square, would not tell K_{m,n}
     * from K_{n,m}). Built by {@link Exprs#commutation}: K_{1,n} = K_{n,1} = I, K_{m,n}ᵀ = K_{n,m}.
     */
    public static final class Commutation extends Expr {
        private final Dim m;
        private final Dim n;

        Commutation(Dim m, Dim n) {
            super(Shape.matrix(Dim.product(m, n), Dim.product(m, n)));
            this.m = m;
            this.n = n;
        }

        /** The rows of the A that K_{m,n} transposes (in vec(A)). */
        public Dim m() { return m; }
        /** The columns of the A that K_{m,n} transposes. */
        public Dim n() { return n; }
        @Override public <R> R accept(Visitor<R> v) { return v.commutation(this); }
        @Override public List<Expr> children() { return List.of(); }
        @Override protected int computeHash() { return 47 * m.hashCode() + n.hashCode() + 5; }

        @Override
        protected boolean sameAs(Expr o) {
            Commutation k = (Commutation) o;
            return m.equals(k.m) && n.equals(k.n);
        }
    }
}
