package matcalc.numeric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Kernels;
import matcalc.core.Shape;
import matcalc.core.TextPrinter;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Evaluates a core expression at a {@link Point}. Symbolic dimensions get their sizes from the
 * values (and a clash between two values is reported with both); shared sub-expressions are
 * evaluated once. softmax, logsumexp and sigmoid are computed in their numerically stable forms,
 * and so are log(softmax(z)) and log(sum(exp(z))) written out; det, logdet and inv through LU.
 * Undeclared functions such as h have no value unless the caller supplies one.
 */
public final class Evaluator {
    private final Point point;
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private final Map<String, String> sizeSource = new HashMap<>();
    private final Map<String, DoubleUnaryOperator[]> userFunctions = new HashMap<>();
    /**
     * Values of the sub-expressions evaluated so far, by structure (hashes are cached, and a lookup
     * of the same object stops at ==): equal terms written out again and again, like the 100,000
     * copies of (xᵀ y) in (xᵀ y) + (xᵀ y) + …, are evaluated once.
     */
    private final Map<Expr, DMatrixRMaj> memo = new HashMap<>();
    private java.util.function.BiConsumer<Expr.Apply, DMatrixRMaj> argumentCheck;

    public Evaluator(Point point) {
        this.point = point;
    }

    /** Gives an undeclared function h a value: derivatives[k] is h with k primes. */
    public Evaluator withFunction(String name, DoubleUnaryOperator... derivatives) {
        userFunctions.put(name, derivatives);
        return this;
    }

    /**
     * Calls {@code check} with every built-in function's argument once its value is known (after
     * the function's own domain check); the numeric checks use it to stay away from the domains'
     * edges ({@link Interior}).
     */
    public Evaluator checkingArguments(java.util.function.BiConsumer<Expr.Apply, DMatrixRMaj> check) {
        this.argumentCheck = check;
        return this;
    }

    /** Fixes a symbolic dimension's size (when no value determines it). */
    public Evaluator withSize(String dim, int size) {
        sizes.put(dim, size);
        sizeSource.put(dim, "the given size");
        return this;
    }

    public Map<String, Integer> sizes() {
        return sizes;
    }

    /**
     * Takes dimension sizes from the values of these variables (those the point has), also when the
     * expression no longer mentions them: 0 x has the length of x, and ∂sum(W x)/∂W = 𝟏 xᵀ has as
     * many rows as W. Values that clash with the shapes are reported as in {@link #evaluate}.
     */
    public Evaluator sizesFrom(Map<String, Shape> variables) {
        variables.forEach((name, shape) -> {
            DMatrixRMaj value = point.get(name);
            if (value != null) bindAll(name, shape, value);
        });
        settleProducts();
        return this;
    }

    /** The value of e; its result is a fresh matrix the caller may modify. */
    public DMatrixRMaj evaluate(Expr e) {
        bindSizes(e, new java.util.HashSet<>());
        settleProducts();
        Footprint.require("evaluating this", sizes, 0, e);   // refused before allocating, with the estimate
        return eval(e).copy();
    }

    // ---------------------------------------------------------------- sizes

    private void bindSizes(Expr e, java.util.Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.SIZE) return;   // its value is a size, read when evaluated
        if (e instanceof Expr.Var v) {
            DMatrixRMaj value = point.get(v.name());
            if (value == null) {
                throw MatcalcException.general("no value for " + v.name() + " (" + describe(v.shape())
                        + "): add \"" + matcalc.syntax.Names.toAscii(v.name()) + "\" to the point");
            }
            bindAll(v.name(), v.shape(), value);
        }
        for (Expr c : e.children()) bindSizes(c, seen);
    }

    /** Columns first: a row given for a column vector is then reported as such, not as a clash of lengths. */
    private void bindAll(String name, Shape shape, DMatrixRMaj value) {
        bind(name, shape, shape.cols(), value.numCols, value);
        bind(name, shape, shape.rows(), value.numRows, value);
    }

    private void bind(String name, Shape shape, Dim d, int actual, DMatrixRMaj value) {
        String got = describeValue(shape, value);
        if (d instanceof Dim.Lit lit) {
            if (lit.size() != actual) {
                String hint = shape.isVector() && value.numRows == 1 && value.numCols > 1
                        ? " (a row; write a vector as a flat list [a, b, …])" : "";
                throw MatcalcException.general("the value of " + name + " " + got + hint + ", but "
                        + name + " is " + describe(shape));
            }
            return;
        }
        if (d instanceof Dim.Prod product) {
            products.add(new ProductSize(name, shape, product, actual, got));
            return;
        }
        String sym = ((Dim.Sym) d).name();
        Integer known = sizes.get(sym);
        if (known == null) {
            sizes.put(sym, actual);
            sizeSource.put(sym, name + " " + got);
        } else if (known != actual) {
            throw MatcalcException.general("inconsistent sizes: " + sizeSource.get(sym) + ", so " + sym + " = " + known
                    + ", but " + name + " " + got + " (" + name + " is " + describe(shape) + ")");
        }
    }

    /** A value's size along a product dimension (x: n·m has length 6), to check or to solve for a factor. */
    private record ProductSize(String name, Shape shape, Dim.Prod dim, int actual, String got) {}

    private final List<ProductSize> products = new ArrayList<>();
    /** Products whose factors the values do not all fix (x: n·m alone): their sizes as a whole. */
    private final Map<Dim, ProductSize> productSizes = new HashMap<>();

    /**
     * Checks the values sized by a product against the factors' sizes, and where a single factor
     * is not known yet, takes its size from the value (x: n·m of length 6 with n = 2 gives m = 3).
     * Runs until nothing changes; products with two unknown factors wait for more values.
     */
    private void settleProducts() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Iterator<ProductSize> it = products.iterator(); it.hasNext(); ) {
                ProductSize p = it.next();
                int known = p.dim().coefficient();
                Set<String> unknown = new TreeSet<>();
                for (Dim.Sym s : p.dim().symbols()) {
                    Integer n = sizes.get(s.name());
                    if (n == null) unknown.add(s.name());
                    else known *= n;
                }
                if (unknown.size() > 1) continue;
                it.remove();
                if (unknown.isEmpty()) {
                    if (known != p.actual()) throw productClash(p, known);
                    continue;
                }
                String sym = unknown.iterator().next();
                int times = (int) p.dim().symbols().stream().filter(s -> s.name().equals(sym)).count();
                int size = (int) Math.round(Math.pow((double) p.actual() / known, 1.0 / times));
                if (p.actual() % known != 0 || Math.pow(size, times) * known != p.actual()) {
                    throw productClash(p, null);
                }
                String others = knownFactors(p.dim(), false);
                sizes.put(sym, size);
                sizeSource.put(sym, p.name() + " " + p.got() + " (" + p.dim() + ")" + (others.isEmpty() ? "" : " and " + others));
                progress = true;
            }
        }
        for (ProductSize p : products) {
            ProductSize first = productSizes.putIfAbsent(p.dim(), p);
            if (first != null && first.actual() != p.actual()) {
                throw MatcalcException.general("inconsistent sizes: " + first.name() + " " + first.got() + ", but "
                        + p.name() + " " + p.got() + " (both sizes are " + p.dim() + ")");
            }
        }
    }

    /** x has length 7 where m·n = 6 (all factors known), or where no size of the unknown factor gives 7. */
    private MatcalcException productClash(ProductSize p, Integer product) {
        String why = product != null ? p.dim() + " = " + product + " as " : p.dim() + " cannot be " + p.actual() + " when ";
        return MatcalcException.general("inconsistent sizes: " + p.name() + " " + p.got() + ", but " + p.name() + " is "
                + describe(p.shape()) + ", and " + why + knownFactors(p.dim(), true));
    }

    /** "n = 2" for each factor whose size is known, with where it came from: "n = 2 (y has length 2)". */
    private String knownFactors(Dim.Prod d, boolean sources) {
        List<String> out = new ArrayList<>();
        for (Dim.Sym s : new java.util.LinkedHashSet<>(d.symbols())) {
            Integer n = sizes.get(s.name());
            if (n != null) out.add(s.name() + " = " + n + (sources ? " (" + sizeSource.get(s.name()) + ")" : ""));
        }
        return String.join(" and ", out);
    }

    /** "has length 3" for a vector, "is a single number", "is a vector of length 2", "is 2×3". */
    private static String describeValue(Shape shape, DMatrixRMaj value) {
        if (value.numCols == 1) {
            if (shape.isVector()) return "has length " + value.numRows;
            if (value.numRows == 1) return "is a single number";
            return "is a vector of length " + value.numRows;
        }
        return "is " + value.numRows + "×" + value.numCols;
    }

    private static String describe(Shape s) {
        return s.isScalar() ? "a scalar" : s.isVector() ? "a vector of length " + s.rows() : s.toString();
    }

    private int size(Dim d, Expr where) {
        Integer n = Sampler.size(d, sizes);
        if (n == null && productSizes.containsKey(d)) n = productSizes.get(d).actual();
        if (n == null) {
            throw MatcalcException.general("cannot tell the size " + d + " of " + TextPrinter.unicode().print(where)
                    + " from the values; declare its size or use it with a variable of that size");
        }
        return n;
    }

    // ---------------------------------------------------------------- evaluation

    private DMatrixRMaj eval(Expr e) {
        DMatrixRMaj v = memo.get(e);
        if (v == null) {
            matcalc.syntax.Deadline.check();
            v = e.accept(new Visit());
            memo.put(e, v);
        }
        return v;
    }

    private final class Visit implements Expr.Visitor<DMatrixRMaj> {
        @Override
        public DMatrixRMaj var(Expr.Var e) {
            if (e.kind() == Expr.Kind.SIZE) return new DMatrixRMaj(1, 1, true, size(Dim.sym(e.name()), e));
            return point.get(e.name());
        }

        @Override
        public DMatrixRMaj num(Expr.Num e) {
            return new DMatrixRMaj(1, 1, true, e.value());
        }

        @Override
        public DMatrixRMaj ones(Expr.Ones e) {
            DMatrixRMaj m = new DMatrixRMaj(size(e.shape().rows(), e), 1);
            m.fill(1);
            return m;
        }

        @Override
        public DMatrixRMaj identity(Expr.Identity e) {
            return CommonOps_DDRM.identity(size(e.shape().rows(), e));
        }

        /**
         * K_{m,n} built as the permutation it is: entry (i + j·n, j + i·m) is 1, for i < n and j < m,
         * since vec(A) holds A's (j, i) at j + i·m and vec(Aᵀ) holds it at i + j·n.
         */
        @Override
        public DMatrixRMaj commutation(Expr.Commutation e) {
            int m = size(e.m(), e);
            int n = size(e.n(), e);
            DMatrixRMaj k = new DMatrixRMaj(m * n, m * n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) k.set(i + j * n, j + i * m, 1);
            }
            return k;
        }

        @Override
        public DMatrixRMaj zero(Expr.Zero e) {
            return new DMatrixRMaj(size(e.shape().rows(), e), size(e.shape().cols(), e));
        }

        @Override
        public DMatrixRMaj add(Expr.Add e) {
            DMatrixRMaj acc = eval(e.terms().get(0)).copy();
            for (int i = 1; i < e.terms().size(); i++) CommonOps_DDRM.addEquals(acc, eval(e.terms().get(i)));
            return acc;
        }

        @Override
        public DMatrixRMaj mul(Expr.Mul e) {
            double c = e.coef();
            for (Expr s : e.scalars()) c *= eval(s).get(0, 0);
            if (e.chain().isEmpty()) return new DMatrixRMaj(1, 1, true, c);
            DMatrixRMaj acc = eval(e.chain().get(0));
            for (int i = 1; i < e.chain().size(); i++) {
                DMatrixRMaj next = eval(e.chain().get(i));
                DMatrixRMaj out = new DMatrixRMaj(acc.numRows, next.numCols);
                CommonOps_DDRM.mult(acc, next, out);
                acc = out;
            }
            DMatrixRMaj out = acc.copy();
            CommonOps_DDRM.scale(c, out);
            return out;
        }

        @Override
        public DMatrixRMaj hadamard(Expr.Hadamard e) {
            DMatrixRMaj acc = eval(e.factors().get(0)).copy();
            for (int i = 1; i < e.factors().size(); i++) CommonOps_DDRM.elementMult(acc, eval(e.factors().get(i)));
            return acc;
        }

        @Override
        public DMatrixRMaj transpose(Expr.Transpose e) {
            return CommonOps_DDRM.transpose(eval(e.arg()), null);
        }

        @Override
        public DMatrixRMaj power(Expr.Power e) {
            DMatrixRMaj b = eval(e.base());
            double p = eval(e.exponent()).get(0, 0);
            DMatrixRMaj out = new DMatrixRMaj(b.numRows, b.numCols);
            for (int i = 0; i < b.data.length && i < b.numRows * b.numCols; i++) {
                out.data[i] = Functions.power(e, b.data[i], p);
            }
            return out;
        }

        @Override
        public DMatrixRMaj apply(Expr.Apply e) {
            // log(softmax(z)), log(σ(z)), log(𝟏 − σ(z)), log(𝟏 + exp(z)), log(sum(exp(z))) in forms that stay
            // finite where the log is (softmax and σ round to 0 or 1, exp overflows: log σ(−800) = −800)
            if (e.fn() == Fn.LOG) {
                Expr stable = matcalc.core.StableLog.of(e.arg());
                if (stable != null) return eval(stable);
            }
            DMatrixRMaj arg = eval(e.arg());
            DMatrixRMaj value = Functions.apply(e, arg);
            if (argumentCheck != null) argumentCheck.accept(e, arg);
            return value;
        }

        @Override
        public DMatrixRMaj kron(Expr.Kron e) {
            DMatrixRMaj a = eval(e.left());
            DMatrixRMaj b = eval(e.right());
            return CommonOps_DDRM.kron(a, b, new DMatrixRMaj(a.numRows * b.numRows, a.numCols * b.numCols));
        }

        @Override
        public DMatrixRMaj userFn(Expr.UserFn e) {
            DoubleUnaryOperator[] fs = userFunctions.get(e.name());
            if (fs == null || fs.length <= e.primes()) {
                throw MatcalcException.general(e.name() + " is an undeclared function, so "
                        + TextPrinter.unicode().print(e) + " has no value; replace it with a known function (tanh, sigmoid, relu, …)");
            }
            DMatrixRMaj a = eval(e.arg());
            DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
            for (int i = 0; i < a.numRows * a.numCols; i++) out.data[i] = fs[e.primes()].applyAsDouble(a.data[i]);
            return out;
        }
    }

    /** Frobenius norm, used by tests and checks. */
    public static double norm(DMatrixRMaj m) {
        return NormOps_DDRM.normF(m);
    }
}
