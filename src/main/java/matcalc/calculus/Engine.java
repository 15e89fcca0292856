package matcalc.calculus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.rewrite.Limits;
import matcalc.rewrite.RuleSet;
import matcalc.rewrite.Simplifier;
import matcalc.shape.Context;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;
import matcalc.syntax.Suggest;

/**
 * The derivation engine, assembled once: the rule sets, the declared facts (the context's
 * declarations, intermediates and assumptions), the seed of the random points, the verification
 * policy (how many points) and the limits of each simplification. The library's {@code Session},
 * the answer checker, the step-by-step derivations and Hessians all derive through it, so they
 * agree by construction.
 *
 * <p>An engine is a value: the {@code with…} methods return a new one. Its context is the one
 * mutable part, owned by whoever built the engine (a session adds declarations to it).
 */
public final class Engine {
    /** The seed of the random points of every check, fixed so that runs repeat. */
    public static final long DEFAULT_SEED = 20261128L;
    /** How many random points a result is checked at. */
    public static final int DEFAULT_POINTS = 3;

    private static final class Builtin {
        static final RuleSet DERIVATIVES = RuleSet.builtIn("derivatives.rules");
        static final RuleSet SIMPLIFY = RuleSet.builtIn("simplify.rules");
    }

    private final RuleSet derivativeRules;
    private final RuleSet simplifyRules;
    private final Context context;
    private final long seed;
    private final int verifyPoints;
    private final Limits limits;

    private Engine(RuleSet derivativeRules, RuleSet simplifyRules, Context context, long seed, int verifyPoints,
                   Limits limits) {
        this.derivativeRules = derivativeRules;
        this.simplifyRules = simplifyRules;
        this.context = context;
        this.seed = seed;
        this.verifyPoints = verifyPoints;
        this.limits = limits;
    }

    /** The built-in rules (rules/derivatives.rules, rules/simplify.rules) over this context. */
    public static Engine of(Context context) {
        return new Engine(derivativeRules(), simplifyRules(), context, DEFAULT_SEED, DEFAULT_POINTS, Limits.DEFAULT);
    }

    public static RuleSet derivativeRules() {
        return Builtin.DERIVATIVES;
    }

    public static RuleSet simplifyRules() {
        return Builtin.SIMPLIFY;
    }

    /** The identities the forward Jacobian is read with (rules/jacobian.rules). */
    public static RuleSet jacobianRules() {
        return Jacobians.rules();
    }

    /** The same engine over another context (a copy with more declarations, say). */
    public Engine on(Context other) {
        return new Engine(derivativeRules, simplifyRules, other, seed, verifyPoints, limits);
    }

    public Engine withSeed(long newSeed) {
        return new Engine(derivativeRules, simplifyRules, context, newSeed, verifyPoints, limits);
    }

    /** How many random points each result is checked at; 0 turns the check off. */
    public Engine withVerifyPoints(int points) {
        if (points < 0) throw new IllegalArgumentException("verify points must be 0 or more, got " + points);
        return new Engine(derivativeRules, simplifyRules, context, seed, points, limits);
    }

    public Engine withLimits(Limits newLimits) {
        return new Engine(derivativeRules, simplifyRules, context, seed, verifyPoints, newLimits);
    }

    public Context context() {
        return context;
    }

    public long seed() {
        return seed;
    }

    public int verifyPoints() {
        return verifyPoints;
    }

    public Limits limits() {
        return limits;
    }

    public DeclaredFacts facts() {
        return new DeclaredFacts(context);
    }

    public Deriver deriver() {
        return new Deriver(derivativeRules, simplifyRules, facts(), limits).withStated(context.statedDerivatives());
    }

    /** A fresh simplifier with the engine's rules and facts and these assumptions; its time runs from now. */
    public Simplifier simplifier(Map<Expr, Expr> assumptions) {
        return new Simplifier(simplifyRules, facts(), assumptions, limits);
    }

    /** A verifier with the engine's seed whose points respect the declared properties. */
    public Verifier verifier() {
        return new Verifier(seed).withProperties(properties()).withStated(context.statedDerivatives());
    }

    /** The declared properties (symmetric, spd, diagonal, orthogonal) of every declared variable. */
    public Map<String, List<String>> properties() {
        return context.properties();
    }

    /** Parses and type-checks an expression in the engine's context. */
    public Context.Checked check(String expression) {
        return withDerivatives(context.check("input", expression));
    }

    /**
     * The derivatives of the user's functions, by name: h' as stated (h'(u) = 1 − h(u).^2), and f'
     * of a function defined by its body (f(u) = u ⊙ σ(u)) derived from that body with u a scalar.
     */
    public Map<String, matcalc.core.Elementwise> userDerivatives() {
        Map<String, matcalc.core.Elementwise> out = new LinkedHashMap<>(context.statedDerivatives());
        context.definedFunctions().forEach((name, f) -> {
            Expr.Var u = (Expr.Var) Exprs.var(f.param(), matcalc.core.Shape.SCALAR);
            Derivative d = deriver().derive(f.body(), List.of(u), Layout.NUMERATOR, Map.of(), Map.of()).get(u.name());
            matcalc.core.Elementwise derived = new matcalc.core.Elementwise(f.param(), d.expr());
            if (derived.notEntrywise() != null) {
                throw MatcalcException.general("matcalc could not write " + name + "' entry by entry (it derived "
                        + d.expr() + "); write the derivative out instead of " + name + "'");
            }
            out.put(name, derived);
        });
        return out;
    }

    /** The checked expression with every f'(…) and h'(…) of a user's function written out (f' from f's body). */
    public Context.Checked withDerivatives(Context.Checked c) {
        if (context.functions().isEmpty()) return c;
        Map<String, matcalc.core.Elementwise> ds = userDerivatives();
        Map<String, Expr> defs = new LinkedHashMap<>();
        c.definitions().forEach((k, e) -> defs.put(k, matcalc.core.Elementwise.substitute(e, ds)));
        return new Context.Checked(matcalc.core.Elementwise.substitute(c.expr(), ds), defs, c.variables(),
                c.assumptions(), c.unused());
    }

    /**
     * ∂vec(f)/∂vec(x) for each variable, written out as a matrix (numerator layout: a row per entry
     * of vec(f), a column per entry of vec(x)) instead of contracted with a seed: for F = A X B,
     * Bᵀ ⊗ A; for X ⊙ Y, diag(vec(Y)). Each is checked against finite differences of vec(f) along
     * vec(Δx). Xᵀ reads as K vec(X) with the commutation matrix ({@link Deriver#vecJacobian}).
     */
    public Map<String, VerifiedDerivative> explicit(String expression, List<String> wrts) {
        Context.Checked checked = check(expression).withoutUnusedAssumptions();
        Map<String, VerifiedDerivative> out = new LinkedHashMap<>();
        Deriver deriver = deriver().avoiding(checked.variables().keySet());
        for (String w : wrts) {
            Expr.Var v = variable(checked, w);
            Derivative d = deriver.vecJacobian(checked.expr(), v, checked.definitions(), checked.assumptions());
            out.put(v.name(), new VerifiedDerivative(d, checked, verify(d, checked, "∂vec/∂vec(" + v.name() + ")")));
        }
        return out;
    }

    /**
     * Derivatives of the expression with respect to each variable (or named intermediate, held as
     * a variable of its own), sharing their common parts, each checked numerically. A derivative
     * that fails its check is never returned: {@link VerificationException}.
     */
    public Map<String, VerifiedDerivative> derive(String expression, List<String> wrts, Layout layout) {
        return derive(context.check("input", expression), wrts, layout);
    }

    /**
     * As {@link #derive(String, List, Layout)}, for an expression the caller has already parsed and
     * checked in the engine's context ({@code context().check("input", expression)}), so that it is
     * not parsed twice.
     */
    public Map<String, VerifiedDerivative> derive(Context.Checked input, List<String> wrts, Layout layout) {
        Layout l = layout.forDerivation();
        Context.Checked checked = withDerivatives(input);
        for (String w : wrts) checked = checked.withVariable(Names.canonical(w.strip()));
        // sum(y) = 1 says nothing about sum(x): left out, and noted (VerifiedDerivative.checked().unused())
        checked = checked.withoutUnusedAssumptions();
        List<Expr.Var> vars = new ArrayList<>();
        for (String w : wrts) {
            String name = Names.canonical(w.strip());
            if (!checked.variables().containsKey(name) && context.declarations().containsKey(name)) {
                throw MatcalcException.general(name + " does not occur in the expression, so the derivative is zero");
            }
            vars.add(variable(checked, w));
        }
        // a seed named like a declared variable would take its value at a point (VerifiedDerivative.value)
        // equal parts as one object (the two h_K of sum((h_K − y) ⊙ (h_K − y)) as typed): every
        // memo over f then compares them by identity, not level by level
        Expr f = Exprs.intern(checked.expr(), new java.util.HashMap<>());
        Map<String, Derivative> ds = deriver().avoiding(checked.variables().keySet())
                .derive(f, vars, l, checked.definitions(), checked.assumptions());
        Map<String, VerifiedDerivative> out = new LinkedHashMap<>();
        // the results share their parts: each is searched for a differential only where the others were not
        java.util.Set<Expr> searched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Map<String, Verification> jointly = verifyJointly(vars, ds, checked);
        for (Expr.Var v : vars) {
            Derivative d = ds.get(v.name());
            Verification joint = jointly.get(v.name());
            Verification outcome = joint != null ? finished(d, "∂/∂" + v.name(), searched, joint)
                    : verify(d, checked, "∂/∂" + v.name(), searched);
            out.put(v.name(), new VerifiedDerivative(d, checked, outcome));
        }
        return out;
    }

    /**
     * Many gradients of one scalar f ({@link JointVerifier#THRESHOLD} or more): checked together,
     * in time linear in their shared DAG rather than each against finite differences of the whole f.
     * Returns the results the joint check covered; the others (all of them when it fails or cannot
     * decide: the checks one by one then say which result is wrong) are checked on their own.
     */
    private Map<String, Verification> verifyJointly(List<Expr.Var> vars, Map<String, Derivative> ds, Context.Checked checked) {
        if (verifyPoints == 0) return Map.of();
        List<Derivative> list = new ArrayList<>();
        for (Expr.Var v : vars) list.add(ds.get(v.name()));
        if (!JointVerifier.applies(list)) return Map.of();
        JointVerifier.Outcome o = Deadline.during("verifying numerically",
                () -> new JointVerifier(seed, properties()).check(list, checked.assumptions(), verifyPoints));
        if (!o.passed()) return Map.of();
        Map<String, Verification> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (!o.uncovered().contains(i)) out.put(list.get(i).wrt().name(), new Verification.PassedJointly(o.points(), list.size()));
        }
        return out;
    }

    /** A result checked jointly: still refused if it holds a differential. */
    private Verification finished(Derivative d, String what, java.util.Set<Expr> searched, Verification outcome) {
        if (Exprs.anyNode(d.expr(), Exprs::isDifferential, searched)) {
            throw new VerificationException("matcalc derived " + d.display() + " for " + what + ", which still holds a "
                    + "differential; not printing a result that is not finished. Please report this expression.");
        }
        return outcome;
    }

    /**
     * The Hessian of a scalar expression: ∂²f/∂x∂xᵀ (n×n), or with {@code then} the mixed second
     * derivative ∂/∂y (∂f/∂x)ᵀ (n_x × n_y): the Jacobian, with respect to y, of the gradient of f
     * written as a column. The gradient is checked against finite differences of f, the Hessian
     * against finite differences of the gradient.
     */
    public VerifiedDerivative hessian(String expression, String wrt, String then) {
        Context.Checked checked = check(expression).withoutUnusedAssumptions();
        Expr f = checked.expr();
        if (!f.shape().isScalar()) {
            throw MatcalcException.general("a Hessian is taken of a scalar expression; this one is "
                    + (f.shape().isVector() ? "a " : "") + f.shape().describe());
        }
        Expr.Var x = variable(checked, wrt);
        Expr.Var y = then == null ? x : variable(checked, then);
        boolean matrix = !x.shape().cols().isOne() || !y.shape().cols().isOne();
        if (matrix && !x.equals(y)) {
            throw MatcalcException.general("mixed Hessians are taken with respect to vectors and scalars; "
                    + (x.shape().cols().isOne() ? y : x).name() + " is a matrix (for a matrix X, matcalc gives "
                    + "∂²f/∂vec(X)∂vec(X)ᵀ, without --then)");
        }
        Deriver deriver = deriver();
        if (matrix) {
            // ∂²f/∂vec(X)∂vec(X)ᵀ: the Jacobian of vec(∇f) with respect to vec(X), in Kronecker form
            Derivative gradient = deriver.derive(f, List.of(x), Layout.DENOMINATOR, checked.definitions(),
                    checked.assumptions()).get(x.name());
            verify(gradient, checked, "the gradient ∂/∂" + x.name());
            Derivative h = deriver.vecJacobian(gradient.expr(), x, checked.definitions(), checked.assumptions());
            return new VerifiedDerivative(h, checked, verify(h, checked, "the Hessian ∂²/∂vec(" + x.name()
                    + ")∂vec(" + x.name() + ")ᵀ"));
        }
        Derivative gradient = deriver.derive(f, List.of(x), Layout.DENOMINATOR, checked.definitions(),
                checked.assumptions()).get(x.name());
        verify(gradient, checked, "the gradient ∂/∂" + x.name());
        Derivative h = deriver.derive(gradient.expr(), List.of(y), Layout.NUMERATOR, checked.definitions(),
                checked.assumptions()).get(y.name());
        return new VerifiedDerivative(h, checked, verify(h, checked, "the Hessian ∂²/∂" + x.name() + "∂" + y.name()));
    }

    /** Checks d numerically with the engine's policy; a mismatch is never returned: it throws. */
    public Verification verify(Derivative d, Context.Checked checked, String what) {
        return verify(d, checked, what, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** {@link #verify}, skipping in the search for a differential the nodes in searched (adding d's). */
    private Verification verify(Derivative d, Context.Checked checked, String what, java.util.Set<Expr> searched) {
        // a differential left in a result would be evaluated as its variable: never show one
        if (Exprs.anyNode(d.expr(), Exprs::isDifferential, searched)) {
            throw new VerificationException("matcalc derived " + d.display() + " for " + what + ", which still holds a "
                    + "differential; not printing a result that is not finished. Please report this expression.");
        }
        Verification outcome = verifyPoints == 0 ? new Verification.Unchecked(0, "the check is turned off")
                : Deadline.during("verifying numerically", () -> verifier().check(d, checked.assumptions(), verifyPoints));
        if (outcome.mismatch()) {
            throw new VerificationException("matcalc derived " + d.display() + " for " + what
                    + ", but it failed the numeric check: " + outcome.detail()
                    + ". Not printing a result that may be wrong; please report this expression.");
        }
        return outcome;
    }


    /** The variable the user asked for, as it occurs in the checked expression. */
    public static Expr.Var variable(Context.Checked checked, String wrt) {
        String name = Names.canonical(wrt.strip());
        Shape shape = checked.variables().get(name);
        if (shape == null) {
            String near = Suggest.closest(name, checked.variables().keySet())
                    .map(s -> "; did you mean " + s + "?").orElse("");
            throw MatcalcException.aboutVariable(wrt, "there is no variable " + name + " in the expression" + near
                    + (checked.variables().isEmpty() ? " (it has no variables)"
                    : " (its variables: " + String.join(", ", checked.variables().keySet()) + ")"));
        }
        return (Expr.Var) Exprs.var(name, shape);
    }
}
