package matcalc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.calculus.DeclaredFacts;
import matcalc.calculus.Derivative;
import matcalc.calculus.Deriver;
import matcalc.calculus.Layout;
import matcalc.calculus.Verifier;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Substitution;
import matcalc.rewrite.RuleSet;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;

/**
 * What a user works in: declarations, named intermediates and assumptions, a layout, and the
 * derivatives asked for. The CLI and the REPL are thin layers over it; tests can use it directly.
 * <pre>
 * Session s = Matcalc.session().let("W: d x n").let("ŷ = softmax(W x + b)").assume("sum(y) = 1");
 * DerivativeResult r = s.derive("-sum(y ⊙ log(ŷ))", "W");   // (ŷ − y) xᵀ, d×n
 * </pre>
 */
public final class Session {
    private static final class Builtin {
        static final RuleSet DERIVATIVES = RuleSet.builtIn("derivatives.rules");
        static final RuleSet SIMPLIFY = RuleSet.builtIn("simplify.rules");
    }

    private final Context context;
    private Layout layout = Layout.NUMERATOR;
    private long seed = 20261128L;
    private int verifyPoints = 3;
    private int lets;

    public Session() {
        this(new Context());
    }

    public Session(Context context) {
        this.context = context;
    }

    public static RuleSet derivativeRules() {
        return Builtin.DERIVATIVES;
    }

    public static RuleSet simplifyRules() {
        return Builtin.SIMPLIFY;
    }

    public Context context() {
        return context;
    }

    /** A declaration (W: d x n), a named intermediate (h = tanh(u)) or an assumption (assume sum(y) = 1). */
    public Session let(String statement) {
        context.let(++lets == 1 ? "--let" : "--let#" + lets, statement);
        return this;
    }

    /** An assumption such as "sum(y) = 1". */
    public Session assume(String equation) {
        context.let("--assume", "assume " + equation);
        return this;
    }

    public Session layout(Layout layout) {
        this.layout = layout;
        return this;
    }

    public Layout layout() {
        return layout;
    }

    /** The seed of the random points used to verify results (fixed by default: runs repeat). */
    public Session seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How many random points each result is checked at (0 turns the check off). */
    public Session verifyPoints(int points) {
        this.verifyPoints = points;
        return this;
    }

    public DerivativeResult derive(String expression, String wrt) {
        return deriveAll(expression, List.of(wrt)).get(Names.canonical(wrt));
    }

    /** Derivatives with respect to several variables at once, sharing their common parts. */
    public Map<String, DerivativeResult> deriveAll(String expression, List<String> wrts) {
        Context.Checked checked = context.check("input", expression);
        // ∂L/∂ŷ: a named intermediate asked for is held as a variable of its own
        for (String w : wrts) checked = checked.withVariable(Names.canonical(w));
        List<Expr.Var> vars = new ArrayList<>();
        for (String w : wrts) {
            String name = Names.canonical(w);
            if (checked.variables().containsKey(name)) {
                vars.add((Expr.Var) Exprs.var(name, checked.variables().get(name)));
            } else if (context.declarations().containsKey(name)) {
                throw MatcalcException.general(name + " does not occur in the expression, so the derivative is zero");
            } else {
                vars.add(variable(checked, w));   // throws, naming the variables there are
            }
        }
        Expr f = checked.expr();
        Map<String, Expr> definitions = checked.definitions();
        // a seed named like a declared variable would take its value at a point (DerivativeResult.value)
        Deriver deriver = new Deriver(Builtin.DERIVATIVES, Builtin.SIMPLIFY, new DeclaredFacts(context))
                .avoiding(checked.variables().keySet());
        Map<String, Derivative> ds = deriver.derive(f, vars, layout, definitions, checked.assumptions());
        Map<String, DerivativeResult> out = new LinkedHashMap<>();
        for (Expr.Var v : vars) {
            Derivative d = ds.get(v.name());
            out.put(v.name(), new DerivativeResult(d, checked, verify(d, checked, "∂/∂" + v.name())));
        }
        return out;
    }

    /** Checks d numerically; a mismatch is never returned: it throws. */
    private Verifier.Outcome verify(Derivative d, Context.Checked checked, String what) {
        Verifier.Outcome outcome = verifyPoints == 0 ? new Verifier.Outcome(false, 0, "not checked", false)
                : new Verifier(seed).withProperties(properties(context)).check(d, checked.assumptions(), verifyPoints);
        if (outcome.mismatch()) {
            throw new VerificationException("matcalc derived " + d.display() + " for " + what
                    + ", but it failed the numeric check: " + outcome.detail()
                    + ". Not printing a result that may be wrong; please report this expression.");
        }
        return outcome;
    }

    /**
     * The Hessian of a scalar expression: ∂²f/∂x∂xᵀ (n×n), or with {@code then} the mixed second
     * derivative ∂/∂y (∂f/∂x)ᵀ (n_x × n_y): the Jacobian, with respect to y, of the gradient of f
     * written as a column. The gradient is checked against finite differences of f, the Hessian
     * against finite differences of the gradient.
     */
    public DerivativeResult hessian(String expression, String wrt, String then) {
        Context.Checked checked = context.check("input", expression);
        Expr f = checked.expr();
        if (!f.shape().isScalar()) {
            throw MatcalcException.general("a Hessian is taken of a scalar expression; this one is "
                    + (f.shape().isVector() ? "a " : "") + f.shape().describe());
        }
        Expr.Var x = variable(checked, wrt);
        Expr.Var y = then == null ? x : variable(checked, then);
        for (Expr.Var v : List.of(x, y)) {
            if (!v.shape().cols().isOne()) {
                throw MatcalcException.general("Hessians are taken with respect to vectors and scalars; " + v.name()
                        + " is a " + v.shape() + " matrix (its second derivative has order 4)");
            }
        }
        Deriver deriver = new Deriver(Builtin.DERIVATIVES, Builtin.SIMPLIFY, new DeclaredFacts(context));
        Derivative gradient = deriver.derive(f, List.of(x), Layout.DENOMINATOR, checked.definitions(),
                checked.assumptions()).get(x.name());
        verify(gradient, checked, "the gradient ∂/∂" + x.name());
        Derivative h = deriver.derive(gradient.expr(), List.of(y), Layout.NUMERATOR, checked.definitions(),
                checked.assumptions()).get(y.name());
        return new DerivativeResult(h, checked, verify(h, checked, "the Hessian ∂²/∂" + x.name() + "∂" + y.name()));
    }

    private static Expr.Var variable(Context.Checked checked, String wrt) {
        String name = Names.canonical(wrt.strip());
        matcalc.core.Shape shape = checked.variables().get(name);
        if (shape == null) {
            String near = matcalc.syntax.Suggest.closest(name, checked.variables().keySet())
                    .map(s -> "; did you mean " + s + "?").orElse("");
            throw MatcalcException.general("--wrt " + wrt + ": there is no variable " + name + " in the expression"
                    + near + (checked.variables().isEmpty() ? " (it has no variables)"
                    : " (its variables: " + String.join(", ", checked.variables().keySet()) + ")"));
        }
        return (Expr.Var) Exprs.var(name, shape);
    }

    /**
     * Checks an answer for ∂expression/∂wrt in this session's declarations and assumptions: right
     * or wrong, and for a wrong answer a diagnosis (see {@link matcalc.check.AnswerChecker}).
     */
    public matcalc.check.CheckResult check(String expression, String wrt, String answer,
                                           matcalc.check.LayoutChoice layout) {
        return new matcalc.check.AnswerChecker(context).seed(seed).check(expression, wrt, answer, layout);
    }

    /** The declared properties (symmetric, spd, diagonal, orthogonal) of every declared variable. */
    public static Map<String, List<String>> properties(Context context) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : context.declarations().keySet()) out.put(name, context.properties(name));
        return out;
    }
}
