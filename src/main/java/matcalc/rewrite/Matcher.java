package matcalc.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.ShapeException;
import matcalc.core.Shape;

/**
 * Matches a rule's left side against an expression and builds the right side.
 *
 * <p>Sums and Hadamard products match commutatively; products match as a contiguous run of their
 * factors (coefficient, scalars, then the matrix chain), so `diag(?a) ?b` fires inside W diag(v) x.
 * At the root of a match the rest of a sum or product is kept around the rewrite; below the root a
 * trailing pattern variable absorbs the remaining terms or factors, so `d(?A ?B)` splits any product
 * into its first factor and the rest.
 */
public final class Matcher {
    private Matcher() {}

    /** A match at the root of a target: its bindings and how to put the instantiated right side back. */
    public record Match(Bindings bindings, Function<Expr, Expr> rebuild) {}

    /** The first match of pattern at the root of target that accept approves, or null. */
    public static Match matchRoot(Expr pattern, Expr target, Predicate<Bindings> accept) {
        Match[] found = new Match[1];
        matches(pattern, target, accept, m -> {
            found[0] = m;
            return true;
        });
        return found[0];
    }

    /**
     * The matches at the root (every window of a product, every choice of terms of a sum), fed to
     * sink until it returns true: a caller that wants only a few does not pay for all of them.
     */
    public static void eachMatch(Expr pattern, Expr target, Predicate<Bindings> accept, Predicate<Match> sink) {
        matches(pattern, target, accept, sink);
    }

    /**
     * Bindings of pattern against the whole of target (nothing of a sum or product is left around
     * the match; a trailing pattern variable takes the rest, as below the root) that accept
     * approves, or null.
     */
    public static Bindings matchWhole(Expr pattern, Expr target, Predicate<Bindings> accept) {
        Bindings[] found = new Bindings[1];
        match(pattern, target, new Bindings(), b -> {
            if (!accept.test(b)) return false;
            found[0] = b;
            return true;
        });
        return found[0];
    }

    /** Feeds matches to sink until it returns true. */
    private static void matches(Expr pattern, Expr target, Predicate<Bindings> accept, Predicate<Match> sink) {
        if (pattern instanceof Expr.Add pa && target instanceof Expr.Add ta) {
            rootCommutative(pa.terms(), ta.terms(), accept, sink, Exprs::add);
        } else if (pattern instanceof Expr.Hadamard ph && target instanceof Expr.Hadamard th) {
            rootCommutative(ph.factors(), th.factors(), accept, sink, Exprs::hadamard);
        } else if (pattern instanceof Expr.Mul pm && target instanceof Expr.Mul tm) {
            List<Expr> p = flat(pm);
            List<Expr> t = flat(tm);
            // a factor of the pattern that nothing in the product could match: no match anywhere
            // (checked once, not at each start with each run length)
            if (!headsPresent(p, t)) return;
            if (anchored(p)) {
                anchoredMatches(p, t, accept, sink);
                return;
            }
            Expr first = Exprs.isPattern(p.get(0)) ? null : p.get(0);
            for (int start = 0; start < t.size(); start++) {
                if (first != null && !sameHead(first, t.get(start))) continue;
                if (seq(p, 0, t, start, false, new Bindings(), rootSink(t, start, accept, sink))) return;
            }
        } else {
            match(pattern, target, new Bindings(), b -> accept.test(b) && sink.test(new Match(b, rhs -> rhs)));
        }
    }

    /** What a match of a product pattern from t[start] to t[end] gives: the rest of t kept around it. */
    private static SeqK rootSink(List<Expr> t, int start, Predicate<Bindings> accept, Predicate<Match> sink) {
        List<Expr> prefix = t.subList(0, start);
        return (b, end) -> {
            if (!accept.test(b)) return false;
            List<Expr> suffix = t.subList(end, t.size());
            return sink.test(new Match(b, rhs -> {
                List<Expr> all = new ArrayList<>(prefix);
                all.add(rhs);
                all.addAll(suffix);
                return Exprs.mul(all);
            }));
        };
    }

    /** ?A ?Aᵀ …, ?A inv(?A) …: a pattern whose first variable the next factor fixes. */
    private static boolean anchored(List<Expr> p) {
        return p.size() >= 2 && Exprs.isPattern(p.get(0)) && !Exprs.isPattern(p.get(1))
                && mentions(p.get(1), ((Expr.Var) p.get(0)).name());
    }

    /**
     * The matches of an {@link #anchored} pattern, found from where its second factor matches: that
     * match says what the first variable is, and so how many factors before it the match starts (one,
     * or as many as the product it stands for). The same matches, in the same order, as trying every
     * start and every run length, without building a product for each (cubic on a product of 10,000
     * factors, where ?A ?Aᵀ was tried at every start with every length).
     */
    private static void anchoredMatches(List<Expr> p, List<Expr> t, Predicate<Bindings> accept, Predicate<Match> sink) {
        String name = ((Expr.Var) p.get(0)).name();
        Expr following = p.get(1);
        java.util.TreeSet<Long> starts = new java.util.TreeSet<>();   // (start, length) in trying order
        for (int e = 1; e < t.size(); e++) {
            if (!sameHead(following, t.get(e))) continue;
            int end = e;
            match(following, t.get(e), new Bindings(), b -> {
                Expr bound = b.get(name);
                int len = bound instanceof Expr.Mul m ? flat(m).size() : 1;
                if (end - len >= 0 && (len > 1 || bound.equals(t.get(end - 1)))) starts.add(((long) (end - len) << 32) | len);
                return false;
            });
        }
        for (long key : starts) {
            int start = (int) (key >>> 32);
            int len = (int) key;
            Expr run;
            try {
                run = len == 1 ? t.get(start) : Exprs.mul(t.subList(start, start + len));
            } catch (ShapeException e) {
                continue;
            }
            SeqK k = rootSink(t, start, accept, sink);
            if (match(p.get(0), run, new Bindings(), b -> seq(p, 1, t, start + len, false, b, k))) return;
        }
    }

    private static void rootCommutative(List<Expr> p, List<Expr> t, Predicate<Bindings> accept, Predicate<Match> sink,
                                        Function<List<Expr>, Expr> make) {
        int[] assigned = new int[p.size()];
        assign(p, t, 0, assigned, new Bindings(), b -> {
            if (!accept.test(b)) return false;
            boolean[] used = new boolean[t.size()];
            int first = Integer.MAX_VALUE;
            for (int a : assigned) {
                used[a] = true;
                first = Math.min(first, a);
            }
            int insertAt = first;
            return sink.test(new Match(b, rhs -> {
                List<Expr> all = new ArrayList<>();
                for (int i = 0; i < t.size(); i++) {
                    if (i == insertAt) all.add(rhs);
                    if (!used[i]) all.add(t.get(i));
                }
                return make.apply(all);
            }));
        });
    }

    /** Continuation for sequence matching: the bindings and where in the target the match ended. */
    private interface SeqK {
        boolean test(Bindings b, int end);
    }

    /**
     * Matches pattern factors p[i..] against target factors from t[j]; a bare pattern variable may
     * take a run of one or more factors (associativity). With mustEnd the match must use all of t.
     */
    private static boolean seq(List<Expr> p, int i, List<Expr> t, int j, boolean mustEnd, Bindings b, SeqK k) {
        if (i == p.size()) return (!mustEnd || j == t.size()) && k.test(b, j);
        int remainingPattern = p.size() - i;
        if (t.size() - j < remainingPattern) return false;
        Expr pi = p.get(i);
        if (Exprs.isPattern(pi) && b.get(((Expr.Var) pi).name()) == null) {
            int maxLen = t.size() - j - (remainingPattern - 1);
            Expr.Var var = (Expr.Var) pi;
            int firstMatrix = firstMatrix(t, j);
            if (mustEnd && i == p.size() - 1) {
                if (maxLen < 1) return false;
                int only = maxLen;
                if (!runFits(var, b, t, j, firstMatrix, only)) return false;
                Expr run;
                try {
                    run = only == 1 ? t.get(j) : Exprs.mul(t.subList(j, j + only));
                } catch (ShapeException e) {
                    return false;
                }
                return match(pi, run, b, b2 -> seq(p, i + 1, t, t.size(), mustEnd, b2, k));
            }
            // the run ends where the next pattern factor can match: only those ends are tried, so
            // that ?A inv(?A) on a product of 10,000 factors without inv costs one look at each
            Expr following = i + 1 < p.size() && !Exprs.isPattern(p.get(i + 1)) ? p.get(i + 1) : null;
            boolean bindsVar = following != null && mentions(following, var.name());
            // (?A ?b)ᵀ: the last variable takes the rest, which must fit it before ?A's run is built
            Expr.Var rest = mustEnd && i + 2 == p.size() && Exprs.isPattern(p.get(i + 1))
                    && b.get(((Expr.Var) p.get(i + 1)).name()) == null ? (Expr.Var) p.get(i + 1) : null;
            for (int len = 1; len <= maxLen; len++) {
                if (following != null && !sameHead(following, t.get(j + len))) continue;
                if (len > 1 && !runFits(var, b, t, j, firstMatrix, len)) continue;
                if (rest != null && !runFits(rest, b, t, j + len, firstMatrix(t, j + len), t.size() - j - len)) continue;
                if (bindsVar) {
                    // ?A ?Aᵀ, ?A inv(?A): the next factor says what the run must be, so it is matched
                    // first and the run compared with that; a run of two or more factors is a product
                    // and can only equal one, so on Aᵀ Aᵀ … Aᵀ no product is built
                    int end = j + len;
                    int runLen = len;
                    if (match(following, t.get(end), b, b2 -> {
                        Expr bound = b2.get(var.name());
                        if (runLen > 1 && !(bound instanceof Expr.Mul)) return false;
                        Expr run;
                        try {
                            run = runLen == 1 ? t.get(j) : Exprs.mul(t.subList(j, end));
                        } catch (ShapeException e) {
                            return false;
                        }
                        return bound.equals(run) && seq(p, i + 2, t, end + 1, mustEnd, b2, k);
                    })) return true;
                    continue;
                }
                Expr run;
                try {
                    run = len == 1 ? t.get(j) : Exprs.mul(t.subList(j, j + len));
                } catch (ShapeException e) {
                    continue;
                }
                int next = j + len;
                if (match(pi, run, b, b2 -> seq(p, i + 1, t, next, mustEnd, b2, k))) return true;
            }
            return false;
        }
        return match(pi, t.get(j), b, b2 -> seq(p, i + 1, t, j + 1, mustEnd, b2, k));
    }

    /** Whether pattern variable name occurs in e. */
    private static boolean mentions(Expr e, String name) {
        if (Exprs.isPattern(e)) return ((Expr.Var) e).name().equals(name);
        for (Expr c : e.children()) if (mentions(c, name)) return true;
        return false;
    }

    /** The first factor of t from j on that is not a scalar (t.size() if none). */
    private static int firstMatrix(List<Expr> t, int j) {
        int k = j;
        while (k < t.size() && t.get(k).shape().isScalar()) k++;
        return k;
    }

    /**
     * Whether the product of the run t[j, j + len) could be bound to pattern variable v: its rows
     * are its first matrix factor's and its columns its last one's (a scalar if it has none). A
     * cheap necessary condition checked before the run's product is built, so that (?A ?b)ᵀ on a
     * chain of 10,000 factors builds one product (the split that leaves a vector), not 10,000.
     */
    private static boolean runFits(Expr.Var v, Bindings b, List<Expr> t, int j, int firstMatrix, int len) {
        int last = j + len - 1;
        Shape s = firstMatrix > last ? Shape.SCALAR
                : new Shape(t.get(firstMatrix).shape().rows(), t.get(last).shape().cols());
        if (v.shape().cols().isOne() && !v.shape().rows().isOne() && s.isScalar()) return false;
        return fits(v.shape().rows(), s.rows(), b) && fits(v.shape().cols(), s.cols(), b)
                && (!v.shape().rows().equals(v.shape().cols()) || s.rows().equals(s.cols()));
    }

    /** Whether actual could be bound to pattern dimension p (as {@link Bindings#dim}, without binding it). */
    private static boolean fits(Dim p, Dim actual, Bindings b) {
        if (!(p instanceof Dim.Sym sym)) return p.equals(actual);
        Dim bound = b.dimOf(sym.name());
        return bound == null || bound.equals(actual);
    }

    /**
     * Whether every pattern term that is not a bare variable has a target term it could match at
     * its head: a long sum or ⊙ with none is passed over at once instead of trying every
     * assignment of the other pattern terms (quadratic in the number of terms).
     */
    private static boolean headsPresent(List<Expr> p, List<Expr> t) {
        // indexed loops: this runs for every rule at every sum, product and ⊙, and iterators were
        // a good part of the simplifier's allocation (JFR)
        for (int i = 0, np = p.size(); i < np; i++) {
            Expr q = p.get(i);
            if (Exprs.isPattern(q)) continue;
            boolean found = false;
            for (int j = 0, nt = t.size(); j < nt && !found; j++) found = sameHead(q, t.get(j));
            if (!found) return false;
        }
        return true;
    }

    /**
     * Whether pattern p could match target t at their heads: a cheap necessary condition, so that
     * no product is built for a placement that would fail at its first node.
     */
    private static boolean sameHead(Expr p, Expr t) {
        if (p.getClass() != t.getClass()) return false;
        if (p instanceof Expr.Apply pa) return pa.fn() == ((Expr.Apply) t).fn();
        if (p instanceof Expr.Var || p instanceof Expr.Num) return p.equals(t);
        // inv(?A)ᵀ against Aᵀ: the transposed parts' heads too
        if (p instanceof Expr.Transpose pt) {
            Expr inner = pt.arg();
            return Exprs.isPattern(inner) || sameHead(inner, ((Expr.Transpose) t).arg());
        }
        return true;
    }

    /** Injective assignment of pattern terms to target terms, backtracking. */
    private static boolean assign(List<Expr> p, List<Expr> t, int i, int[] assigned, Bindings b, Predicate<Bindings> k) {
        if (i == 0 && !headsPresent(p, t)) return false;
        if (i == p.size()) return k.test(b);
        boolean bare = Exprs.isPattern(p.get(i));
        for (int j = 0; j < t.size(); j++) {
            if (!bare && !sameHead(p.get(i), t.get(j))) continue;
            boolean taken = false;
            for (int q = 0; q < i; q++) taken |= assigned[q] == j;
            if (taken) continue;
            assigned[i] = j;
            if (match(p.get(i), t.get(j), b, b2 -> assign(p, t, i + 1, assigned, b2, k))) return true;
        }
        return false;
    }

    /** The factors of a product in matching order: the coefficient (if not 1), scalars, the chain. */
    static List<Expr> flat(Expr.Mul m) {
        if (m.coef() == 1) return m.children();   // scalars then chain, not copied
        List<Expr> out = new ArrayList<>();
        if (m.coef() != 1) out.add(Exprs.num(m.coef()));
        out.addAll(m.scalars());
        out.addAll(m.chain());
        return out;
    }

    // ---------------------------------------------------------------- exact matching (below the root)

    static boolean match(Expr p, Expr t, Bindings b, Predicate<Bindings> k) {
        if (Exprs.isPattern(p)) return matchVar((Expr.Var) p, t, b, k);
        if (p.getClass() != t.getClass()) return false;
        if (p instanceof Expr.Var || p instanceof Expr.Num) return p.equals(t) && k.test(b);
        if (p instanceof Expr.Ones || p instanceof Expr.Identity || p instanceof Expr.Zero) {
            Bindings b2 = b.copy();
            return shapes(p.shape(), t.shape(), b2) && k.test(b2);
        }
        if (p instanceof Expr.Commutation pk) {
            // K's two sizes, not its shape m·n: the shape alone does not tell K_{m,n} from K_{n,m}
            Expr.Commutation tk = (Expr.Commutation) t;
            Bindings b2 = b.copy();
            return b2.dim(pk.m(), tk.m()) && b2.dim(pk.n(), tk.n()) && k.test(b2);
        }
        if (p instanceof Expr.Apply pa) {
            return pa.fn() == ((Expr.Apply) t).fn() && match(pa.arg(), ((Expr.Apply) t).arg(), b, k);
        }
        if (p instanceof Expr.UserFn pu) return matchUserFn(pu, (Expr.UserFn) t, b, k);
        if (p instanceof Expr.Add pa) return commutative(pa.terms(), ((Expr.Add) t).terms(), b, k, Exprs::add);
        if (p instanceof Expr.Hadamard ph) {
            return commutative(ph.factors(), ((Expr.Hadamard) t).factors(), b, k, Exprs::hadamard);
        }
        if (p instanceof Expr.Mul pm) return sequence(flat(pm), flat((Expr.Mul) t), b, k);
        return matchList(p.children(), t.children(), 0, b, k);
    }

    private static boolean matchVar(Expr.Var p, Expr t, Bindings b, Predicate<Bindings> k) {
        Expr bound = b.get(p.name());
        if (bound != null) return bound.equals(t) && k.test(b);
        // ?a stands for a vector: it does not match a scalar
        if (p.shape().cols().isOne() && !p.shape().rows().isOne() && t.shape().isScalar()) return false;
        Bindings b2 = b.copy();
        if (!shapes(p.shape(), t.shape(), b2)) return false;
        b2.putExpr(p.name(), t);
        return k.test(b2);
    }

    private static boolean matchUserFn(Expr.UserFn p, Expr.UserFn t, Bindings b, Predicate<Bindings> k) {
        if (!Exprs.isPatternFn(p)) {
            return p.kind() == t.kind() && p.name().equals(t.name()) && p.primes() == t.primes()
                    && match(p.arg(), t.arg(), b, k);
        }
        // ?h stands for a user's function h, h', …: never for d(…)
        if (t.kind() != Expr.Kind.USER || t.primes() < p.primes()) return false;
        Bindings.Function f = new Bindings.Function(t.name(), t.primes() - p.primes());
        Bindings.Function bound = b.function(p.name());
        if (bound != null && !bound.equals(f)) return false;
        Bindings b2 = b.copy();
        b2.putFunction(p.name(), f);
        return match(p.arg(), t.arg(), b2, k);
    }

    private static boolean shapes(Shape p, Shape t, Bindings b) {
        return b.dim(p.rows(), t.rows()) && b.dim(p.cols(), t.cols());
    }

    static boolean matchList(List<Expr> p, List<Expr> t, int i, Bindings b, Predicate<Bindings> k) {
        if (p.size() != t.size()) return false;
        if (i == p.size()) return k.test(b);
        return match(p.get(i), t.get(i), b, b2 -> matchList(p, t, i + 1, b2, k));
    }

    /** Products below the root: all factors used, in order; a pattern variable may take a run of them. */
    private static boolean sequence(List<Expr> p, List<Expr> t, Bindings b, Predicate<Bindings> k) {
        return seq(p, 0, t, 0, true, b, (b2, end) -> k.test(b2));
    }

    /** Sums and Hadamard products below the root: every term used; a trailing variable may take the rest. */
    private static boolean commutative(List<Expr> p, List<Expr> t, Bindings b, Predicate<Bindings> k,
                                       Function<List<Expr>, Expr> make) {
        int last = p.size() - 1;
        boolean absorb = t.size() > p.size() && Exprs.isPattern(p.get(last));
        if (!absorb && p.size() != t.size()) return false;
        List<Expr> fixed = absorb ? p.subList(0, last) : p;
        int[] assigned = new int[fixed.size()];
        return assign(fixed, t, 0, assigned, b, b2 -> {
            if (!absorb) return k.test(b2);
            boolean[] used = new boolean[t.size()];
            for (int a : assigned) used[a] = true;
            List<Expr> rest = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) if (!used[i]) rest.add(t.get(i));
            return match(p.get(last), make.apply(rest), b2, k);
        });
    }

    // ---------------------------------------------------------------- building the right side

    /** The right side with its pattern variables, dimensions and functions replaced. */
    public static Expr instantiate(Expr rhs, Bindings b) {
        return instantiate(rhs, b, UnaryOperator.identity());
    }

    /**
     * The right side as {@link #instantiate(Expr, Bindings)} builds it, each node it builds (not
     * what a pattern variable stands for) passed through built as soon as it is made, innermost first.
     */
    public static Expr instantiate(Expr rhs, Bindings b, UnaryOperator<Expr> built) {
        return new Instantiate(b, built).go(rhs);
    }

    private static final class Instantiate {
        private final Bindings b;
        private final UnaryOperator<Expr> built;
        private final Map<Expr, Expr> memo = new HashMap<>();

        Instantiate(Bindings b, UnaryOperator<Expr> built) {
            this.b = b;
            this.built = built;
        }

        Expr go(Expr e) {
            Expr done = memo.get(e);
            if (done != null) return done;
            Expr out = build(e);
            memo.put(e, out);
            return out;
        }

        private Dim dim(Dim d) {
            if (d instanceof Dim.Lit) return d;
            if (d instanceof Dim.Prod) return Dim.product(d.factors().stream().map(this::dim).toList());
            Dim bound = b.dimOf(((Dim.Sym) d).name());
            if (bound == null) throw new IllegalStateException("unbound pattern dimension " + d);
            return bound;
        }

        private Expr build(Expr e) {
            if (Exprs.isPattern(e)) {
                Expr bound = b.get(((Expr.Var) e).name());
                if (bound == null) throw new IllegalStateException("unbound pattern variable " + e);
                return bound;
            }
            if (e instanceof Expr.Ones) return Exprs.ones(dim(e.shape().rows()));
            if (e instanceof Expr.Identity) return Exprs.identity(dim(e.shape().rows()));
            if (e instanceof Expr.Commutation k) return Exprs.commutation(dim(k.m()), dim(k.n()));
            if (e instanceof Expr.Zero) return Exprs.zero(new Shape(dim(e.shape().rows()), dim(e.shape().cols())));
            if (Exprs.isPatternFn(e)) {
                Expr.UserFn u = (Expr.UserFn) e;
                Bindings.Function f = b.function(u.name());
                return built.apply(Exprs.userFn(f.name(), f.primes() + u.primes(), go(u.arg())));
            }
            List<Expr> kids = new ArrayList<>();
            for (Expr c : e.children()) kids.add(go(c));
            return built.apply(Exprs.withChildren(e, kids));
        }
    }
}
