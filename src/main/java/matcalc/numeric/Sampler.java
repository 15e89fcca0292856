package matcalc.numeric;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Random points for numeric checks: a random size (2 to 5) for every symbolic dimension, so that
 * an identity that only holds for square or 1×1 cases is caught, and random values inside each
 * function's domain. A matrix under inv, det or logdet is drawn symmetric positive definite; in
 * the "positive" mode every entry is in [0.3, 1.5], so log and sqrt of sums and products of
 * inputs are defined; in the "signed" mode entries are in ±[0.2, 1.5]. Undeclared functions
 * (h, g, …) get distinct smooth stand-ins with exact derivatives of every order.
 */
public final class Sampler {
    public enum Mode { SIGNED, POSITIVE }

    private final Random random;
    private Map<String, List<String>> properties = Map.of();

    public Sampler(Random random) {
        this.random = random;
    }

    /** Declared properties (symmetric, spd, diagonal, orthogonal) that the drawn values must have. */
    public Sampler withProperties(Map<String, List<String>> properties) {
        this.properties = properties;
        return this;
    }

    /**
     * Random sizes for the symbols among the dimensions of the expressions; a product such as n·m
     * then has the product of its factors' sizes ({@link #size}).
     */
    public Map<String, Integer> sizes(Expr... exprs) {
        return sizes(rankConstraints(exprs), exprs);
    }

    /**
     * Random sizes for the symbols of the expressions, redrawn until they meet the given rank
     * constraints: a checker passes those of the function and the derivative only, so that an
     * answer defined only at sizes where they are not (inv(X Xᵀ) for X: n×m, n &gt; m) does not
     * narrow the sizes it is compared at.
     */
    public Map<String, Integer> sizes(List<Dim[]> ranks, Expr... exprs) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Set<String> symbols = new TreeSet<>();
        for (Dim d : dimensions(exprs)) {
            for (Dim f : d.factors()) if (f instanceof Dim.Sym s) symbols.add(s.name());
        }
        for (String d : symbols) sizes.put(d, 2 + random.nextInt(4));
        // redrawn until every matrix under inv, det and logdet can have full rank (n ≥ m for Xᵀ S X);
        // an expression with none draws nothing more, so its points are as before
        for (int attempt = 0; attempt < SIZE_ATTEMPTS && !satisfies(sizes, ranks); attempt++) {
            for (String d : symbols) sizes.put(d, 2 + random.nextInt(4));
        }
        return sizes;
    }

    /** How many times {@link #sizes} redraws the sizes to meet the {@link #rankConstraints}. */
    public static final int SIZE_ATTEMPTS = 50;

    /**
     * What the sizes must satisfy for every matrix under inv, det and logdet to be invertible: a
     * product's rank is at most each of its inner and outer sizes, so for Xᵀ S X with X: n×m (an m×m
     * product through n) n ≥ m is needed. Each entry {inner, outer} asks size(inner) ≥ size(outer).
     * Necessary, not sufficient: the points themselves are then checked ({@link Interior}).
     */
    public static List<Dim[]> rankConstraints(Expr... exprs) {
        List<Dim[]> out = new java.util.ArrayList<>();
        Set<Expr> seen = new HashSet<>();
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(exprs));
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (!seen.add(e)) continue;
            if (e instanceof Expr.Apply a && a.fn().domain().drawnInvertible() && a.arg().shape().isSquare()) {
                Dim outer = a.arg().shape().rows();
                Set<Dim> bounds = new java.util.LinkedHashSet<>();
                rankBounds(a.arg(), bounds);
                for (Dim inner : bounds) if (!inner.equals(outer)) out.add(new Dim[] {inner, outer});
            }
            todo.addAll(e.children());
        }
        return out;
    }

    /** The sizes that bound the rank of e: every row and column size along a product. */
    private static void rankBounds(Expr e, Set<Dim> out) {
        if (e instanceof Expr.Transpose t) {
            rankBounds(t.arg(), out);
        } else if (e instanceof Expr.Mul m && !m.chain().isEmpty()) {
            for (Expr f : m.chain()) rankBounds(f, out);
        } else {
            out.add(e.shape().rows());
            out.add(e.shape().cols());
        }
    }

    /** Whether the sizes meet every {inner, outer} constraint (one with a size unknown is met). */
    public static boolean satisfies(Map<String, Integer> sizes, List<Dim[]> constraints) {
        for (Dim[] c : constraints) {
            Integer inner = size(c[0], sizes);
            Integer outer = size(c[1], sizes);
            if (inner != null && outer != null && inner < outer) return false;
        }
        return true;
    }

    /** The symbolic dimensions (symbols and products) of the expressions' sub-expressions. */
    public static Set<Dim> dimensions(Expr... exprs) {
        Set<Dim> out = new java.util.LinkedHashSet<>();
        Set<Expr> seen = new HashSet<>();
        for (Expr e : exprs) collectDims(e, out, seen);
        return out;
    }

    /** Values for every variable of the expressions, with the given sizes. */
    public Point point(Map<String, Integer> sizes, Mode mode, Expr... exprs) {
        Footprint.require("drawing random values", sizes, 0, exprs);   // refused before allocating, with the estimate
        Map<String, Shape> vars = new LinkedHashMap<>();
        Set<String> spd = new HashSet<>();
        for (Expr e : exprs) collectVars(e, vars, spd, false, new HashSet<>());
        Point p = new Point();
        for (var entry : vars.entrySet()) {
            Shape s = entry.getValue();
            int rows = size(s.rows(), sizes);
            int cols = size(s.cols(), sizes);
            p.put(entry.getKey(), rows == cols && rows > 1
                    ? square(rows, properties.getOrDefault(entry.getKey(), List.of()), spd.contains(entry.getKey()), mode)
                    : matrix(rows, cols, mode));
        }
        return p;
    }

    public DMatrixRMaj matrix(int rows, int cols, Mode mode) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            double v = 0.3 + 1.2 * random.nextDouble();
            if (mode == Mode.SIGNED) v = (random.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * random.nextDouble());
            m.data[i] = v;
        }
        return m;
    }

    /**
     * A square matrix with the declared properties. Under inv, det and logdet an undeclared matrix
     * is invertible with a positive determinant but not symmetric, so that an answer right only
     * for symmetric matrices (X⁻¹ for X⁻ᵀ) is caught.
     */
    private DMatrixRMaj square(int n, List<String> declared, boolean invertible, Mode mode) {
        if (declared.contains("spd") || declared.contains("symmetric") && invertible) return spdMatrix(n);
        if (declared.contains("orthogonal")) return orthogonal(n);
        if (declared.contains("diagonal")) {
            DMatrixRMaj d = new DMatrixRMaj(n, n);
            DMatrixRMaj v = matrix(n, 1, invertible ? Mode.POSITIVE : mode);
            for (int i = 0; i < n; i++) d.set(i, i, v.get(i));
            return d;
        }
        if (declared.contains("symmetric")) {
            DMatrixRMaj m = matrix(n, n, mode);
            DMatrixRMaj t = CommonOps_DDRM.transpose(m, null);
            CommonOps_DDRM.add(0.5, m, 0.5, t, m);
            return m;
        }
        return invertible ? invertibleMatrix(n) : matrix(n, n, mode);
    }

    /**
     * 2 I + B / n with B's entries in ±[0.2, 1.5]: in each row the diagonal entry exceeds the sum
     * of the others' magnitudes by at least 0.5, so its eigenvalues lie in discs around 2 of radius
     * 1.5 (invertible, det &gt; 0), ‖A‖∞ ≤ 3.5 and ‖A⁻¹‖∞ ≤ 1/0.5: a condition number κ∞ ≤ 7. Not
     * symmetric. Its determinant is between 0.5ⁿ and 3.5ⁿ, so
     * sin(α − 6 det(A A)) does not vary faster than finite differences can follow (B + 1.5 n I,
     * drawn before, had det(A A) near 10⁹ at n = 5).
     */
    public DMatrixRMaj invertibleMatrix(int n) {
        DMatrixRMaj m = matrix(n, n, Mode.SIGNED);
        CommonOps_DDRM.scale(1.0 / n, m);
        for (int i = 0; i < n; i++) m.add(i, i, 2);
        return m;
    }

    /** The Q of a random matrix's QR decomposition. */
    public DMatrixRMaj orthogonal(int n) {
        var qr = org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(matrix(n, n, Mode.SIGNED));
        return qr.getQ(null, false);
    }

    /** B Bᵀ / n + I: symmetric positive definite and well conditioned. */
    public DMatrixRMaj spdMatrix(int n) {
        DMatrixRMaj b = matrix(n, n, Mode.SIGNED);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(b, b, out);
        CommonOps_DDRM.scale(1.0 / n, out);
        for (int i = 0; i < n; i++) out.add(i, i, 1);
        return out;
    }

    /** A unit-norm random direction of the given size. */
    public DMatrixRMaj direction(int rows, int cols) {
        DMatrixRMaj v = new DMatrixRMaj(rows, cols);
        double norm = 0;
        for (int i = 0; i < rows * cols; i++) {
            v.data[i] = random.nextGaussian();
            norm += v.data[i] * v.data[i];
        }
        CommonOps_DDRM.scale(1 / Math.sqrt(norm), v);
        return v;
    }

    /**
     * The size of d when its symbols have these sizes: a product's is the product of its
     * factors' sizes. Null when a symbol has no size.
     */
    public static Integer size(Dim d, Map<String, Integer> sizes) {
        int n = 1;
        for (Dim f : d.factors()) {
            Integer k = f instanceof Dim.Lit l ? Integer.valueOf(l.size()) : sizes.get(((Dim.Sym) f).name());
            if (k == null) return null;
            n *= k;
        }
        return n;
    }

    private static void collectDims(Expr e, Set<Dim> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        for (Dim d : new Dim[] {e.shape().rows(), e.shape().cols()}) {
            if (!(d instanceof Dim.Lit)) out.add(d);
        }
        // a size used as a number (sum(x) / B) needs B drawn even where no shape holds it
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.SIZE) out.add(Dim.sym(v.name()));
        for (Expr c : e.children()) collectDims(c, out, seen);
    }

    private static void collectVars(Expr e, Map<String, Shape> vars, Set<String> spd, boolean underMatrixFn,
                                    Set<Expr> seen) {
        if (!seen.add(e) && !underMatrixFn) return;
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.SIZE) return;   // its value is a size, not drawn
        if (e instanceof Expr.Var v) {
            vars.put(v.name(), v.shape());
            if (underMatrixFn && v.shape().isSquare() && !v.shape().isScalar()) spd.add(v.name());
            return;
        }
        boolean matrixFn = e instanceof Expr.Apply a && a.fn().domain().drawnInvertible();
        for (Expr c : e.children()) collectVars(c, vars, spd, underMatrixFn || matrixFn, seen);
    }

    /**
     * A smooth stand-in for the undeclared function with this index: sin(a t) + b t², whose k-th
     * derivative is known exactly. Distinct functions get distinct a and b.
     */
    public static DoubleUnaryOperator[] standIn(int index, int orders) {
        double a = 0.7 + 0.3 * index;
        double b = 0.15 + 0.1 * index;
        DoubleUnaryOperator[] fs = new DoubleUnaryOperator[orders + 1];
        for (int k = 0; k <= orders; k++) {
            final int order = k;
            fs[k] = t -> {
                double trig = Math.pow(a, order) * Math.sin(a * t + order * Math.PI / 2);
                double poly = order == 0 ? b * t * t : order == 1 ? 2 * b * t : order == 2 ? 2 * b : 0;
                return trig + poly;
            };
        }
        return fs;
    }

    /** Gives every undeclared function in the expressions a stand-in. */
    public static Evaluator withStandIns(Evaluator ev, Expr... exprs) {
        Set<String> names = new TreeSet<>();
        for (Expr e : exprs) collectFunctions(e, names, new HashSet<>());
        int i = 0;
        for (String n : names) ev.withFunction(n, standIn(i++, 6));
        return ev;
    }

    /**
     * The same, where each function with a stated derivative (h'(u) = 1 − h(u).^2) gets the solution
     * of that statement instead ({@link OdeStandIn}), so that h and the stated h' agree.
     */
    public static Evaluator withStandIns(Evaluator ev, Map<String, matcalc.core.Elementwise> stated, Expr... exprs) {
        withStandIns(ev, exprs);
        OdeStandIn.solving(stated).forEach(ev::withFunction);
        return ev;
    }

    /**
     * Everything of the expressions that {@link #sizes}, {@link #point} and {@link #withStandIns}
     * read from them: the symbolic dimensions, the variables with their shapes (in the order they
     * are drawn), those drawn symmetric positive definite (under inv, det, logdet), and the
     * undeclared functions. Expressions with equal signatures get equal draws from equal random
     * streams, so a checker may share its random points between them.
     */
    public static List<Object> signature(Expr... exprs) {
        Map<String, Shape> vars = new LinkedHashMap<>();
        Set<String> spd = new TreeSet<>();
        for (Expr e : exprs) collectVars(e, vars, spd, false, new HashSet<>());
        Set<String> functions = new TreeSet<>();
        for (Expr e : exprs) collectFunctions(e, functions, new HashSet<>());
        return List.of(dimensions(exprs), List.copyOf(vars.entrySet()), spd, functions);
    }

    private static void collectFunctions(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.UserFn u) out.add(u.name());
        for (Expr c : e.children()) collectFunctions(c, out, seen);
    }
}
