package matcalc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The one factory for {@link Expr} nodes. It checks shapes (throwing {@link ShapeException}) and
 * canonicalises, so that the rest of matcalc never sees a nested sum, a nested product, a double
 * transpose or a stray numeric factor:
 * <ul>
 *   <li>sums and Hadamard products are flattened (terms keep the order they were written in);
 *   <li>products keep a numeric coefficient, then scalar factors, then the matrix chain; chains are
 *       flattened but never reordered; scalar-valued sub-chains (xᵀy) stay one scalar factor;</li>
 *   <li>numeric constants fold, zeros annihilate, identities vanish from non-trivial chains;</li>
 *   <li>(Aᵀ)ᵀ = A, a scalar is its own transpose, Iᵀ = I, diag(v)ᵀ = diag(v), K_{m,n}ᵀ = K_{n,m}.</li>
 * </ul>
 */
public final class Exprs {
    private Exprs() {}

    /** The user's variable of that name (declared, defaulted, or a named intermediate held as one). */
    public static Expr var(String name, Shape shape) {
        return new Expr.Var(Expr.Kind.USER, name, shape);
    }

    /** The size named d used as a number (a scalar): B in sum(…) / B. */
    public static Expr size(String d) {
        return new Expr.Var(Expr.Kind.SIZE, d, Shape.SCALAR);
    }

    /** A rule's pattern variable, named with its ?: ?a. */
    public static Expr pattern(String name, Shape shape) {
        return new Expr.Var(Expr.Kind.PATTERN, name, shape);
    }

    /** The engine's seed that contracts a tensor derivative (δ, Δ), under the name it prints with. */
    public static Expr.Var seed(String name, Shape shape) {
        return new Expr.Var(Expr.Kind.SEED, name, shape);
    }

    /** The differential ∂X of a variable X (named X; of the kind {@link Expr.Kind#DIFFERENTIAL}). */
    public static Expr.Var differentialOf(Expr.Var x) {
        return new Expr.Var(Expr.Kind.DIFFERENTIAL, x.name(), x.shape());
    }

    public static Expr num(double value) {
        return new Expr.Num(value);
    }

    /** The ones vector 𝟏 of length n; of length 1 it is the number 1 (which prints as itself). */
    public static Expr ones(Dim n) {
        return n.isOne() ? num(1) : new Expr.Ones(n);
    }

    /** The identity I of size n; of size 1 it is the number 1. */
    public static Expr identity(Dim n) {
        return n.isOne() ? num(1) : new Expr.Identity(n);
    }

    /**
     * The commutation matrix K_{m,n}, with K_{m,n} vec(A) = vec(Aᵀ) for A m×n; K_{1,n} and K_{n,1}
     * are the identity I_n (vec of a vector is the vector, or its transpose's).
     */
    public static Expr commutation(Dim m, Dim n) {
        if (m.isOne() || n.isOne()) return identity(Dim.product(m, n));
        return new Expr.Commutation(m, n);
    }

    public static Expr zero(Shape shape) {
        return shape.isScalar() ? num(0) : new Expr.Zero(shape);
    }

    public static boolean isZero(Expr e) {
        return e instanceof Expr.Zero || (e instanceof Expr.Num n && n.value() == 0.0);
    }

    public static boolean isNum(Expr e, double v) {
        return e instanceof Expr.Num n && n.value() == v;
    }

    // ------------------------------------------------------------------ sums

    public static Expr add(Expr a, Expr b) {
        return add(List.of(a, b));
    }

    public static Expr sub(Expr a, Expr b) {
        return add(List.of(a, neg(b)));
    }

    public static Expr add(List<Expr> terms) {
        if (terms.isEmpty()) throw new IllegalArgumentException("empty sum");
        Shape shape = terms.get(0).shape();
        List<Expr> flat = new ArrayList<>();
        int numIndex = -1;
        double numSum = 0;
        for (Expr t : terms) {
            if (!t.shape().equals(shape)) {
                throw new ShapeException("cannot add " + shape.describe() + " and " + t.shape().describe());
            }
            for (Expr u : t instanceof Expr.Add a ? a.terms() : List.of(t)) {
                if (u instanceof Expr.Num n) {
                    if (numIndex < 0) {
                        numIndex = flat.size();
                        flat.add(u);
                    }
                    numSum += n.value();
                } else if (!(u instanceof Expr.Zero)) {
                    flat.add(u);
                }
            }
        }
        if (numIndex >= 0) {
            if (numSum == 0.0) flat.remove(numIndex);
            else flat.set(numIndex, num(numSum));
        }
        if (flat.isEmpty()) return zero(shape);
        if (flat.size() == 1) return flat.get(0);
        return new Expr.Add(flat);
    }

    // ------------------------------------------------------------------ products

    public static Expr neg(Expr a) {
        return mul(num(-1), a);
    }

    public static Expr scale(double c, Expr a) {
        return mul(num(c), a);
    }

    /** Left-to-right product of the operands: a scalar operand scales, others multiply as matrices. */
    public static Expr mul(Expr... operands) {
        return mul(List.of(operands));
    }

    public static Expr mul(List<Expr> operands) {
        if (operands.isEmpty()) throw new IllegalArgumentException("empty product");
        if (operands.size() == 1) return mul2(num(1), operands.get(0));
        // one pass, as the left fold mul2(mul2(a, b), c)… would build it, in time linear in the
        // operands (the fold copies the product so far at each step: quadratic on 10,000 factors).
        // What the fold's intermediate build() does that the last one would not: a chain whose
        // product is a scalar (xᵀ y) becomes one scalar factor before the next operand joins it
        ProductBuilder b = new ProductBuilder();
        b.collect(operands.get(0));
        for (int i = 1; i < operands.size(); i++) {
            if (i > 1) b.scalarChainToFactor();
            b.collect(operands.get(i));
        }
        return b.build();
    }

    private static Expr mul2(Expr left, Expr right) {
        ProductBuilder b = new ProductBuilder();
        b.collect(left);
        b.collect(right);
        return b.build();
    }

    /** Rebuilds a product from parts (used when rewriting inside a product). */
    public static Expr product(double coef, List<Expr> scalars, List<Expr> chain) {
        ProductBuilder b = new ProductBuilder();
        b.coef = coef;
        for (Expr s : scalars) b.collect(s);
        ProductBuilder c = new ProductBuilder();
        for (Expr e : chain) c.collect(e);
        b.absorb(c);
        return b.build();
    }

    private static final class ProductBuilder {
        double coef = 1;
        final List<Expr> scalars = new ArrayList<>();
        final List<Expr> chain = new ArrayList<>();

        void collect(Expr op) {
            if (op instanceof Expr.Num n) {
                coef *= n.value();
            } else if (op instanceof Expr.Mul m) {
                coef *= m.coef();
                scalars.addAll(m.scalars());
                if (m.chain().isEmpty()) return;
                if (m.shape().isScalar()) scalars.add(scalarChain(m.chain()));
                else appendChain(m.chain());
            } else if (op.shape().isScalar()) {
                scalars.add(op);
            } else {
                appendChain(List.of(op));
            }
        }

        /**
         * A chain whose product is 1×1 (xᵀ A y) moved to the scalar factors as one factor, the
         * identities in it dropped, as build() then collect() would do.
         */
        void scalarChainToFactor() {
            if (chain.isEmpty() || !chainShape(chain).isScalar()) return;
            List<Expr> ch = new ArrayList<>(chain);
            if (ch.size() > 1) {
                ch.removeIf(e -> e instanceof Expr.Identity);
                if (ch.isEmpty()) ch.add(chain.get(0));
            }
            chain.clear();
            scalars.add(scalarChain(ch));
        }

        /** Merges another builder's factors (its chain must be a valid product on its own). */
        void absorb(ProductBuilder other) {
            coef *= other.coef;
            scalars.addAll(other.scalars);
            if (other.chain.isEmpty()) return;
            Shape s = chainShape(other.chain);
            if (s.isScalar() && other.chain.size() > 1) {
                scalars.add(scalarChain(other.chain));
            } else {
                appendChain(other.chain);
            }
        }

        private void appendChain(List<Expr> more) {
            if (!chain.isEmpty()) {
                Expr last = chain.get(chain.size() - 1);
                Expr next = more.get(0);
                if (!last.shape().cols().equals(next.shape().rows())) {
                    throw new ShapeException("cannot multiply " + chainShape(chain) + " by "
                            + chainShape(more) + ": " + last.shape().cols() + " ≠ " + next.shape().rows());
                }
            }
            chain.addAll(more);
        }

        /** A scalar-valued chain (xᵀ A y) kept whole as one scalar factor; 0 if a factor is zero. */
        private static Expr scalarChain(List<Expr> chain) {
            for (Expr e : chain) if (isZero(e)) return num(0);
            return new Expr.Mul(1, List.of(), chain, Shape.SCALAR);
        }

        Expr build() {
            Shape shape = chain.isEmpty() ? Shape.SCALAR : chainShape(chain);
            if (coef == 0.0) return zero(shape);
            for (Expr e : scalars) if (isZero(e)) return zero(shape);
            for (Expr e : chain) if (isZero(e)) return zero(shape);
            List<Expr> ch = new ArrayList<>(chain);
            if (ch.size() > 1) {
                ch.removeIf(e -> e instanceof Expr.Identity);
                if (ch.isEmpty()) ch.add(chain.get(0));
            }
            List<Expr> sc = new ArrayList<>();
            for (Expr s : scalars) if (!isInverse(s)) sc.add(s);
            for (Expr s : scalars) if (isInverse(s)) sc.add(s);
            if (sc.isEmpty() && ch.size() == 1 && coef == 1.0) return ch.get(0);
            if (sc.isEmpty() && ch.isEmpty()) return num(coef);
            if (sc.size() == 1 && ch.isEmpty() && coef == 1.0) return sc.get(0);
            return new Expr.Mul(coef, sc, ch, shape);
        }
    }

    /** A scalar factor printed as a division: s^-1. */
    public static boolean isInverse(Expr e) {
        return e instanceof Expr.Power p && isNum(p.exponent(), -1) && p.shape().isScalar();
    }

    static Shape chainShape(List<Expr> chain) {
        return new Shape(chain.get(0).shape().rows(), chain.get(chain.size() - 1).shape().cols());
    }

    // ------------------------------------------------------------------ entrywise

    public static Expr hadamard(Expr a, Expr b) {
        return hadamard(List.of(a, b));
    }

    public static Expr elemDiv(Expr a, Expr b) {
        return hadamard(List.of(a, power(b, num(-1))));
    }

    public static Expr hadamard(List<Expr> factors) {
        Shape shape = factors.get(0).shape();
        List<Expr> flat = new ArrayList<>();
        for (Expr f : factors) {
            if (!f.shape().equals(shape)) {
                throw new ShapeException("entrywise product needs equal shapes, got "
                        + shape.describe() + " and " + f.shape().describe());
            }
            if (f instanceof Expr.Hadamard h) flat.addAll(h.factors());
            else flat.add(f);
        }
        for (Expr f : flat) if (isZero(f)) return zero(shape);
        if (flat.size() == 1) return flat.get(0);
        return new Expr.Hadamard(flat);
    }

    public static Expr power(Expr base, Expr exponent) {
        if (!exponent.shape().isScalar()) {
            throw new ShapeException("an exponent must be a scalar, not a " + exponent.shape().describe());
        }
        if (isNum(exponent, 1)) return base;
        if (isZero(base) && exponent instanceof Expr.Num x && x.value() > 0) return base;   // 0.^k = 0
        if (base instanceof Expr.Identity && exponent instanceof Expr.Num x && x.value() > 0) return base;   // I.^k = I
        if (base instanceof Expr.Num b && exponent instanceof Expr.Num x) {
            double v = Math.pow(b.value(), x.value());
            if (!Double.isNaN(v) && !Double.isInfinite(v)) return num(v);
        }
        return new Expr.Power(base, exponent);
    }

    public static Expr transpose(Expr a) {
        if (a.shape().isScalar()) return a;
        if (a instanceof Expr.Transpose t) return t.arg();
        if (a instanceof Expr.Identity) return a;
        if (a instanceof Expr.Commutation k) return commutation(k.n(), k.m());   // K_{m,n}ᵀ = K_{n,m}
        if (a instanceof Expr.Zero) return zero(a.shape().transpose());
        if (a instanceof Expr.Apply ap && ap.fn() == Fn.DIAG && ap.shape().isMatrix()) return a;
        return new Expr.Transpose(a);
    }

    /**
     * The Kronecker product a ⊗ b, of shape (p·q)×(r·s) for a p×r and b q×s. A scalar side scales
     * the other (α ⊗ B = α B), a zero side gives the zero, I ⊗ I is I, and (A ⊗ B) ⊗ C nests to the right as
     * A ⊗ (B ⊗ C) (the product is associative), so that equal products are equal nodes.
     */
    public static Expr kron(Expr a, Expr b) {
        if (a.shape().isScalar() || b.shape().isScalar()) return mul(a, b);
        Shape s = new Shape(Dim.product(a.shape().rows(), b.shape().rows()),
                Dim.product(a.shape().cols(), b.shape().cols()));
        if (isZero(a) || isZero(b)) return zero(s);
        if (a instanceof Expr.Identity && b instanceof Expr.Identity) return identity(s.rows());   // I_m ⊗ I_n = I_{m·n}
        if (a instanceof Expr.Kron k) return kron(k.left(), kron(k.right(), b));
        return new Expr.Kron(a, b, s);
    }

    // ------------------------------------------------------------------ functions

    /** fn(arg), with the shape from fn's rule; fn(0) folded where it has a value (a zero matrix prints as 0). */
    public static Expr apply(Fn fn, Expr arg) {
        Shape s = arg.shape();
        Shape result = fn.resultShape(ShapeRule.DIMS, s);
        // sum(𝟏_n) = n and tr(I_n) = n, for sizes the user named (sum(𝟏) of a 𝟏 of no declared length stays)
        if (!s.isScalar() && !Dim.checkerNamed(s.rows()) && !Dim.checkerNamed(s.cols())) {
            if (fn == Fn.SUM && arg.equals(onesOf(s))) return count(s);
            if (fn == Fn.TR && arg instanceof Expr.Identity) return count(new Shape(s.rows(), Dim.of(1)));
        }
        if (fn == Fn.SUM && arg instanceof Expr.Identity) return apply(Fn.TR, arg);   // sum(I) = tr(I)
        if (fn == Fn.INV && arg instanceof Expr.Commutation k) return commutation(k.n(), k.m());   // K⁻¹ = Kᵀ
        if (fn == Fn.VEC && s.cols().isOne()) return arg;                 // vec(x) = x
        if (fn == Fn.VEC && s.rows().isOne()) return transpose(arg);      // vec(xᵀ) = x
        if (isZero(arg)) {
            Expr folded = fn.atZero(s, result);
            if (folded != null) return folded;
        }
        return new Expr.Apply(fn, arg, result);
    }

    /**
     * The number of entries of a shape as a scalar: its sizes used as numbers (n B, a literal size
     * as itself, 1 for a scalar).
     */
    public static Expr count(Shape s) {
        List<Expr> sizes = new ArrayList<>();
        for (Dim d : List.of(s.rows(), s.cols())) {
            for (Dim f : d.factors()) {
                if (f instanceof Dim.Lit l) sizes.add(num(l.size()));
                else sizes.add(size(((Dim.Sym) f).name()));
            }
        }
        return sizes.isEmpty() ? num(1) : mul(sizes);
    }

    /** The all-ones value of a shape: 1, 𝟏, 𝟏ᵀ or 𝟏 𝟏ᵀ. */
    public static Expr onesOf(Shape s) {
        if (s.isScalar()) return num(1);
        if (s.cols().isOne()) return ones(s.rows());
        if (s.rows().isOne()) return transpose(ones(s.cols()));
        return mul(ones(s.rows()), transpose(ones(s.cols())));
    }

    /** h(A); of a zero matrix, h(0) times ones (a zero matrix prints as 0: h(0) would read as a scalar). */
    public static Expr userFn(String name, int primes, Expr arg) {
        if (isZero(arg) && !arg.shape().isScalar()) {
            return mul(new Expr.UserFn(Expr.Kind.USER, name, primes, num(0)), onesOf(arg.shape()));
        }
        return new Expr.UserFn(Expr.Kind.USER, name, primes, arg);
    }

    /** A rule's pattern function ?h applied to an argument, named with its ?. */
    public static Expr patternFn(String name, int primes, Expr arg) {
        return new Expr.UserFn(Expr.Kind.PATTERN, name, primes, arg);
    }

    /** The name rule files write the differential d(e) with (reserved there; users cannot call d). */
    public static final String DIFFERENTIAL = "d";

    /** The differential d(e), as rule files write it. */
    public static Expr differential(Expr e) {
        return new Expr.UserFn(Expr.Kind.DIFFERENTIAL, DIFFERENTIAL, 0, e);
    }

    public static boolean isDifferential(Expr e) {
        return e instanceof Expr.UserFn u && u.kind() == Expr.Kind.DIFFERENTIAL;
    }

    /** A pattern variable ?a of a rule. */
    public static boolean isPattern(Expr e) {
        return e instanceof Expr.Var v && v.kind() == Expr.Kind.PATTERN;
    }

    /** A pattern function ?h(…) of a rule. */
    public static boolean isPatternFn(Expr e) {
        return e instanceof Expr.UserFn u && u.kind() == Expr.Kind.PATTERN;
    }

    /** Whether some node of e satisfies the test; a shared sub-expression is looked at once. */
    public static boolean anyNode(Expr e, java.util.function.Predicate<Expr> test) {
        return anyNode(e, test, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** {@link #anyNode(Expr, java.util.function.Predicate)} skipping the nodes in seen (and adding those it visits). */
    public static boolean anyNode(Expr e, java.util.function.Predicate<Expr> test, java.util.Set<Expr> seen) {
        if (!seen.add(e)) return false;
        if (test.test(e)) return true;
        for (Expr c : e.children()) if (anyNode(c, test, seen)) return true;
        return false;
    }

    /** The names of the user's variables (and intermediates held as variables) in e, in the order met. */
    public static java.util.Set<String> variableNames(Expr e) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        anyNode(e, n -> {
            if (n instanceof Expr.Var v && v.kind() == Expr.Kind.USER) out.add(v.name());
            return false;
        });
        return out;
    }

    /** Whether e mentions the user's variable (or named intermediate) of that name. */
    public static boolean mentions(Expr e, String name) {
        return anyNode(e, n -> n instanceof Expr.Var v && v.kind() == Expr.Kind.USER && v.name().equals(name));
    }

    public static Expr dot(Expr a, Expr b) {
        return mul(transpose(a), b);
    }

    // ------------------------------------------------------------------ generic rebuild

    /**
     * The same node with new children (in {@link Expr#children()} order), canonicalised again.
     * Returns the node itself when nothing changed.
     */
    /**
     * The size of e written out as a tree, each shared sub-expression counted at every use
     * (saturating at Long.MAX_VALUE / 4), memoised per node in memo: linear in the DAG's size.
     */
    public static long writtenOut(Expr e, java.util.Map<Expr, Long> memo) {
        Long known = memo.get(e);
        if (known != null) return known;
        long n = 1;
        for (Expr c : e.children()) n = Math.min(Long.MAX_VALUE / 4, n + writtenOut(c, memo));
        memo.put(e, n);
        return n;
    }

    /**
     * e with equal sub-expressions as one object (hash-consed through table): children first, so
     * that each lookup compares children by identity and the whole pass is linear. The value and
     * the structure are e's.
     */
    public static Expr intern(Expr e, java.util.Map<Expr, Expr> table) {
        return intern(e, table, new java.util.IdentityHashMap<>());
    }

    private static Expr intern(Expr e, java.util.Map<Expr, Expr> table, java.util.Map<Expr, Expr> done) {
        Expr known = done.get(e);
        if (known != null) return known;
        List<Expr> kids = new ArrayList<>(e.children().size());
        for (Expr c : e.children()) kids.add(intern(c, table, done));
        Expr n = withChildren(e, kids);
        Expr first = table.putIfAbsent(n, n);
        Expr out = first != null ? first : n;
        done.put(e, out);
        return out;
    }

    public static Expr withChildren(Expr e, List<Expr> kids) {
        // the same children (by identity) give e itself; comparing them structurally first was deep
        // for every node of a long chain, quadratic in its length, and could only lead here too
        List<Expr> old = e.children();
        if (kids.size() == old.size()) {
            boolean same = true;
            for (int i = 0; i < kids.size() && same; i++) same = kids.get(i) == old.get(i);
            if (same) return e;
        }
        return e.accept(new Expr.Visitor<Expr>() {
            @Override public Expr var(Expr.Var v) { return v; }
            @Override public Expr num(Expr.Num v) { return v; }
            @Override public Expr ones(Expr.Ones v) { return v; }
            @Override public Expr identity(Expr.Identity v) { return v; }
            @Override public Expr zero(Expr.Zero v) { return v; }
            @Override public Expr add(Expr.Add v) { return Exprs.add(kids); }

            @Override
            public Expr mul(Expr.Mul v) {
                int ns = v.scalars().size();
                return product(v.coef(), kids.subList(0, ns), kids.subList(ns, kids.size()));
            }

            @Override public Expr hadamard(Expr.Hadamard v) { return Exprs.hadamard(kids); }
            @Override public Expr transpose(Expr.Transpose v) { return Exprs.transpose(kids.get(0)); }
            @Override public Expr power(Expr.Power v) { return Exprs.power(kids.get(0), kids.get(1)); }
            @Override public Expr apply(Expr.Apply v) { return Exprs.apply(v.fn(), kids.get(0)); }
            @Override
            public Expr userFn(Expr.UserFn v) {
                return switch (v.kind()) {
                    case USER -> Exprs.userFn(v.name(), v.primes(), kids.get(0));
                    case PATTERN -> patternFn(v.name(), v.primes(), kids.get(0));
                    case DIFFERENTIAL -> differential(kids.get(0));
                    case SEED, SIZE -> throw new IllegalStateException("a " + v.kind() + " is a variable, not a function");
                };
            }
            @Override public Expr kron(Expr.Kron v) { return Exprs.kron(kids.get(0), kids.get(1)); }
            @Override public Expr commutation(Expr.Commutation v) { return v; }
        });
    }
}
