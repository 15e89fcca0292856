package matcalc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.calculus.DeclaredFacts;
import matcalc.calculus.Layout;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.rewrite.Simplifier;
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
 */
public final class AnswerChecker {
    private final Context context;
    private long seed = 20261201L;

    /** The context holds the declarations, named intermediates and assumptions. */
    public AnswerChecker(Context context) {
        this.context = context;
    }

    public AnswerChecker seed(long seed) {
        this.seed = seed;
        return this;
    }

    public CheckResult check(String expression, String wrt, String answer, LayoutChoice choice) {
        List<Layout> layouts = switch (choice) {
            case NUMERATOR -> List.of(Layout.NUMERATOR);
            case DENOMINATOR -> List.of(Layout.DENOMINATOR);
            case EITHER -> List.of(Layout.NUMERATOR, Layout.DENOMINATOR);
        };
        CheckResult best = null;
        for (Layout layout : layouts) {
            CheckResult r = attempt(expression, wrt, answer, layout);
            if (r.correct()) return r;
            // with either layout, the diagnosis is against the layout whose shape the answer has
            if (best == null || (!sameShape(best) && sameShape(r))) best = r;
        }
        return best;
    }

    private static boolean sameShape(CheckResult r) {
        return r.answerShape().equals(r.expected().shapeText());
    }

    private CheckResult attempt(String expression, String wrt, String answerText, Layout layout) {
        Session session = new Session(context.copy()).layout(layout);
        DerivativeResult expected = session.derive(expression, wrt);
        if (expected.isTensor()) {
            throw MatcalcException.general("checking an answer for the derivative of a vector with respect to a matrix "
                    + "(an order-3 tensor) is not supported; check the derivative of a scalar, such as sum(…) or δᵀ f");
        }
        // by a named intermediate (∂L/∂ŷ), ŷ is a variable of its own in the expression and the answer
        String x = matcalc.syntax.Names.canonical(wrt.strip());
        Context.Checked f = session.context().check("input", expression).withVariable(x);
        Context.Checked answer = answerContext(f).check("answer", answerText).withVariable(x);
        for (String v : answer.variables().keySet()) {
            if (!f.variables().containsKey(v)) {
                throw MatcalcException.general("the answer uses " + v + ", which the expression does not have; "
                        + "name an intermediate with --let, e.g. --let 's = softmax(x)'");
            }
        }
        Expr e = expected.expr();
        Expr a = answer.expr();
        // 0 is the zero of any shape, as on paper
        if (Exprs.isNum(a, 0) && !e.shape().isScalar()) a = Exprs.zero(e.shape());
        Map<String, Dim> aliases = aliases(a.shape(), e.shape(), f.variables());
        Shape answerShape = rename(a.shape(), aliases);
        String shapeText = showShape(answerShape);
        if (answerShape.equals(e.shape()) && simplifiesTo(a, e, session, f)) {
            return new CheckResult(true, answerText, shapeText, layout.word(), "symbolic", "", null, expected, 0);
        }
        Trials trials = new Trials(new Expr[] {f.expr(), e, a}, f.assumptions(), aliases,
                Session.properties(session.context()), seed);
        Mistakes mistakes = new Mistakes(trials, f, expected, session, layout);
        Mistakes.Verdict v = mistakes.judge(a, answerShape);
        return new CheckResult(v.correct(), answerText, shapeText, layout.word(), "numeric", v.diagnosis(),
                v.counterexample(), expected, trials.all().size());
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
    private static boolean simplifiesTo(Expr answer, Expr expected, Session session, Context.Checked f) {
        try {
            Simplifier s = new Simplifier(Session.simplifyRules(), new DeclaredFacts(session.context()),
                    f.assumptions(), Simplifier.DEFAULT_BUDGET);
            return s.simplify(answer).equals(expected);
        } catch (MatcalcException tooLong) {
            return false;
        }
    }

    static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }
}
