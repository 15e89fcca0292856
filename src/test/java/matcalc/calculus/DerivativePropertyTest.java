package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.calculus.VerificationException;
import matcalc.calculus.RandomExpressions.Kind;
import matcalc.calculus.RandomExpressions.Problem;
import matcalc.calculus.RandomExpressions.Variable;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.core.TextPrinter;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The derivative of seeded random expressions ({@link RandomExpressions}: every supported
 * operation, depth up to 6, inputs inside each function's domain) against this test's own central
 * finite differences: at a random point X and along random directions V,
 * (f(X + hV) − f(X − hV)) / 2h must equal the derivative, evaluated at X, applied to V, component
 * by component, to |a − b| ≤ {@value #TOLERANCE}·max(1, |a|, |b|), with h = 1e-5·max(1, ‖X‖). Where
 * it does not, the Richardson extrapolation (4 D(h/2) − D(h)) / 3 gets a second chance (a wrong
 * derivative stays wrong, a truncation error of a fast-varying f goes); a direction along which
 * D(h) and D(h/2) have not settled is skipped, and a difference within f's round-off over h is no
 * evidence. Points where a value inside f is huge, an exp, softmax or σ underflows, or a norm's
 * argument is 0 are outside the numeric domain: another is drawn.
 *
 * <p>Gradients of scalars (with respect to scalars, vectors and matrices), Jacobians of vectors
 * (vectors and scalars) and δ-contracted tensors (vectors with respect to matrices), in the three
 * layouts; the derivative's shape must be the layout's, no differential may be left in it, and its
 * printed text must read back as the same derivative. A {@link VerificationException} (matcalc's
 * own check refusing its result) is a failure like a wrong value; so is a crash, a step budget run
 * out or a case taking over {@link #CASE_LIMIT}. Other refusals, and cases without a usable point,
 * are counted and must stay under {@link #MAX_REFUSED} of the cases.
 *
 * <p>Each case has its own seed, printed on failure with its statements. Run more cases or another
 * base seed with {@code -Dderivatives.cases=20000 -Dderivatives.seed=42}; list the refusals and the
 * cases without a usable point with {@code -Dderivatives.report=true}.
 */
class DerivativePropertyTest {
    static final int CASES = Integer.getInteger("derivatives.cases", 1200);
    static final long SEED = Long.getLong("derivatives.seed", 20260301L);
    static final double TOLERANCE = 1e-5;
    static final double STEP = 1e-5;
    /** Refusals (and cases without a usable point) allowed, as a fraction of the cases. */
    static final double MAX_REFUSED = 0.02;
    static final Duration CASE_LIMIT = Duration.ofSeconds(20);
    /** The dimensions of the declarations; any other in a result is the size of a 𝟏 or I. */
    static final Set<String> DECLARED_DIMS = Set.of("n", "m");

    /** Why cases were not compared, by case seed (refusals other than a failed check). */
    static final Map<Long, String> REFUSED = new ConcurrentHashMap<>();
    static final Map<Long, String> UNUSABLE = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- one case

    /** A generated problem with what to differentiate it by and in which layout. */
    record Case(long seed, Problem problem, String wrt, Layout layout) {
        String describe() {
            StringBuilder sb = new StringBuilder("seed " + seed + " (rerun with -Dderivatives.seed=" + seed
                    + " -Dderivatives.cases=1)\n  let:    " + RandomExpressions.DECLARATIONS);
            for (var i : problem.intermediates()) sb.append("\n  let:    ").append(i.statement());
            sb.append("\n  expr:   ").append(problem.expression());
            sb.append("\n  wrt:    ").append(together(this) ? String.join(",", alongWith(this)) + " (this one: " + wrt + ")" : wrt)
                    .append("   layout: ").append(layout.word());
            return sb.toString();
        }

        Session session() {
            Session s = new Session().let(RandomExpressions.DECLARATIONS).layout(layout).seed(seed);
            for (var i : problem.intermediates()) s.let(i.statement());
            return s;
        }
    }

    static Case generate(long seed) {
        Random r = new Random(seed);
        RandomExpressions gen = new RandomExpressions(r);
        int depth = 1 + (int) Math.floorMod(seed, (long) RandomExpressions.MAX_DEPTH);
        while (true) {
            Problem p = gen.problem(depth);
            Case probe = new Case(seed, p, "", Layout.NUMERATOR);
            Expr f;
            try {
                f = probe.session().context().check("input", p.expression()).expr();
            } catch (MatcalcException e) {
                throw new AssertionError(probe.describe() + "\n  the generator wrote something matcalc cannot read:\n"
                        + e.render(), e);
            }
            List<Variable> vars = new ArrayList<>();
            Set<String> names = variables(f);
            for (Variable v : RandomExpressions.VARIABLES) if (names.contains(v.name())) vars.add(v);
            if (vars.isEmpty()) continue;   // a constant: nothing to differentiate
            Variable wrt = chooseWrt(r, vars, f.shape().isScalar());
            int l = r.nextInt(20);
            Layout layout = l < 12 ? Layout.NUMERATOR : l < 17 ? Layout.DENOMINATOR : Layout.MIXED;
            return new Case(seed, p, wrt.name(), layout);
        }
    }

    /** Any variable for a scalar; for a vector mostly vectors and scalars, now and then a matrix (a tensor). */
    private static Variable chooseWrt(Random r, List<Variable> vars, boolean scalarF) {
        if (!scalarF && r.nextInt(5) > 0) {
            List<Variable> columns = new ArrayList<>();
            for (Variable v : vars) if (v.shape().cols().equals("1")) columns.add(v);
            if (!columns.isEmpty()) return columns.get(r.nextInt(columns.size()));
        }
        return vars.get(r.nextInt(vars.size()));
    }

    static Set<String> variables(Expr e) {
        Set<String> out = new TreeSet<>();
        collect(e, out, new HashSet<>());
        return out;
    }

    private static void collect(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v && v.kind() != Expr.Kind.SIZE) out.add(v.name());   // a size is a number
        for (Expr c : e.children()) collect(c, out, seen);
    }

    /** Derives, then compares with finite differences; throws AssertionError on a wrong result. */
    static void check(Case c) {
        Session session = c.session();
        DerivativeResult result;
        try {
            result = together(c) ? session.deriveAll(c.problem().expression(), alongWith(c)).get(c.wrt())
                    : session.derive(c.problem().expression(), c.wrt());
        } catch (VerificationException e) {
            throw new AssertionError(c.describe() + "\n  matcalc refused its own result: " + e.getMessage(), e);
        } catch (MatcalcException e) {
            if (e.getMessage().startsWith("simplification stopped")) {
                throw new AssertionError(c.describe() + "\n  runaway simplification: " + e.getMessage(), e);
            }
            REFUSED.put(c.seed(), c.describe() + "\n  refused: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(c.describe() + "\n  crashed: " + e, e);
        }
        String text = result.text();
        String where = c.describe() + "\n  result: " + text + "   [" + result.shapeText() + "]"
                + "\n  (inputs only: " + TextPrinter.unicode().print(result.result().derivative().expr()) + ")";
        assertSimplified(result, where);
        Expr f = session.context().check("input", c.problem().expression()).expr();
        List<Expr> printed = readBack(session, result, where);
        String mismatch = compare(c, f, result, printed);
        if (mismatch != null) fail(where + "\n  " + mismatch);
    }

    /**
     * One case in three is derived together with the expression's other variables (up to four),
     * as --wrt a,b,c does: the other variables' differentials must count as 0 in each result.
     */
    static boolean together(Case c) {
        return Math.floorMod(c.seed(), 3L) == 0;
    }

    /** The case's variable and the expression's others, the case's first. */
    static List<String> alongWith(Case c) {
        List<String> out = new ArrayList<>(List.of(c.wrt()));
        Expr f = c.session().context().check("input", c.problem().expression()).expr();
        for (Variable v : RandomExpressions.VARIABLES) {
            if (out.size() < 4 && !v.name().equals(c.wrt()) && variables(f).contains(v.name())) out.add(v.name());
        }
        return out;
    }

    /** The result is a finished expression: text, no differential left, δ only in a tensor. */
    static void assertSimplified(DerivativeResult r, String where) {
        assertTrue(!r.text().isBlank(), where + "\n  empty text");
        Set<String> names = new HashSet<>();
        collectDifferentials(r.result().derivative().expr(), names, new HashSet<>());
        assertTrue(names.isEmpty(), where + "\n  differentials left in the result: " + names);
        Set<String> vars = variables(r.result().derivative().expr());
        assertTrue(r.isTensor() || !vars.contains("δ"), where + "\n  δ in a result that is not a tensor");
        for (String v : vars) {
            boolean known = v.equals("δ") || RandomExpressions.VARIABLES.stream().anyMatch(x -> x.name().equals(v));
            assertTrue(known, where + "\n  the result (in terms of the inputs) mentions " + v);
        }
    }

    /**
     * The printed result (Unicode and ASCII, named intermediates folded in) read back by the parser
     * in the same session: it must mean the derivative, which {@link #compareAt} checks by value.
     */
    static List<Expr> readBack(Session session, DerivativeResult r, String where) {
        Context context = session.context().copy();
        List<Expr> out = new ArrayList<>();
        if (r.isTensor()) {
            var delta = r.result().derivative().delta();
            String length = delta.shape().cols().toString();
            if (!DECLARED_DIMS.contains(length)) return out;   // δ's length is the size of a free 𝟏
            context.let("delta", delta.name() + ": 1 x " + length);
        }
        // K_{n_I,n}: a commutation matrix sized by a free I's n_I, which no text can name (README, Limits)
        if (Exprs.anyNode(r.result().derivative().expr(), e -> e instanceof Expr.Commutation k
                && (Dim.checkerNamed(k.m()) || Dim.checkerNamed(k.n())))) {
            return out;
        }
        List<String> texts = List.of(r.text(), r.ascii());
        for (String text : texts) {
            try {
                out.add(context.check("printed", text).expr());
            } catch (MatcalcException e) {
                fail(where + "\n  the printed result does not read back:\n" + e.render());
            }
        }
        return out;
    }

    private static void collectDifferentials(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (Exprs.isDifferential(e)) out.add(TextPrinter.unicode().print(e));
        for (Expr c : e.children()) collectDifferentials(c, out, seen);
    }

    // ---------------------------------------------------------------- the oracle

    /**
     * Compares at random points until two directions at two points have been compared; returns a
     * description of the first mismatch, or null. Points where f has no finite value, or where the
     * argument of a norm is 0 (where ‖·‖ has no derivative), are outside the domain: another is drawn.
     */
    static String compare(Case c, Expr f, DerivativeResult result, List<Expr> printed) {
        Random r = new Random(c.seed() * 31 + 7);
        Expr d = result.result().derivative().expr();
        Variable wrt = RandomExpressions.VARIABLES.stream().filter(v -> v.name().equals(c.wrt())).findFirst().orElseThrow();
        int usable = 0;
        String lastProblem = "";
        for (int attempt = 0; attempt < 8 && usable < 2; attempt++) {
            Map<String, Integer> sizes = sizes(r, f, d);
            Point point = point(r, sizes, f, d);
            DMatrixRMaj fx;
            try {
                fx = evaluate(point, sizes, f, f, d);
                String outside = normOfZero(point, sizes, f, d);
                if (outside == null) outside = extreme(point, sizes, f, d);
                if (outside != null) {
                    lastProblem = outside;
                    continue;
                }
            } catch (MatcalcException e) {
                lastProblem = e.getMessage();
                continue;
            }
            if (!finite(fx) || NormOps_DDRM.normF(fx) > 1e8) {
                lastProblem = "f is " + show(fx) + " at the point";
                continue;
            }
            Comparison at;
            try {
                at = compareAt(c, f, result, printed, wrt, point, sizes, r);
            } catch (MatcalcException e) {
                at = new Comparison("f has a value at the point but its derivative has none: " + e.getMessage(), 0);
            }
            if (at.mismatch() != null) return at.mismatch() + "\n  sizes: " + sizes + "\n  point: " + show(point);
            if (at.directions() > 0) usable++;
            else lastProblem = "finite differences do not settle";
        }
        if (usable == 0) UNUSABLE.put(c.seed(), c.describe() + "\n  no usable point: " + lastProblem);
        return null;
    }

    /** A mismatch (or null) and how many directions were compared. */
    record Comparison(String mismatch, int directions) {}

    /**
     * Two random directions at one point. Where D(h) disagrees with the derivative, the Richardson
     * extrapolation (4 D(h/2) − D(h)) / 3 (error O(h⁴)) gets a second chance; if that disagrees too
     * and D(h/2) agrees with D(h) (the differences have settled), it is a mismatch; if they have not
     * settled (round-off on a large f, or an f varying on a scale below h) the direction is skipped.
     */
    private static Comparison compareAt(Case c, Expr f, DerivativeResult result, List<Expr> printed, Variable wrt,
                                        Point point, Map<String, Integer> sizes, Random r) {
        DMatrixRMaj x0 = point.get(wrt.name());
        Expr d = result.result().derivative().expr();
        List<DMatrixRMaj> derivative = derivativeValue(result, point, sizes, f);
        for (Expr back : printed) {
            if (Exprs.isZero(d) && back instanceof Expr.Num) continue;   // a zero matrix prints as 0
            Map<String, Integer> backSizes = sizesOfReadBack(back, d, sizes);
            if (backSizes == null) continue;   // a 𝟏 or I inside whose size the text leaves open
            List<DMatrixRMaj> again = derivativeValue(result, back, point, backSizes, f, derivative.size());
            for (int i = 0; i < again.size(); i++) {
                DMatrixRMaj diff = again.get(i).copy();
                if (diff.numRows != derivative.get(i).numRows || diff.numCols != derivative.get(i).numCols) {
                    return new Comparison("the printed result reads back with another shape: "
                            + TextPrinter.unicode().print(back), 0);
                }
                CommonOps_DDRM.subtractEquals(diff, derivative.get(i));
                double scale = Math.max(1, NormOps_DDRM.normF(derivative.get(i)));
                if (!(NormOps_DDRM.normF(diff) <= 1e-9 * scale)) {
                    return new Comparison("the printed result reads back as something else: "
                            + TextPrinter.unicode().print(back) + " gives " + show(again.get(i)) + ", not "
                            + show(derivative.get(i)), 0);
                }
            }
        }
        DMatrixRMaj fx = evaluate(point, sizes, f, f, d);
        String shapeProblem = checkShape(c, f, result, derivative, x0, fx);
        if (shapeProblem != null) return new Comparison(shapeProblem, 0);
        int compared = 0;
        for (int k = 0; k < 2; k++) {
            // R is declared spd, so its values are symmetric; the directions are not: matcalc gives
            // the ordinary gradient, which a symmetric point does not change
            DMatrixRMaj v = direction(r, x0.numRows, x0.numCols);
            DMatrixRMaj symbolic = applied(c.layout(), f, result, derivative, v);
            double h = STEP * Math.max(1, NormOps_DDRM.normF(x0));
            DMatrixRMaj fd = centralDifference(point, sizes, f, d, wrt.name(), x0, v, h);
            if (!finite(fd)) continue;   // a step left the domain (rare): try the next direction
            String m = mismatch(symbolic, fd, fx, h);
            if (m != null) {
                DMatrixRMaj half = centralDifference(point, sizes, f, d, wrt.name(), x0, v, h / 2);
                DMatrixRMaj extrapolated = new DMatrixRMaj(half.numRows, half.numCols);
                CommonOps_DDRM.add(4.0 / 3, half, -1.0 / 3, fd, extrapolated);
                if (finite(extrapolated) && mismatch(symbolic, extrapolated, fx, h) == null) {
                    compared++;
                    continue;
                }
                if (!finite(half) || !settled(fd, half)) continue;
                return new Comparison("along V = " + show(v) + ": " + m, compared);
            }
            compared++;
        }
        return new Comparison(null, compared);
    }

    /**
     * Sizes for the read-back derivative: a 𝟏 or I in printed text gets a fresh size, which the
     * derivative's shape fixes when it is the result's rows or columns (I alone is n×n); null if a
     * fresh size is left inside (sum(𝟏) says nothing of its length).
     */
    static Map<String, Integer> sizesOfReadBack(Expr back, Expr d, Map<String, Integer> sizes) {
        // the fresh sizes of the read-back text are named in reading order, not as in the result
        Map<String, Integer> out = new TreeMap<>(sizes);
        out.keySet().retainAll(DECLARED_DIMS);
        Map<String, Integer> known = new TreeMap<>(sizes);
        bindFresh(back.shape().rows(), d.shape().rows(), out, known);
        bindFresh(back.shape().cols(), d.shape().cols(), out, known);
        Set<String> dims = new TreeSet<>();
        dims(back, dims, new HashSet<>());
        return out.keySet().containsAll(dims) ? out : null;
    }

    private static void bindFresh(Dim got, Dim want, Map<String, Integer> sizes, Map<String, Integer> known) {
        if (got instanceof Dim.Sym s && !sizes.containsKey(s.name())) {
            Integer n = want instanceof Dim.Sym w ? known.get(w.name()) : Integer.valueOf(((Dim.Lit) want).size());
            if (n != null) sizes.put(s.name(), n);
        }
    }

    /** D(h) and D(h/2) agree to a tenth of the tolerance, component by component. */
    static boolean settled(DMatrixRMaj fd, DMatrixRMaj half) {
        for (int i = 0; i < fd.getNumElements(); i++) {
            double a = fd.data[i];
            double b = half.data[i];
            if (!(Math.abs(a - b) <= TOLERANCE / 10 * Math.max(1, Math.max(Math.abs(a), Math.abs(b))))) return false;
        }
        return true;
    }

    /** Describes a norm whose argument is 0 at the point (‖·‖ has no derivative there), or null. */
    static String normOfZero(Point p, Map<String, Integer> sizes, Expr f, Expr d) {
        for (Expr e : subexpressions(f)) {
            if (e instanceof Expr.Apply a && a.fn() == Fn.NORM) {
                DMatrixRMaj arg = evaluate(p, sizes, a.arg(), f, d);
                if (NormOps_DDRM.normF(arg) < 1e-9) return "the argument of " + TextPrinter.unicode().print(a) + " is 0";
            }
        }
        return null;
    }

    static Set<Expr> subexpressions(Expr e) {
        Set<Expr> out = new HashSet<>();
        Deque<Expr> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (out.add(x)) todo.addAll(x.children());
        }
        return out;
    }

    /** (f(X + hV) − f(X − hV)) / 2h, with the other variables held. */
    static DMatrixRMaj centralDifference(Point p, Map<String, Integer> sizes, Expr f, Expr d, String x,
                                         DMatrixRMaj x0, DMatrixRMaj v, double h) {
        DMatrixRMaj plus = x0.copy();
        CommonOps_DDRM.addEquals(plus, h, v);
        DMatrixRMaj minus = x0.copy();
        CommonOps_DDRM.addEquals(minus, -h, v);
        try {
            p.put(x, plus);
            DMatrixRMaj fPlus = evaluate(p, sizes, f, f, d);
            p.put(x, minus);
            DMatrixRMaj fMinus = evaluate(p, sizes, f, f, d);
            DMatrixRMaj out = fPlus.copy();
            CommonOps_DDRM.subtractEquals(out, fMinus);
            CommonOps_DDRM.scale(1 / (2 * h), out);
            return out;
        } catch (MatcalcException outside) {
            return new DMatrixRMaj(1, 1, true, Double.NaN);
        } finally {
            p.put(x, x0);
        }
    }

    /**
     * Component i: |a − b| ≤ tol·max(1, |a|, |b|), or within the round-off of a difference of two
     * values of f_i divided by h (f = 10⁷ + a small part cannot show its small part's derivative).
     */
    static String mismatch(DMatrixRMaj symbolic, DMatrixRMaj fd, DMatrixRMaj fx, double h) {
        if (symbolic.getNumElements() != fd.getNumElements()) {
            return "the derivative applied to V has " + symbolic.getNumElements() + " entries, f has " + fd.getNumElements();
        }
        for (int i = 0; i < fd.getNumElements(); i++) {
            double a = symbolic.data[i];
            double b = fd.data[i];
            double scale = Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
            double roundOff = 64 * Math.ulp(fx.data[i]) / h;
            if (!(Math.abs(a - b) <= TOLERANCE * scale || Math.abs(a - b) <= roundOff)) {
                return "component " + (i + 1) + ": the derivative gives " + a + ", finite differences " + b
                        + " (symbolic " + show(symbolic) + ", finite differences " + show(fd) + ")";
            }
        }
        return null;
    }

    /**
     * Describes why the point is numerically out of reach, or null: a value inside f beyond 10¹²,
     * or an exp, softmax or σ that underflows below 10⁻¹⁰⁰ (the derivative divides by it: the
     * derivative of log(softmax(v)) holds softmax(v).^-1).
     */
    static String extreme(Point p, Map<String, Integer> sizes, Expr f, Expr d) {
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), f, d);
        sizes.forEach(ev::withSize);
        for (Expr e : subexpressions(f)) {
            DMatrixRMaj v = ev.evaluate(e);
            boolean underflows = e instanceof Expr.Apply a && (a.fn() == Fn.EXP || a.fn() == Fn.SOFTMAX || a.fn() == Fn.SIGMOID);
            for (int i = 0; i < v.getNumElements(); i++) {
                double x = Math.abs(v.data[i]);
                if (!(x <= 1e12) || underflows && x < 1e-100) {
                    return "the value of " + TextPrinter.unicode().print(e) + " has an entry " + v.data[i];
                }
            }
        }
        return null;
    }

    /** The derivative's value: one matrix, or for a tensor the slices ∂f_i/∂W (δ = e_i). */
    static List<DMatrixRMaj> derivativeValue(DerivativeResult result, Point point, Map<String, Integer> sizes, Expr f) {
        return derivativeValue(result, result.result().derivative().expr(), point, sizes, f, evaluate(point, sizes, f, f, result.result().derivative().expr()).numRows);
    }

    /** The value of d (the result or its read-back text): one matrix, or for a tensor m slices. */
    static List<DMatrixRMaj> derivativeValue(DerivativeResult result, Expr d, Point point, Map<String, Integer> sizes,
                                             Expr f, int m) {
        if (!result.isTensor()) return List.of(evaluate(point, sizes, d, f, d));
        String delta = result.result().derivative().delta().name();
        List<DMatrixRMaj> slices = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            DMatrixRMaj e = new DMatrixRMaj(1, m);
            e.set(0, i, 1);
            point.put(delta, e);
            slices.add(evaluate(point, sizes, d, f, d));
        }
        point.values().remove(delta);
        return slices;
    }

    /** The derivative applied to V, in its layout; one entry per entry of f. */
    static DMatrixRMaj applied(Layout layout, Expr f, DerivativeResult result, List<DMatrixRMaj> value, DMatrixRMaj v) {
        if (result.isTensor()) {
            DMatrixRMaj out = new DMatrixRMaj(value.size(), 1);
            for (int i = 0; i < value.size(); i++) out.set(i, 0, entrywise(value.get(i), v));
            return out;
        }
        DMatrixRMaj g = value.get(0);
        if (f.shape().isScalar()) return new DMatrixRMaj(1, 1, true, entrywise(g, v));
        DMatrixRMaj j = layout == Layout.DENOMINATOR ? CommonOps_DDRM.transpose(g, null) : g;
        DMatrixRMaj vv = v.numCols == 1 ? v : CommonOps_DDRM.transpose(v, null);
        DMatrixRMaj out = new DMatrixRMaj(j.numRows, 1);
        CommonOps_DDRM.mult(j, vv, out);
        return out;
    }

    private static double entrywise(DMatrixRMaj a, DMatrixRMaj v) {
        double s = 0;
        for (int i = 0; i < v.getNumElements(); i++) s += a.data[i] * v.data[i];
        return s;
    }

    /**
     * The shape each layout promises. A scalar's gradient: 1×n for a vector in the numerator layout,
     * n×1 in the others, the variable's shape for a scalar or a matrix. A vector's Jacobian: m×n
     * (m×1 for a scalar variable), transposed in the denominator layout. A tensor's slices: the
     * variable's shape, one per entry of f.
     */
    static String checkShape(Case c, Expr f, DerivativeResult result, List<DMatrixRMaj> value, DMatrixRMaj x0, DMatrixRMaj fx) {
        int xr = x0.numRows;
        int xc = x0.numCols;
        int[] want;
        if (result.isTensor()) {
            if (value.size() != fx.numRows) return "a tensor with " + value.size() + " slices for f of length " + fx.numRows;
            want = new int[] {xr, xc};
        } else if (f.shape().isScalar()) {
            boolean vector = xc == 1 && !(xr == 1);
            want = vector && c.layout() == Layout.NUMERATOR ? new int[] {1, xr} : new int[] {xr, xc};
            if (!result.wrt().equals(c.wrt())) return "derivative with respect to " + result.wrt();
        } else {
            if (xc != 1) return "not a tensor, for a vector f and a " + xr + "×" + xc + " variable";
            want = c.layout() == Layout.DENOMINATOR ? new int[] {xr, fx.numRows} : new int[] {fx.numRows, xr};
        }
        for (DMatrixRMaj m : value) {
            if (m.numRows != want[0] || m.numCols != want[1]) {
                return "the derivative is " + m.numRows + "×" + m.numCols + ", but the " + c.layout().word()
                        + " layout gives " + want[0] + "×" + want[1];
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- points

    /** Sizes 2 to 5 for every symbolic dimension (n, m and any fresh size of 𝟏 or I). */
    static Map<String, Integer> sizes(Random r, Expr... exprs) {
        Set<String> dims = new TreeSet<>();
        for (Expr e : exprs) dims(e, dims, new HashSet<>());
        Map<String, Integer> out = new TreeMap<>();
        for (String d : dims) out.put(d, 2 + r.nextInt(4));
        return out;
    }

    private static void dims(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        for (Dim d : new Dim[] {e.shape().rows(), e.shape().cols()}) if (d instanceof Dim.Sym s) out.add(s.name());
        for (Expr c : e.children()) dims(c, out, seen);
    }

    /** Signed entries in ±[0.2, 1.5], positive ones in [0.3, 1.5], SPD matrices B Bᵀ/n + I. */
    static Point point(Random r, Map<String, Integer> sizes, Expr... exprs) {
        Set<String> names = new TreeSet<>();
        for (Expr e : exprs) names.addAll(variables(e));
        Point p = new Point();
        for (Variable v : RandomExpressions.VARIABLES) {
            if (!names.contains(v.name())) continue;
            int rows = size(v.shape().rows(), sizes);
            int cols = size(v.shape().cols(), sizes);
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < rows * cols; i++) {
                double u = r.nextDouble();
                m.data[i] = v.kind() == Kind.POSITIVE ? 0.3 + 1.2 * u : (r.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * u);
            }
            if (v.kind() == Kind.SPD) {
                DMatrixRMaj spd = new DMatrixRMaj(rows, rows);
                CommonOps_DDRM.multTransB(m, m, spd);
                CommonOps_DDRM.scale(1.0 / rows, spd);
                for (int i = 0; i < rows; i++) spd.add(i, i, 1);
                m = spd;
            }
            p.put(v.name(), m);
        }
        return p;
    }

    private static int size(String dim, Map<String, Integer> sizes) {
        return dim.equals("1") ? 1 : sizes.get(dim);
    }

    /** A unit random direction. */
    static DMatrixRMaj direction(Random r, int rows, int cols) {
        DMatrixRMaj v = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) v.data[i] = r.nextGaussian();
        CommonOps_DDRM.scale(1 / NormOps_DDRM.normF(v), v);
        return v;
    }

    /** e at the point; undeclared functions get the same stand-ins for f and its derivative. */
    static DMatrixRMaj evaluate(Point p, Map<String, Integer> sizes, Expr e, Expr f, Expr d) {
        Evaluator ev = Sampler.withStandIns(new Evaluator(p), f, d);
        sizes.forEach(ev::withSize);
        return ev.evaluate(e);
    }

    static boolean finite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) if (!Double.isFinite(m.data[i])) return false;
        return true;
    }

    static String show(DMatrixRMaj m) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(6, m.getNumElements()); i++) sb.append(i > 0 ? ", " : "").append(String.format("%.6g", m.data[i]));
        return sb.append(m.getNumElements() > 6 ? ", …]" : "]").toString();
    }

    static String show(Point p) {
        StringBuilder sb = new StringBuilder();
        p.values().forEach((k, v) -> sb.append(k).append(" = ").append(show(v)).append("  "));
        return sb.toString();
    }

    // ---------------------------------------------------------------- the property

    @TestFactory
    Stream<DynamicTest> derivativesAgreeWithFiniteDifferences() {
        REFUSED.clear();
        UNUSABLE.clear();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                Case c = generate(seed);
                assertTimeoutPreemptively(CASE_LIMIT, () -> check(c), () -> c.describe() + "\n  took longer than " + CASE_LIMIT);
            }));
        }
        tests.add(DynamicTest.dynamicTest("few refusals", () -> {
            int limit = (int) Math.ceil(MAX_REFUSED * CASES);
            System.out.println("DerivativePropertyTest: " + CASES + " cases from seed " + SEED + ", " + REFUSED.size()
                    + " refused, " + UNUSABLE.size() + " without a usable point");
            if (Boolean.getBoolean("derivatives.report")) {
                new TreeMap<>(REFUSED).values().forEach(System.out::println);
                new TreeMap<>(UNUSABLE).values().forEach(System.out::println);
            }
            assertTrue(REFUSED.size() <= limit, REFUSED.size() + " of " + CASES + " cases refused (at most " + limit
                    + "):\n" + String.join("\n", new TreeMap<>(REFUSED).values()));
            assertTrue(UNUSABLE.size() <= limit, UNUSABLE.size() + " of " + CASES + " cases had no usable point (at most "
                    + limit + "):\n" + String.join("\n", new TreeMap<>(UNUSABLE).values()));
        }));
        return tests.stream();
    }

    /** The generator reaches every operation, every kind of variable, every layout. */
    @Test
    void generatorCoversEveryOperation() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < 1200; i++) {   // the default run's cases, whatever -Dderivatives.cases says
            Case c = generate(SEED + i);
            String text = c.problem().expression();
            StringBuilder all = new StringBuilder(text);
            for (var u : c.problem().intermediates()) all.append(" ; ").append(u.body());
            String s = all.toString();
            for (String op : List.of(" + ", " − ", "(−", " ⊙ ", " ⊘ ", " / ", " * ", "ᵀ", "^", ".^", "²", "⁻¹", "𝟏", "I",
                    "h(", "g(", "h'(", "dot(", "‖", "u1", "u2", "σ(", " ⊗ ", "kron(", "K_{")) {
                if (s.contains(op)) seen.merge(op, 1, Integer::sum);
            }
            for (Fn fn : Fn.values()) if (s.contains(fn.fnName() + "(")) seen.merge(fn.fnName(), 1, Integer::sum);
            seen.merge("layout " + c.layout().word(), 1, Integer::sum);
            Variable w = RandomExpressions.VARIABLES.stream().filter(v -> v.name().equals(c.wrt())).findFirst().orElseThrow();
            String kind = w.shape().scalar() ? "scalar" : w.shape().vector() ? "vector" : "matrix";
            seen.merge((c.problem().shape().scalar() ? "scalar f" : "vector f") + " wrt " + kind, 1, Integer::sum);
            seen.merge("depth " + c.problem().depth(), 1, Integer::sum);
        }
        List<String> wanted = new ArrayList<>(List.of(" + ", " − ", "(−", " ⊙ ", " ⊘ ", " / ", " * ", "ᵀ", "^", ".^", "²",
                "⁻¹", "𝟏", "I", "h(", "g(", "h'(", "dot(", "‖", "u1", "u2", "σ(", " ⊗ ", "kron(", "K_{", "layout numerator", "layout denominator",
                "layout mixed", "scalar f wrt scalar", "scalar f wrt vector", "scalar f wrt matrix", "vector f wrt vector",
                "vector f wrt scalar", "vector f wrt matrix", "depth 6"));
        for (Fn fn : Fn.values()) if (fn != Fn.SIGN && fn != Fn.STEP) wanted.add(fn.fnName());
        for (String w : wanted) assertTrue(seen.getOrDefault(w, 0) > 0, "never generated: " + w + " (seen " + seen + ")");
    }
}
