package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.rewrite.Facts;
import matcalc.rewrite.Limits;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.Simplifier;
import matcalc.rewrite.Step;
import matcalc.syntax.MatcalcException;

/**
 * Derivatives of an expression with respect to one or more variables.
 *
 * <ol>
 *   <li>The differential df is built from rules/derivatives.rules ({@link Differentials}).</li>
 *   <li>For a scalar f, one reverse sweep ({@link Adjoints}) gives the gradient for every variable
 *       at once, sharing the back-propagated δ's. For a vector f and a vector or scalar variable,
 *       forward accumulation ({@link Jacobians}) gives the Jacobian. For a vector f and a matrix
 *       variable, the reverse sweep is seeded with δᵀ, giving δ ∂f/∂W: the order-3 tensor by its
 *       contraction with a row vector δ, as the slides contract it. For a matrix F, the sweep is
 *       seeded with a matrix Δ of F's shape: Σ_ij Δ_ij ∂F_ij/∂X, the order-3 or 4 tensor contracted.
 *       The seeds are variables of the kind {@link Expr.Kind#SEED}, renamed where f uses the letter.</li>
 *   <li>The layout is applied, the result simplified with rules/simplify.rules and the user's
 *       assumptions, and the named intermediates folded back in for display.</li>
 * </ol>
 */
public final class Deriver {
    private final RuleSet derivativeRules;
    private final RuleSet simplifyRules;
    private final Facts facts;
    private final Limits limits;
    private final Set<String> namesInUse = new HashSet<>();

    public Deriver(RuleSet derivativeRules, RuleSet simplifyRules, Facts facts, Limits limits) {
        this.derivativeRules = derivativeRules;
        this.simplifyRules = simplifyRules;
        this.facts = facts;
        this.limits = limits;
    }

    private Map<String, matcalc.core.Elementwise> stated = Map.of();

    /** Stated derivatives (h'(u) = 1 − h(u).^2, by h): put in place of every h'(…) in the differential. */
    public Deriver withStated(Map<String, matcalc.core.Elementwise> statedDerivatives) {
        this.stated = Map.copyOf(statedDerivatives);
        return this;
    }

    /**
     * Names the seeds must not take besides those of f and the named intermediates: the steps show
     * the derivatives of several parts of one expression side by side.
     */
    public Deriver avoiding(Set<String> names) {
        namesInUse.addAll(names);
        return this;
    }

    public Map<String, Derivative> derive(Expr f, List<Expr.Var> wrts, Layout layout,
                                          Map<String, Expr> definitions, Map<Expr, Expr> assumptions) {
        Differentials differentials = new Differentials(derivativeRules, new Dependence(new HashSet<>(wrts)));
        Expr df = matcalc.core.Elementwise.substitute(differentials.d(f), stated);
        Simplifier simplifier = new Simplifier(simplifyRules, facts, assumptions, limits);
        Map<String, Expr> raw = new LinkedHashMap<>();
        Map<String, Expr.Var> deltas = new HashMap<>();

        Set<Expr.Var> differentialsOfWrts = new HashSet<>();
        for (Expr.Var v : wrts) differentialsOfWrts.add(Exprs.differentialOf(v));
        if (f.shape().isMatrix() || f.shape().isRow()) {
            // a matrix F: its derivative has order 3 or 4; it is given contracted with a matrix Δ of
            // F's shape, Σ_ij Δ_ij ∂F_ij/∂X, by a reverse sweep seeded with Δ
            Expr.Var delta = seed("Δ", f.shape(), f, definitions);
            Map<Expr.Var, Expr> grads = new Adjoints(differentialsOfWrts).run(df, delta);
            for (Expr.Var v : wrts) {
                if (v.shape().isScalar()) {
                    // ∂F/∂α for a scalar α is a matrix of F's shape: dF with dα = 1 (in every layout)
                    raw.put(v.name(), directional(df, v, wrts));
                    continue;
                }
                Expr g = grads.getOrDefault(Exprs.differentialOf(v), Exprs.zero(v.shape()));
                raw.put(v.name(), arrangeGradient(g, v, layout));
                deltas.put(v.name(), delta);
            }
        } else if (f.shape().isScalar()) {
            Map<Expr.Var, Expr> grads = new Adjoints(differentialsOfWrts).run(df, Exprs.num(1));
            for (Expr.Var v : wrts) {
                Expr g = grads.getOrDefault(Exprs.differentialOf(v), Exprs.zero(v.shape()));
                raw.put(v.name(), arrangeGradient(g, v, layout));
            }
        } else {
            for (Expr.Var v : wrts) {
                if (v.shape().isMatrix() || v.shape().isRow()) {
                    Expr.Var delta = seed("δ", Shape.matrix(matcalc.core.Dim.ONE, f.shape().rows()), f, definitions);
                    Expr.Var dv = Exprs.differentialOf(v);
                    Map<Expr.Var, Expr> g = new Adjoints(Set.of(dv)).run(df, Exprs.transpose(delta));
                    raw.put(v.name(), g.getOrDefault(dv, Exprs.zero(v.shape())));
                    deltas.put(v.name(), delta);
                } else {
                    // the other variables' differentials are 0 here: ∂(α y)/∂α is y, not y + α ∂y
                    Expr j = new Jacobians(Exprs.differentialOf(v)).of(withOthersConstant(df, v, wrts));
                    raw.put(v.name(), layout == Layout.DENOMINATOR ? Exprs.transpose(j) : j);
                }
            }
        }
        Map<String, Derivative> out = new LinkedHashMap<>();
        Folding folding = new Folding(definitions);
        Sizes sizes = new Sizes();
        for (Expr.Var v : wrts) {
            int before = simplifier.trace().size();
            Expr simplified = simplifier.simplify(raw.get(v.name()));
            sizes.refuseIfHuge(simplified, v);
            List<Step> steps = new ArrayList<>(simplifier.trace().subList(before, simplifier.trace().size()));
            out.put(v.name(), new Derivative(f, v, layout, simplified, folding.fold(simplified), deltas.get(v.name()),
                    differentials.trace(), steps));
        }
        return out;
    }

    /**
     * ∂vec(f)/∂vec(X) for a vector or matrix f and a matrix X, written out as a matrix (rows: the
     * entries of vec(f); columns: those of vec(X)): the forward Jacobian of vec(df), with
     * rules/jacobian.rules moving ∂X into vec(∂X) (vec(A ∂X B) = (Bᵀ ⊗ A) vec(∂X), vec(∂X ⊙ Y) =
     * vec(∂X) ⊙ vec(Y), …). The returned derivative's f is vec(f), so that the verifier compares it
     * with finite differences of vec(f) along vec(ΔX). A transpose reads through the commutation
     * matrix, vec(∂Xᵀ) = K vec(∂X), and ⊗ through {@link Jacobians#vecOfKron}; a form it cannot
     * read is refused.
     */
    public Derivative vecJacobian(Expr f, Expr.Var v, Map<String, Expr> definitions, Map<Expr, Expr> assumptions) {
        Differentials differentials = new Differentials(derivativeRules, new Dependence(Set.of(v)));
        Expr df = differentials.d(f);
        Simplifier simplifier = new Simplifier(simplifyRules, facts, assumptions, limits);
        Expr vecF = Exprs.apply(Fn.VEC, f);
        Expr j;
        try {
            j = new Jacobians(Exprs.differentialOf(v)).of(Exprs.apply(Fn.VEC, df));
        } catch (MatcalcException e) {
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("\\(at (.*)\\)").matcher(e.getMessage());
            String where = at.find() ? " at " + at.group(1) : "";
            throw MatcalcException.general("matcalc cannot write ∂vec(" + f + ")/∂vec(" + v.name() + ") as a matrix: "
                    + "it has no Kronecker form for the part" + where);
        }
        Expr simplified = simplifier.simplify(j);
        refuseIfHuge(simplified, v);
        List<Step> steps = new ArrayList<>(simplifier.trace());
        return new Derivative(vecF, v, Layout.NUMERATOR, simplified, new Folding(definitions).fold(simplified), null,
                differentials.trace(), steps);
    }

    /**
     * Refuses a result too large to print or read: one that written out as a tree has more than
     * {@link #MAX_WRITTEN_OUT} symbols and that, printed with its shared parts named (each shared
     * part once, {@code matcalc.present.Intermediates}), would still have more. The derivative of
     * 2,000 nested exp is a product of 2,000 factors, each holding the nested exps below it: written
     * out it has millions of symbols, named it has a few thousand. The gradient of a K-layer
     * network likewise: quadratic in K written out, linear named.
     */
    private static void refuseIfHuge(Expr result, Expr.Var v) {
        new Sizes().refuseIfHuge(result, v);
    }

    /**
     * {@link #refuseIfHuge} over several results that share their parts (the K gradients of a
     * K-layer network), linear in their union: the written-out sizes are memoised across them, and
     * a result is measured on its own only when all of them together are too large.
     */
    private static final class Sizes {
        private final Map<Expr, Long> written = new java.util.IdentityHashMap<>();
        private final Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private long union;

        void refuseIfHuge(Expr result, Expr.Var v) {
            long size = Exprs.writtenOut(result, written);
            if (size <= MAX_WRITTEN_OUT) return;
            java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(result));
            while (!todo.isEmpty()) {
                Expr x = todo.pop();
                if (!seen.add(x)) continue;
                union += 1 + x.children().size();
                for (Expr c : x.children()) todo.push(c);
            }
            if (union <= MAX_WRITTEN_OUT || stored(result) <= MAX_WRITTEN_OUT) return;
            throw MatcalcException.general("the derivative by " + v.name() + " written out would have ~"
                    + (size >= Long.MAX_VALUE / 4 ? "more than 10^18" : String.format("%.1e", (double) size))
                    + " symbols (it shares " + shared(result) + " distinct sub-expressions); matcalc does not print"
                    + " results over " + MAX_WRITTEN_OUT + " symbols: differentiate a smaller expression, or name"
                    + " an intermediate (--let 'h = …') and differentiate by it");
        }
    }

    /** The size of e held as a DAG: each distinct node once, with the list of its children. */
    public static long stored(Expr e) {
        Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(e));
        long n = 0;
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (!seen.add(x)) continue;
            n += 1 + x.children().size();
            for (Expr c : x.children()) todo.push(c);
        }
        return n;
    }

    /** Past this many symbols written out, a derivative is refused ({@link #refuseIfHuge}). */
    public static final long MAX_WRITTEN_OUT = 1_000_000;


    private static int shared(Expr e) {
        Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Expr> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.remove(todo.size() - 1);
            if (seen.add(x)) todo.addAll(x.children());
        }
        return seen.size();
    }

    /**
     * The seed of a contraction: a variable of its own kind, so that it is never the user's δ or Δ.
     * It prints as δ or Δ unless f, a named intermediate or {@link #avoiding} already has that
     * name; then as δ1, Δ1, … (the first free one), so that the result, the explanation and a
     * value at a point never mix the two.
     */
    private Expr.Var seed(String letter, Shape shape, Expr f, Map<String, Expr> definitions) {
        Set<String> taken = new HashSet<>(namesInUse);
        taken.addAll(definitions.keySet());
        variableNames(f, taken, new HashSet<>());
        String name = letter;
        for (int k = 1; taken.contains(name); k++) name = letter + k;
        return Exprs.seed(name, shape);
    }

    private static void variableNames(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v) out.add(v.name());
        for (Expr c : e.children()) variableNames(c, out, seen);
    }

    /** dF with d(v) replaced by 1 and the differentials of the other variables by 0. */
    private static Expr directional(Expr df, Expr.Var v, List<Expr.Var> wrts) {
        return matcalc.core.Substitution.replace(withOthersConstant(df, v, wrts), Exprs.differentialOf(v), Exprs.num(1));
    }

    /** dF with the differentials of the variables other than v replaced by 0: the partial differential by v. */
    private static Expr withOthersConstant(Expr df, Expr.Var v, List<Expr.Var> wrts) {
        Expr out = df;
        for (Expr.Var w : wrts) {
            if (w.equals(v)) continue;
            Expr.Var dw = Exprs.differentialOf(w);
            out = matcalc.core.Substitution.replace(out, dw, Exprs.zero(dw.shape()));
        }
        return out;
    }

    /** The gradient G (shape of the variable) in the chosen layout. */
    private static Expr arrangeGradient(Expr g, Expr.Var v, Layout layout) {
        boolean column = v.shape().cols().isOne() && !v.shape().isScalar();
        if (column && layout == Layout.NUMERATOR) return Exprs.transpose(g);
        return g;
    }
}
