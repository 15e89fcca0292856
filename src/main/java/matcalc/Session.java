package matcalc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.AnswerChecker;
import matcalc.core.Expr;
import matcalc.numeric.Point;
import matcalc.present.Views;
import matcalc.shape.Context;
import matcalc.syntax.Deadline;
import matcalc.syntax.Names;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import matcalc.syntax.Statement;

/**
 * What a user works in: declarations, named intermediates and assumptions, a layout, and the
 * derivatives asked for. A facade over the {@link Engine}, which it builds once.
 * <pre>
 * Session s = Matcalc.session().let("x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)").assume("sum(y) = 1");
 * DerivativeResult r = s.derive("-sum(y ⊙ log(ŷ))", "W");   // (ŷ − y) xᵀ, d×n
 * </pre>
 * Bad input (a typo, a shape mismatch) throws {@link matcalc.syntax.MatcalcException}, whose
 * {@code render()} is the message with a caret; a null argument, or an assumption passed to
 * {@link #let}, throws {@link IllegalArgumentException}.
 */
public final class Session {
    private final Context context;
    private Engine engine;
    private Layout layout = Layout.NUMERATOR;
    private java.time.Duration timeout = Deadline.DEFAULT;
    private int lets;

    public Session() {
        this.context = new Context();
        this.engine = Engine.of(context);
    }

    /** The engine, for matcalc's own edges (the CLI, the REPL). */
    public Engine engine() {
        return engine;
    }

    /**
     * Declarations (W: d x n), named intermediates (h = tanh(u)), functions (f(u) = u ⊙ σ(u)) and
     * stated derivatives (h'(u) = 1 − h(u).^2), several separated by ';'.
     * Assumptions go to {@link #assume}.
     */
    public Session let(String statements) {
        required(statements, "statements");
        for (String part : statements.split(";")) {
            if (part.contains(":") || !part.contains("=") || isDefinition(part)) continue;
            String equation = part.strip().replaceFirst("^assume\\s+", "");
            throw new IllegalArgumentException("'" + part.strip() + "' is an assumption, not a declaration or a "
                    + "named intermediate: pass it to assume(\"" + equation + "\")");
        }
        for (Statement s : Parsing.statements(new Source("let", statements))) {
            if (s instanceof Statement.Assume) {
                throw new IllegalArgumentException("'" + statements.strip() + "' holds an assumption; pass it to "
                        + "assume(\"…\") without the word assume, e.g. assume(\"sum(y) = 1\")");
            }
        }
        context.let(++lets == 1 ? "let" : "let#" + lets, statements);
        return this;
    }

    /** Whether "h = …" names an intermediate (a single name on the left of =). */
    private static boolean isDefinition(String part) {
        String left = part.substring(0, part.indexOf('=')).strip();
        // h = …, or a function f(u) = … or a stated derivative h'(u) = … (sum(y) = 1 is an assumption)
        int paren = left.indexOf('(');
        if (paren > 0 && matcalc.core.Fn.isBuiltinName(left.substring(0, paren).strip())) return false;
        return left.matches("[\\p{L}_][\\p{L}\\p{N}_\\p{M}']*(\\s*\\(\\s*[\\p{L}_][\\p{L}\\p{N}_\\p{M}]*\\s*\\))?");
    }

    /** An assumption such as "sum(y) = 1", used by the simplifier and respected by every check's random points. */
    public Session assume(String equation) {
        required(equation, "equation");
        String e = equation.strip();
        context.let("assume", e.startsWith("assume ") ? e : "assume " + e);
        return this;
    }

    public Session layout(Layout newLayout) {
        this.layout = required(newLayout, "layout");
        return this;
    }

    public Layout layout() {
        return layout;
    }

    /** The seed of the random points used to verify results (fixed by default: runs repeat). */
    public Session seed(long seed) {
        engine = engine.withSeed(seed);
        return this;
    }

    /**
     * How long one call (derive, hessian, check, eval) may run, 60 s unless set: every stage checks
     * it, and past it the call throws {@link Deadline.Expired} naming the stage ("stopped after 10 s
     * while simplifying"), as it does when the thread is interrupted.
     */
    public Session timeout(java.time.Duration limit) {
        required(limit, "limit");
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + limit);
        this.timeout = limit;
        return this;
    }

    /** How many random points each result is checked at (0 turns the check off). */
    public Session verifyPoints(int points) {
        engine = engine.withVerifyPoints(points);
        return this;
    }

    /** The declarations, intermediates and assumptions so far. */
    public Context context() {
        return context;
    }

    /** ∂expression/∂wrt in the session's layout, checked numerically. */
    public DerivativeResult derive(String expression, String wrt) {
        required(wrt, "wrt");
        return deriveAll(expression, List.of(wrt)).get(Names.canonical(wrt.strip()));
    }

    /** Derivatives with respect to several variables at once, sharing their common parts. */
    public Map<String, DerivativeResult> deriveAll(String expression, List<String> wrts) {
        required(expression, "expression");
        required(wrts, "wrts");
        for (String w : wrts) required(w, "a variable in wrts");
        return within(() -> {
            Map<String, DerivativeResult> out = new LinkedHashMap<>();
            // parsed and checked once, for the engine and every view (K weights of a K-layer network made it quadratic in K)
            Context.Checked input = context.check("input", expression);
            engine.derive(input, new ArrayList<>(wrts), layout).forEach((name, r) ->
                    out.put(name, DerivativeResult.of(r, context, input.expr())));
            return out;
        });
    }

    /**
     * ∂vec(expression)/∂vec(wrt) written out as a matrix (numerator layout: a row per entry of
     * vec(f), a column per entry of vec(x)), as `matcalc diff --explicit` gives it, checked
     * numerically: for A X B by X, Bᵀ ⊗ A. The session's layout does not apply.
     */
    public DerivativeResult explicit(String expression, String wrt) {
        required(expression, "expression");
        required(wrt, "wrt");
        return within(() -> DerivativeResult.of(engine.explicit(expression, List.of(wrt)).get(Names.canonical(wrt.strip())),
                context, expression));
    }

    /**
     * Source code computing the expression and its derivatives with respect to each of wrts (as
     * {@link #deriveAll} derives them, in the session's layout): one function for the target
     * ("numpy", "torch", "jax") or a Java class over EJML ("java"), returning the value and each
     * derivative, with shape checks and the formulas and assumptions in its documentation. What
     * cannot be written correctly (a tensor derivative, a function with only a stated derivative)
     * throws {@link matcalc.syntax.MatcalcException} with the reason.
     */
    public String code(String target, String expression, List<String> wrts) {
        required(target, "target");
        required(expression, "expression");
        required(wrts, "wrts");
        for (String w : wrts) required(w, "a variable in wrts");
        matcalc.codegen.Target t = matcalc.codegen.Target.parse(target);
        return within(() -> matcalc.codegen.Codegen.generate(engine, expression, new ArrayList<>(wrts), layout, t, null));
    }

    /** The Hessian ∂²f/∂x∂xᵀ of a scalar expression. */
    public DerivativeResult hessian(String expression, String wrt) {
        return hessian(expression, wrt, null);
    }

    /** The mixed second derivative ∂/∂y (∂f/∂x)ᵀ (then = y), or the Hessian when then is null. */
    public DerivativeResult hessian(String expression, String wrt, String then) {
        required(expression, "expression");
        required(wrt, "wrt");
        return within(() -> {
            VerifiedDerivative h = engine.hessian(expression, wrt, then);
            return new DerivativeResult(h, Views.hessian(engine, expression, wrt, h, null));
        });
    }

    /**
     * Checks an answer for ∂expression/∂wrt in the session's declarations and assumptions, graded
     * in the session's layout ({@link Layout#EITHER} accepts numerator and denominator layout).
     */
    public CheckResult check(String expression, String wrt, String answer) {
        required(expression, "expression");
        required(wrt, "wrt");
        required(answer, "answer");
        return within(() -> Deadline.during("checking the answer",
                () -> new CheckResult(new AnswerChecker(engine).check(expression, wrt, answer, layout), context, expression)));
    }

    /** The value of an expression at a point (values by name). */
    public Matrix eval(String expression, Map<String, Matrix> point) {
        required(expression, "expression");
        return within(() -> {
            Context.Checked checked = context.check("input", expression);
            Expr e = checked.expr();
            return Matrix.fromEjml(Deadline.during("evaluating",
                    () -> matcalc.plan.Plan.evaluateOnce(e, point(point), checked.variables())));
        });
    }

    /** Runs one call under the session's timeout. */
    private <T> T within(java.util.function.Supplier<T> call) {
        return Deadline.of(timeout, "Session.timeout").run(call);
    }

    static Point point(Map<String, Matrix> values) {
        required(values, "point");
        Point p = new Point();
        values.forEach((name, m) -> {
            required(name, "a variable name in the point");
            required(m, "the value of " + name);
            p.put(Names.canonical(name), m.toEjml());
        });
        return p;
    }

    static <T> T required(T value, String what) {
        if (value == null) throw new IllegalArgumentException(what + " must not be null");
        return Objects.requireNonNull(value);
    }
}
