package matcalc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Engine;
import matcalc.calculus.Folding;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Decides whether an answer is the derivative, and if not, says what is wrong with it.
 *
 * <p>The derivative is derived (and verified) as {@code matcalc diff} does; the answer is read in
 * the same declarations, with the expression's variables declared at the shapes inferred for
 * them. Equal after simplification means correct; otherwise both are evaluated at the points of
 * {@link Trials} and must agree at every one. A wrong answer is compared with the typical
 * mistakes ({@link Mistakes}); failing those, a point where it differs is reported.
 *
 * <p>One checker may check many answers (grade does, per problem and worker): it derives each
 * problem once, draws the trials once per {@link Trials.Key} and evaluates the derivative and the
 * mistakes' models at them once, and then each answer is read, simplified and evaluated alone. The
 * judgements are the same as with a new checker per answer. The engine's context must not change
 * while a checker is used, and a checker is for one thread at a time.
 */
public final class AnswerChecker {
    /** How many sets of concrete sizes a numeric comparison draws. */
    public static final int SIZE_SETS = Trials.SIZE_SETS;
    /** The trials draw from another stream than the engine's own numeric check of the derivative. */
    private static final long TRIALS_OFFSET = 73;

    private final Engine engine;
    private final Context context;

    /** The engine's context holds the declarations, named intermediates and assumptions. */
    public AnswerChecker(Engine engine) {
        this.engine = engine;
        this.context = engine.context();
    }

    /**
     * Checks an answer for ∂expression/∂wrt graded in {@code layout}: either accepts numerator and
     * denominator layout, mixed the shape of the variable for a scalar expression.
     */
    public Judgement check(String expression, String wrt, String answer, Layout choice) {
        Boolean scalar = scalars.get(expression);
        if (scalar == null) {
            scalar = engine.check(expression).expr().shape().isScalar();
            scalars.put(expression, scalar);
        }
        List<Layout> layouts = choice.forChecking(scalar);
        Judgement best = null;
        for (Layout layout : layouts) {
            Judgement r = attempt(expression, wrt, answer, layout);
            if (r.correct()) return r;
            // with either layout, the diagnosis is against the layout whose shape the answer has
            if (best == null || (!sameShape(best) && sameShape(r))) best = r;
        }
        return best;
    }

    private static boolean sameShape(Judgement r) {
        return r.answerShape().equals(showShape(r.expected().derivative().expr().shape()));
    }

    /**
     * What checking answers for ∂expression/∂wrt in one layout needs from the problem alone, derived
     * once by this checker and shared by all the answers it checks (the answers do not change it:
     * each is read in a copy of the declarations): the session, the verified derivative, the checked
     * expression, and the trials with the derivative's and the mistakes' values at them, per
     * {@link Trials.Key} (the answers of a problem nearly always share one).
     */
    private record Problem(Engine session, VerifiedDerivative expected, Context.Checked f, Context answers,
                           Map<Trials.Key, Shared> shared) {}

    /** Trials and the mistakes judged at them (null when no point was found). */
    private record Shared(Trials trials, Mistakes mistakes) {}

    /** At most this many sets of trials are kept per problem (answers with other keys draw their own). */
    private static final int SHARED_TRIALS = 32;

    private final Map<List<Object>, Problem> problems = new java.util.HashMap<>();
    private final Map<String, Boolean> scalars = new java.util.HashMap<>();

    private Problem problem(String expression, String wrt, Layout layout) {
        List<Object> key = List.of(expression, wrt, layout);
        Problem p = problems.get(key);
        if (p == null) {
            Engine session = engine.on(context.copy());
            VerifiedDerivative expected = prepared.get(key);
            if (expected == null) expected = session.derive(expression, List.of(wrt), layout).values().iterator().next();
            p = problem(session, expected, expression, wrt);
            problems.put(key, p);
        }
        return p;
    }

    private Problem problem(Engine session, VerifiedDerivative expected, String expression, String wrt) {
        Context.Checked f = expected.derivative().isTensor() ? null
                : session.check(expression).withVariable(matcalc.syntax.Names.canonical(wrt.strip()));
        return new Problem(session, expected, f, f == null ? null : answerContext(f), new java.util.HashMap<>());
    }

    /**
     * Derives ∂expression/∂wrt in {@code layout} as the answers' checks would (what {@code matcalc
     * diff} does, with its errors) and keeps the verified derivative, which {@link #copy} hands on:
     * a problem loaded for grading is derived once for every checker grading its answers.
     */
    VerifiedDerivative prepare(String expression, String wrt, Layout layout) {
        List<Object> key = List.of(expression, wrt, layout);
        VerifiedDerivative expected = prepared.get(key);
        if (expected == null) {
            expected = engine.on(context.copy()).derive(expression, List.of(wrt), layout).values().iterator().next();
            prepared.put(key, expected);
        }
        return expected;
    }

    /** Derivatives derived by {@link #prepare} (immutable, shared by the copies), by expression, variable and layout. */
    private final Map<List<Object>, VerifiedDerivative> prepared = new java.util.HashMap<>();

    /**
     * A new checker over {@code engine} (the same declarations as this one's, in an engine of its
     * own) with this checker's prepared derivatives and nothing else: its trials, its answers'
     * sessions and its mistakes' values are its own, so each copy may be used by another thread.
     */
    AnswerChecker copy(Engine engine) {
        AnswerChecker c = new AnswerChecker(engine);
        c.prepared.putAll(prepared);
        return c;
    }

    private Judgement attempt(String expression, String wrt, String answerText, Layout layout) {
        Problem problem = problem(expression, wrt, layout);
        Engine session = problem.session();
        VerifiedDerivative expected = problem.expected();
        if (expected.derivative().isTensor()) {
            boolean matrixF = !expected.derivative().f().shape().cols().isOne();
            throw MatcalcException.general("checking an answer for the derivative of a " + (matrixF ? "matrix" : "vector")
                    + " with respect to a matrix (a tensor of order " + expected.shape().size() + ") is not supported; "
                    + "check the derivative of a scalar, such as sum(…) or " + (matrixF ? "tr(Cᵀ F)" : "δᵀ f"));
        }
        // by a named intermediate (∂L/∂ŷ), ŷ is a variable of its own in the expression and the answer
        String x = matcalc.syntax.Names.canonical(wrt.strip());
        Context.Checked f = problem.f();
        Context.Checked answer = session.withDerivatives(problem.answers().copy().check("answer", answerText)).withVariable(x);
        for (String v : answer.variables().keySet()) {
            if (!f.variables().containsKey(v)) {
                throw MatcalcException.general("the answer uses " + v + ", which the expression does not have; "
                        + "name an intermediate with --let, e.g. --let 's = softmax(x)'");
            }
        }
        // an assumption about neither the expression nor the answer (sum(y) = 1 for sum(x)) is left out, and noted
        f = f.withoutUnusedAssumptions(answer.expr());
        Expr e = expected.derivative().expr();
        Expr a = answer.expr();
        // 0 is the zero of any shape, as on paper
        if (Exprs.isNum(a, 0) && !e.shape().isScalar()) a = Exprs.zero(e.shape());
        Map<String, Dim> aliases = aliases(a.shape(), e.shape(), f.variables());
        Shape answerShape = rename(a.shape(), aliases);
        String shapeText = showShape(answerShape);
        if (answerShape.equals(e.shape()) && simplifiesTo(a, e, session, f)) {
            return new Judgement(true, answerText, shown(a, f), shapeText, layout, Judgement.Method.SYMBOLIC, null, null,
                    expected, 0, f.unused());
        }
        Expr[] base = {f.expr(), e, a};
        Trials.Key key = Trials.Key.of(base, f.assumptions(), aliases);
        Shared shared = problem.shared().get(key);
        if (shared == null) {
            Trials drawn = new Trials(base, f.assumptions(), aliases, session.properties(),
                    context.statedDerivatives(), engine.seed() + TRIALS_OFFSET);
            shared = new Shared(drawn, drawn.undecided() != null ? null : new Mistakes(drawn, f, expected, session, layout));
            if (problem.shared().size() < SHARED_TRIALS) problem.shared().put(key, shared);
        } else {
            shared.trials().requireFits(base);
        }
        Trials trials = shared.trials();
        if (trials.undecided() != null) {
            // no point where f and its derivative are defined: neither right nor wrong
            return new Judgement(false, answerText, shown(a, f), shapeText, layout, Judgement.Method.NUMERIC,
                    new Diagnosis.Undecided(expected.derivative().wrt(), trials.undecided()), null, expected, 0, f.unused());
        }
        Mistakes.Verdict v = shared.mistakes().judge(a, answerShape);
        return new Judgement(v.correct(), answerText, shown(a, f), shapeText, layout, Judgement.Method.NUMERIC, v.diagnosis(),
                v.counterexample(), expected, trials.all().size(), f.unused());
    }

    /** The answer as read, written with the named intermediates again (ŷ, not softmax(W x + b)), for display. */
    private static Expr shown(Expr answer, Context.Checked f) {
        return new Folding(f.definitions()).fold(answer);
    }

    /** The declarations plus the expression's variables at the shapes inferred for them. */
    private Context answerContext(Context.Checked f) {
        Context c = context.copy();
        for (Map.Entry<String, Shape> v : f.variables().entrySet()) {
            if (c.declarations().containsKey(v.getKey()) || c.definitions().containsKey(v.getKey())) continue;
            Shape s = v.getValue();
            String decl = s.isScalar() ? "scalar" : s.cols().isOne() ? s.rows().toString() : s.rows() + " x " + s.cols();
            c.let("(the expression)", v.getKey() + ": " + decl);
        }
        return c;
    }

    /**
     * Dimensions of the answer that nothing in the expression fixes (the n of a bare I) stand for
     * the derivative's dimension in the same place.
     */
    private static Map<String, Dim> aliases(Shape answer, Shape expected, Map<String, Shape> variables) {
        java.util.Set<Dim> known = new java.util.HashSet<>();
        for (Shape s : variables.values()) {
            known.add(s.rows());
            known.add(s.cols());
        }
        Map<String, Dim> out = new LinkedHashMap<>();
        Dim[] a = {answer.rows(), answer.cols()};
        Dim[] x = {expected.rows(), expected.cols()};
        for (int i = 0; i < 2; i++) {
            if (a[i] instanceof Dim.Sym s && !known.contains(a[i]) && !(x[i] instanceof Dim.Lit)
                    && !out.containsKey(s.name())) {
                out.put(s.name(), x[i]);   // a symbol, or a product such as m·n
            }
        }
        return out;
    }

    private static Shape rename(Shape s, Map<String, Dim> aliases) {
        return new Shape(rename(s.rows(), aliases), rename(s.cols(), aliases));
    }

    private static Dim rename(Dim d, Map<String, Dim> aliases) {
        return d instanceof Dim.Sym s && aliases.containsKey(s.name()) ? aliases.get(s.name()) : d;
    }

    static String showShape(Shape s) {
        return s.rows() + "×" + s.cols();
    }

    /** Whether the answer, simplified with the same rules and assumptions, is the derivative itself. */
    private static boolean simplifiesTo(Expr answer, Expr expected, Engine engine, Context.Checked f) {
        try {
            return engine.simplifier(f.assumptions()).simplify(answer).equals(expected);
        } catch (MatcalcException tooLong) {
            return false;
        }
    }

    static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }
}
