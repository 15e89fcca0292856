package matcalc.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.shape.Context;

/**
 * Large and deep inputs for the derivation engine, built directly as core expressions (the parse
 * and shape stages are measured on their own): flat sums, long products, deep unary chains. Each
 * workload also gives its text, for the CLI.
 */
public final class Workloads {
    private Workloads() {}

    public static final Shape N = Shape.vector(Dim.sym("n"));
    public static final Expr X = Exprs.var("x", N);
    public static final Expr Y = Exprs.var("y", N);
    public static final Expr A = Exprs.var("a", Shape.SCALAR);

    /** A workload at size n: the checked expression (as Context.check would give it) and its text. */
    public record Workload(String name, String let, String wrt, IntFunction<Expr> build, IntFunction<String> text) {
        public Context.Checked checked(int n) {
            Expr e = build.apply(n);
            Map<String, Shape> vars = new java.util.TreeMap<>();
            collect(e, vars, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            return new Context.Checked(e, Map.of(), vars, new LinkedHashMap<>());
        }
    }

    private static void collect(Expr e, Map<String, Shape> vars, java.util.Set<Expr> seen) {
        List<Expr> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.remove(todo.size() - 1);
            if (!seen.add(x)) continue;
            if (x instanceof Expr.Var v) vars.put(v.name(), v.shape());
            todo.addAll(x.children());
        }
    }

    public static final List<Workload> ALL = List.of(
            new Workload("sum of n x", "x: n", "x", n -> sum(n, i -> X), n -> join(" + ", n, i -> "x")),
            new Workload("sum of n scalars v_i", "", "v0",
                    n -> sum(n, i -> Exprs.var("v" + i, Shape.SCALAR)), n -> join(" + ", n, i -> "v" + i)),
            new Workload("sum of n (xᵀ y)", "x, y: n", "x", n -> sum(n, i -> Exprs.dot(X, Y)), n -> join(" + ", n, i -> "(xᵀ y)")),
            new Workload("product of n a", "a: scalar", "a",
                    n -> product(n, i -> A), n -> join(" ", n, i -> "a")),
            new Workload("product of n scalars a_i", "", "a0",
                    n -> product(n, i -> Exprs.var("a" + i, Shape.SCALAR)), n -> join(" ", n, i -> "a" + i)),
            new Workload("xᵀ A … A x through n A's", "x: n; A: n x n", "x", n -> quadratic(n),
                    n -> "xᵀ " + join(" ", n, i -> "A") + " x"),
            new Workload("n nested exp", "a: scalar", "a", n -> chain(n, A, e -> Exprs.apply(Fn.EXP, e)), n -> nest("exp(", "a", ")", n)),
            new Workload("n nested sum", "x: n", "x", n -> chain(n, X, e -> Exprs.apply(Fn.SUM, e)), n -> nest("sum(", "x", ")", n)),
            new Workload("n nested σ", "x: n", "x", n -> chain(n, X, e -> Exprs.apply(Fn.SIGMOID, e)), n -> nest("σ(", "x", ")", n)),
            new Workload("n nested negations", "x: n", "x", n -> chain(n, X, Exprs::neg), n -> nest("-(", "x", ")", n)),
            new Workload("n transposes", "x: n", "x", n -> chain(n, X, Exprs::transpose), n -> "x" + "ᵀ".repeat(n)),
            new Workload("n nested parentheses", "x: n", "x", n -> X, n -> nest("(", "x", ")", n)));

    public static Workload named(String prefix) {
        for (Workload w : ALL) if (w.name().startsWith(prefix)) return w;
        throw new IllegalArgumentException("no workload " + prefix);
    }

    static Expr sum(int n, IntFunction<Expr> term) {
        List<Expr> terms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) terms.add(term.apply(i));
        return Exprs.add(terms);
    }

    static Expr product(int n, IntFunction<Expr> factor) {
        List<Expr> scalars = new ArrayList<>(n);
        for (int i = 0; i < n; i++) scalars.add(factor.apply(i));
        return Exprs.product(1, scalars, List.of());
    }

    /** xᵀ A A … A x, with n A's: a chain of n + 2 matrix factors. */
    static Expr quadratic(int n) {
        Expr a = Exprs.var("A", new Shape(N.rows(), N.rows()));
        List<Expr> chain = new ArrayList<>(n + 2);
        chain.add(Exprs.transpose(X));
        for (int i = 0; i < n; i++) chain.add(a);
        chain.add(X);
        return Exprs.mul(chain);
    }

    static Expr chain(int n, Expr inner, UnaryOperator<Expr> wrap) {
        Expr e = inner;
        for (int i = 0; i < n; i++) e = wrap.apply(e);
        return e;
    }

    static String join(String sep, int n, IntFunction<String> term) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(sep);
            sb.append(term.apply(i));
        }
        return sb.toString();
    }

    static String nest(String open, String inner, String close, int n) {
        return open.repeat(n) + inner + close.repeat(n);
    }
}
