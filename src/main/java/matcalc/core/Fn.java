package matcalc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The built-in functions, one descriptor each: the names people type, the shape rule, the domain,
 * the numeric kernel, the value at 0 where it folds, and the notation the printers use. The factory,
 * the shape checker, the evaluator, the sampler, the printers and name lookup read this table; the
 * derivatives are rules in rules/derivatives.rules. Elementwise functions have a kernel per entry.
 */
public enum Fn {
    EXP(entrywise("exp", Math::exp).latex("\\exp").atZero(1)),
    LOG(entrywise("log", Math::log).alias("ln").latex("\\log").domain(Domain.POSITIVE)),
    SIN(entrywise("sin", Math::sin).latex("\\sin").atZero(0)),
    COS(entrywise("cos", Math::cos).latex("\\cos").atZero(1)),
    TANH(entrywise("tanh", Math::tanh).latex("\\tanh").atZero(0)),
    SIGMOID(entrywise("sigmoid", Kernels::sigmoid).unicode("σ").latex("\\sigma").atZero(0.5)),
    RELU(entrywise("relu", x -> Math.max(0, x)).atZero(0)),
    SQRT(entrywise("sqrt", Math::sqrt).domain(Domain.NON_NEGATIVE).notation(Notation.ROOT).atZero(0)),
    ABS(entrywise("abs", Math::abs).notation(Notation.BARS).atZero(0)),
    /** sign(x): the derivative of abs. */
    SIGN(entrywise("sign", Math::signum).atZero(0)),
    /** step(x) = 1 for x &gt; 0, else 0: the derivative of relu. */
    STEP(entrywise("step", x -> x > 0 ? 1 : 0).atZero(0)),
    SUM(matrix("sum", ShapeRule.TO_SCALAR, a -> Kernels.scalar(CommonOps_DDRM.elementSum(a))).atZero(0)),
    /** softmax of each column: a vector's softmax, or per sample of a d×B batch (samples as columns). */
    SOFTMAX(matrix("softmax", ShapeRule.COLUMNWISE, Kernels::softmax).atZero(Fn::softmaxOfZero)),
    /** logsumexp of each column: a scalar for a vector, the 1×B row of per-sample values for a d×B batch. */
    LOGSUMEXP(matrix("logsumexp", ShapeRule.COLUMNS_TO_ROW, Kernels::logsumexpColumns)
            .atZero(Fn::logsumexpOfZero)),
    /** diag(v): vector to diagonal matrix; diag(A): the diagonal of a square matrix as a vector. */
    DIAG(matrix("diag", ShapeRule.DIAG, Kernels::diag).atZero(0)),
    TR(matrix("tr", ShapeRule.SQUARE_TO_SCALAR, a -> Kernels.scalar(CommonOps_DDRM.trace(a))).alias("trace").atZero(0)),
    DET(matrix("det", ShapeRule.SQUARE_TO_SCALAR, a -> Kernels.scalar(Kernels.det(a)))
            .latex("\\det").domain(Domain.SQUARE).atZero(0)),
    LOGDET(matrix("logdet", ShapeRule.SQUARE_TO_SCALAR, a -> Kernels.scalar(Kernels.logdet(a)))
            .latex("\\log\\det").domain(Domain.POSITIVE_DETERMINANT)),
    INV(matrix("inv", ShapeRule.SQUARE, Kernels::inverse).alias("inverse").notation(Notation.INVERSE)
            .domain(Domain.INVERTIBLE)),
    NORM(matrix("norm", ShapeRule.TO_SCALAR, a -> Kernels.scalar(NormOps_DDRM.normF(a))).notation(Notation.NORM_BARS)
            .atZero(0)),
    /** softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|). */
    SOFTPLUS(entrywise("softplus", Kernels::softplus).atZero((arg, result) -> Fn.logTwo(1, result))),
    /** logsigmoid(x) = log σ(x) = −softplus(−x); also typed logσ. */
    LOGSIGMOID(entrywise("logsigmoid", Kernels::logSigmoid).alias("logσ").alias("logsigma").latex("\\log\\sigma")
            .atZero((arg, result) -> Fn.logTwo(-1, result))),
    /** leakyrelu(x) = x for x &gt; 0, else 0.01 x; its derivative at 0 is the left one, 0.01, as relu's is 0. */
    LEAKYRELU(entrywise("leakyrelu", Kernels::leakyRelu).atZero(0)),
    /** elu(x) = x for x &gt; 0, else eˣ − 1 (α = 1). */
    ELU(entrywise("elu", Kernels::elu).atZero(0)),
    /** gelu(x) = 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), the tanh approximation, = x σ(2√(2/π) (x + 0.044715 x³)). */
    GELU(entrywise("gelu", Kernels::gelu).atZero(0)),
    /** vec(X): the columns of an m×n X stacked into one column of length m·n (column-major). */
    VEC(matrix("vec", ShapeRule.VEC, Kernels::vec).atZero(0));

    /** How a function prints: as a call, or in a notation of its own (√ in LaTeX, bars, a superscript). */
    public enum Notation {
        /** f(x); LaTeX: the function's {@link Fn#latex() operator}. */
        CALL,
        /** sqrt(x); LaTeX: \sqrt{x}. */
        ROOT,
        /** abs(x); LaTeX: \left|x\right|. */
        BARS,
        /** ‖x‖ in Unicode where it is the only norm (two read back ambiguously), else norm(x); \left\|x\right\|. */
        NORM_BARS,
        /** X⁻¹ in Unicode where X is an atom, else inv(X); LaTeX: X^{-1}. */
        INVERSE
    }

    /** fn(0) written without fn, for an argument of the shape arg and a result of the shape result. */
    @FunctionalInterface
    public interface ZeroFold {
        Expr of(Shape arg, Shape result);
    }

    private final String name;
    private final String unicode;
    private final List<String> aliases;
    private final String latex;
    private final Notation notation;
    private final ShapeRule shapeRule;
    private final Domain domain;
    private final DoubleUnaryOperator entrywise;
    private final UnaryOperator<DMatrixRMaj> kernel;
    private final ZeroFold atZero;

    Fn(Spec s) {
        this.name = s.name;
        this.unicode = s.unicode != null ? s.unicode : s.name;
        this.aliases = List.copyOf(s.aliases);
        this.latex = s.latex != null ? s.latex : "\\operatorname{" + s.name + "}";
        this.notation = s.notation;
        this.shapeRule = s.shapeRule;
        this.domain = s.domain;
        this.entrywise = s.entrywise;
        this.kernel = s.kernel;
        this.atZero = s.atZero;
    }

    /** The name in ASCII, as written in rule files and printed by the ASCII printer: sigmoid. */
    public String fnName() {
        return name;
    }

    /** The name the Unicode printer writes: σ for sigmoid, else the ASCII name. */
    public String unicodeName() {
        return unicode;
    }

    /** Other spellings people type: ln(x), trace(A), inverse(A). Accepted, not suggested. */
    public List<String> aliases() {
        return aliases;
    }

    /** Every spelling a call may use: the ASCII and Unicode names and the aliases. */
    public List<String> names() {
        List<String> out = new ArrayList<>(List.of(name));
        if (!unicode.equals(name)) out.add(unicode);
        out.addAll(aliases);
        return out;
    }

    /** The number of arguments. {@link Expr.Apply} has one; a binary function needs a node of its own. */
    public int arity() {
        return 1;
    }

    /** Applies entry by entry, with a kernel per entry and the shape of its argument. */
    public boolean elementwise() {
        return entrywise != null;
    }

    /** The LaTeX operator for {@link Notation#CALL}: \exp, \sigma, \operatorname{relu}. */
    public String latex() {
        return latex;
    }

    public Notation notation() {
        return notation;
    }

    public ShapeRule shapeRule() {
        return shapeRule;
    }

    /** The shape of this function of an argument of the shape arg, or a {@link ShapeRule.Violation}. */
    public <S> S resultShape(ShapeRule.Shapes<S> shapes, S arg) {
        return shapeRule.result(shapes, arg, name);
    }

    public Domain domain() {
        return domain;
    }

    /** The kernel per entry of an elementwise function; null for the others. */
    public DoubleUnaryOperator entrywise() {
        return entrywise;
    }

    /**
     * The value at a, without domain checks (outside the domain it may be NaN or infinite).
     * Not modified: a.
     */
    public DMatrixRMaj value(DMatrixRMaj a) {
        return kernel.apply(a);
    }

    /** fn(0) without fn, or null where it does not fold (log, logdet and inv of 0 are undefined). */
    public Expr atZero(Shape arg, Shape result) {
        return atZero == null ? null : atZero.of(arg, result);
    }

    // ---------------------------------------------------------------- lookup by name

    private static final Map<String, Fn> BY_NAME = new HashMap<>();

    static {
        for (Fn f : values()) for (String n : f.names()) BY_NAME.put(n, f);
    }

    /** The built-in function of this spelling: exp, σ, sigmoid, ln, trace, inverse. */
    public static Optional<Fn> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** dot(x, y) is sugar for xᵀ y, a call with two arguments that builds no function node. */
    public static final String DOT = "dot";

    /** kron(A, B) is A ⊗ B, the ASCII spelling of the Kronecker product ({@link Expr.Kron}). */
    public static final String KRON = "kron";

    /**
     * mean(A) is sum(A) divided by its number of entries, the sizes of A's shape used as numbers:
     * written out as that when read (sum(X) / (n B)), so every pass knows it already.
     */
    public static final String MEAN = "mean";

    /** colsum(A) is 𝟏ᵀ A, the row of A's column sums (per sample of a batch X: n×B); written out when read. */
    public static final String COLSUM = "colsum";

    /** rowsum(A) is A 𝟏, the column of A's row sums (over the batch of X: n×B); written out when read. */
    public static final String ROWSUM = "rowsum";

    /** Names read as what they stand for (mean, colsum, rowsum): calls, never kept in an expression. */
    public static final List<String> SHORTHANDS = List.of(MEAN, COLSUM, ROWSUM);

    /** A built-in function's name, dot, kron or a shorthand: no variable may take it, and it is a call, not a product. */
    public static boolean isBuiltinName(String name) {
        return BY_NAME.containsKey(name) || name.equals(DOT) || name.equals(KRON) || SHORTHANDS.contains(name);
    }

    /** Every name a user may call, for suggestions and completion: the ASCII names, dot, then Unicode ones. */
    public static List<String> callableNames() {
        List<String> names = new ArrayList<>();
        for (Fn f : values()) names.add(f.name);
        names.add(DOT);
        names.add(KRON);
        names.addAll(SHORTHANDS);
        for (Fn f : values()) if (!f.unicode.equals(f.name)) names.add(f.unicode);
        return names;
    }

    // ---------------------------------------------------------------- values at 0

    /** logsumexp(0) = log(sum(𝟏)) in each column: log(sum(𝟏_d)) 𝟏ᵀ for a d×B matrix. */
    private static Expr logsumexpOfZero(Shape arg, Shape result) {
        if (arg.isScalar()) return Exprs.num(0);
        Expr each = Exprs.apply(LOG, Exprs.apply(SUM, Exprs.ones(arg.rows())));
        return arg.cols().isOne() ? each : Exprs.mul(each, Exprs.transpose(Exprs.ones(arg.cols())));
    }

    /** sign log(2) in every entry of result: softplus(0) and logsigmoid(0). */
    private static Expr logTwo(double sign, Shape result) {
        return Exprs.mul(Exprs.num(sign), Exprs.mul(Exprs.apply(LOG, Exprs.num(2)), Exprs.onesOf(result)));
    }

    /** softmax(0) = 𝟏 / sum(𝟏) in each column: 𝟏 𝟏ᵀ / sum(𝟏_d) for a d×B matrix. */
    private static Expr softmaxOfZero(Shape arg, Shape result) {
        if (arg.isScalar()) return Exprs.num(1);
        Expr inverseCount = Exprs.power(Exprs.apply(SUM, Exprs.ones(arg.rows())), Exprs.num(-1));
        return arg.cols().isOne() ? Exprs.mul(Exprs.ones(arg.rows()), inverseCount)
                : Exprs.mul(Exprs.ones(arg.rows()), Exprs.transpose(Exprs.ones(arg.cols())), inverseCount);
    }

    // ---------------------------------------------------------------- the table's builder

    private static Spec entrywise(String name, DoubleUnaryOperator f) {
        Spec s = new Spec(name, ShapeRule.SAME, a -> Kernels.map(a, f));
        s.entrywise = f;
        return s;
    }

    private static Spec matrix(String name, ShapeRule shape, UnaryOperator<DMatrixRMaj> kernel) {
        return new Spec(name, shape, kernel);
    }

    /** One row of the table, with defaults: no aliases, \operatorname{name}, f(x), all reals, no fold. */
    private static final class Spec {
        final String name;
        final ShapeRule shapeRule;
        final UnaryOperator<DMatrixRMaj> kernel;
        DoubleUnaryOperator entrywise;
        String unicode;
        final List<String> aliases = new ArrayList<>();
        String latex;
        Notation notation = Notation.CALL;
        Domain domain = Domain.REALS;
        ZeroFold atZero;

        Spec(String name, ShapeRule shapeRule, UnaryOperator<DMatrixRMaj> kernel) {
            this.name = name;
            this.shapeRule = shapeRule;
            this.kernel = kernel;
        }

        Spec unicode(String u) {
            unicode = u;
            return this;
        }

        Spec alias(String a) {
            aliases.add(a);
            return this;
        }

        Spec latex(String l) {
            latex = l;
            return this;
        }

        Spec notation(Notation n) {
            notation = n;
            return this;
        }

        Spec domain(Domain d) {
            domain = d;
            return this;
        }

        Spec atZero(ZeroFold f) {
            atZero = f;
            return this;
        }

        /**
         * fn(0) = c in every entry of the result: 0 folds to the zero of the result's shape (a zero
         * matrix prints as 0, so σ(0) of a matrix would read back as a scalar), 1 to all-ones.
         */
        Spec atZero(double c) {
            return atZero((arg, result) -> c == 0 ? Exprs.zero(result)
                    : c == 1 ? Exprs.onesOf(result) : Exprs.mul(Exprs.num(c), Exprs.onesOf(result)));
        }
    }
}
