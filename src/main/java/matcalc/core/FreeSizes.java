package matcalc.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The 𝟏s and Is of an expression whose size its printed text would leave open. Read back, a 𝟏 or
 * an I gets a size of its own, which the shape checker then ties to its neighbours: 𝟏ᵀ x, x + 𝟏,
 * W I. Where nothing ties it (𝟏ᵀ alone, α I, sum(𝟏), tr(I)), the text means a 𝟏 of any length,
 * so the printer writes the size: 𝟏_nᵀ, α I_n, sum(𝟏_n).
 *
 * <p>This is the checker's unification, run over the printed tree: every dimension of every
 * occurrence is a class; a variable's dimensions, 1 and a scalar's are fixed; sums and ⊙ tie
 * their terms' shapes, products their inner dimensions, functions what their {@link ShapeRule}
 * ties (diag(v) is n×n, tr's argument square, sum's result a scalar that ties nothing). A 𝟏 or I
 * whose class ends up unfixed is free. The answer is per value, not per occurrence: a 𝟏 free in one
 * place is sized everywhere it is printed, which is longer but never wrong.
 *
 * <p>Sizes the user never named are not written: the n_𝟏 of a 𝟏 in their own expression, the n_x
 * the checker infers for an undeclared x (all the checker's own names start n_ or m_). The text can
 * say no more about them than the user did, and reads back with a fresh size as their input did.
 */
public final class FreeSizes {
    private final List<Integer> parent = new ArrayList<>();
    private final List<Boolean> fixed = new ArrayList<>();
    private final List<int[]> leaves = new ArrayList<>();   // {class} per 𝟏/I occurrence
    private final List<Expr> leafExprs = new ArrayList<>();
    private final int one;

    private FreeSizes() {
        one = fresh(true);
    }

    /** The 𝟏s and Is (as values) to print with their size; empty, and cheap, when e has none. */
    public static Set<Expr> of(Expr e) {
        if (!hasOnesOrIdentity(e)) return Set.of();
        FreeSizes f = new FreeSizes();
        f.visit(e);
        Set<Expr> out = new HashSet<>();
        for (int i = 0; i < f.leaves.size(); i++) {
            Expr leaf = f.leafExprs.get(i);
            if (!f.fixed.get(f.find(f.leaves.get(i)[0])) && !Dim.checkerNamed(leaf.shape().rows())) out.add(leaf);
        }
        return out;
    }

    private static boolean hasOnesOrIdentity(Expr e) {
        Set<Expr> seen = new HashSet<>();
        Deque<Expr> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (x instanceof Expr.Ones || x instanceof Expr.Identity) return true;
            if (seen.add(x)) todo.addAll(x.children());
        }
        return false;
    }

    // ---------------------------------------------------------------- union-find

    private int fresh(boolean isFixed) {
        parent.add(parent.size());
        fixed.add(isFixed);
        return parent.size() - 1;
    }

    private int find(int a) {
        while (parent.get(a) != a) {
            parent.set(a, parent.get(parent.get(a)));
            a = parent.get(a);
        }
        return a;
    }

    private void unify(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) return;
        parent.set(ra, rb);
        fixed.set(rb, fixed.get(ra) || fixed.get(rb));
    }

    /** The classes of an occurrence's rows and columns. */
    private record Sh(int rows, int cols) {}

    private Sh fixedShape() {
        return new Sh(fresh(true), fresh(true));
    }

    private Sh scalar() {
        return new Sh(one, one);
    }

    private void toScalar(Sh s) {
        unify(s.rows, one);
        unify(s.cols, one);
    }

    private void same(Sh a, Sh b) {
        unify(a.rows, b.rows);
        unify(a.cols, b.cols);
    }

    // ---------------------------------------------------------------- the printed tree

    private Sh visit(Expr e) {
        if (e instanceof Expr.Ones) {
            Sh s = new Sh(fresh(false), one);
            leaves.add(new int[] {s.rows});
            leafExprs.add(e);
            return s;
        }
        if (e instanceof Expr.Identity) {
            int n = fresh(false);
            leaves.add(new int[] {n});
            leafExprs.add(e);
            return new Sh(n, n);
        }
        if (e instanceof Expr.Var || e instanceof Expr.Num) return e.shape().isScalar() ? scalar() : fixedShape();
        if (e instanceof Expr.Zero) return scalar();   // printed 0
        if (e instanceof Expr.Transpose t) {
            Sh a = visit(t.arg());
            return new Sh(a.cols, a.rows);
        }
        if (e instanceof Expr.Add || e instanceof Expr.Hadamard) return elementwise(e);
        if (e instanceof Expr.Mul m) return product(m);
        if (e instanceof Expr.Power p) {
            Sh base = visit(p.base());
            toScalar(visit(p.exponent()));
            return base;
        }
        if (e instanceof Expr.Apply a) return apply(a);
        if (e instanceof Expr.UserFn u) return visit(u.arg());   // elementwise
        // a node this analysis does not know: its children are analysed, its own shape taken as fixed
        for (Expr c : e.children()) visit(c);
        return e.shape().isScalar() ? scalar() : fixedShape();
    }

    /** + and ⊙ tie their operands' shapes; a scalar among matrices (2 ⊙ X, 1 − x) ties nothing. */
    private Sh elementwise(Expr e) {
        Sh out = null;
        for (Expr c : e.children()) {
            Sh s = visit(c);
            if (c.shape().isScalar() && !e.shape().isScalar()) {
                toScalar(s);
            } else if (out == null) {
                out = s;
            } else {
                same(out, s);
            }
        }
        return out == null ? scalar() : out;
    }

    /** Scalar factors are scalars; the chain ties each factor's columns to the next one's rows. */
    private Sh product(Expr.Mul m) {
        for (Expr s : m.scalars()) toScalar(visit(s));
        if (m.chain().isEmpty()) return scalar();
        Sh first = null;
        Sh last = null;
        for (Expr c : m.chain()) {
            Sh s = visit(c);
            if (last != null) unify(last.cols, s.rows);
            if (first == null) first = s;
            last = s;
        }
        return new Sh(first.rows, last.cols);
    }

    private Sh apply(Expr.Apply a) {
        Sh x = visit(a.arg());
        boolean column = a.arg().shape().cols().isOne();
        switch (a.fn().shapeRule()) {
            case SAME:
                return x;
            case TO_SCALAR:
                return scalar();
            case VECTOR:
                unify(x.cols, one);
                return x;
            case DIAG:
                if (column) return new Sh(x.rows, x.rows);
                unify(x.rows, x.cols);
                return new Sh(x.rows, one);
            case SQUARE_TO_SCALAR:
                unify(x.rows, x.cols);
                return scalar();
            case SQUARE:
                if (!a.arg().shape().isScalar()) unify(x.rows, x.cols);
                return x;
            case COLUMNWISE:
                return x;
            case COLUMNS_TO_ROW:
                return column ? scalar() : new Sh(one, x.cols);
            default:
                return a.shape().isScalar() ? scalar() : fixedShape();
        }
    }
}
