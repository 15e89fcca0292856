package matcalc.core;

/**
 * The shape rules of the built-in functions, each written once, over an abstract {@link Shapes}.
 * The factory ({@link Exprs#apply}) runs a rule on concrete shapes ({@link #DIMS}); the shape
 * checker runs the same rule on dimension terms it unifies, so that sizes are inferred (softmax(x)
 * makes x a column). What is wrong is reported as a {@link Violation}, which each caller phrases.
 */
public enum ShapeRule {
    /** f(X) has the shape of X: the elementwise functions. */
    SAME {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            return x;
        }
    },
    /** A scalar from any shape: sum, norm. */
    TO_SCALAR {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            return sh.scalar();
        }
    },
    /** A column vector to one of the same length (softmax was, before it acted on each column of a matrix). */
    VECTOR {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (!sh.makeColumn(x)) throw new Violation(fn, "a vector", "", sh.describe(x));
            return x;
        }
    },
    /** diag(v) is the n×n diagonal matrix of a vector; diag(A) the diagonal of a square matrix, a vector. */
    DIAG {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (sh.isColumn(x)) return sh.square(x);
            if (sh.isRow(x)) {
                throw new Violation(fn, "a column vector or a square matrix", "; transpose it first", sh.describe(x));
            }
            if (!sh.makeSquare(x)) throw new Violation(fn + " of a matrix", "a square matrix", "", sh.describe(x));
            return sh.column(x);
        }
    },
    /** A scalar from a square matrix: tr, det, logdet. */
    SQUARE_TO_SCALAR {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (!sh.makeSquare(x)) throw new Violation(fn, "a square matrix", "", sh.describe(x));
            return sh.scalar();
        }
    },
    /** A square matrix to one of the same shape (a scalar stays a scalar): inv. */
    SQUARE {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (sh.isScalar(x)) return x;
            if (!sh.makeSquare(x)) throw new Violation(fn, "a square matrix", "", sh.describe(x));
            return x;
        }
    },
    /**
     * Column by column, to the same shape: softmax of a d×B matrix (samples as columns) is the
     * softmax of each column. A row 1×n (n not 1) is refused: it would be n softmaxes of one entry
     * each, all 1, where the user evidently meant the row's softmax.
     */
    COLUMNWISE {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (sh.isRow(x) && !sh.isColumn(x)) throw rowViolation(sh, x, fn, fn + "(vᵀ)ᵀ");
            return x;
        }
    },
    /**
     * Column by column, to a row: logsumexp of a d×B matrix is the 1×B row of its columns'
     * logsumexps (a vector's is a scalar). A row 1×n (n not 1) is refused, as for {@link #COLUMNWISE}.
     */
    COLUMNS_TO_ROW {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            if (sh.isRow(x) && !sh.isColumn(x)) throw rowViolation(sh, x, fn, fn + "(vᵀ)");
            return sh.row(x);
        }
    },
    /** The columns stacked: an m×n matrix to a column of length m·n (vec). */
    VEC {
        @Override
        public <S> S result(Shapes<S> sh, S x, String fn) {
            return sh.stacked(x);
        }
    };

    private static <S> Violation rowViolation(Shapes<S> sh, S x, String fn, String instead) {
        return new Violation(fn, "a column vector or a matrix of columns", "; " + fn
                + " acts on each column: for a row vector vᵀ write " + instead, sh.describe(x));
    }

    /**
     * The shape of fn(x).
     *
     * @param fn the function's name, for the violation's wording
     * @throws Violation if x has a shape the function does not take
     */
    public abstract <S> S result(Shapes<S> sh, S x, String fn);

    /**
     * The questions a shape rule asks. {@code make…} may make it so (the checker unifies, binding
     * a dimension to 1 or two dimensions to each other) and say whether that was possible;
     * {@code is…} only look.
     */
    public interface Shapes<S> {
        S scalar();

        boolean isScalar(S s);

        /** Known to have one column. */
        boolean isColumn(S s);

        /** Known to have one row. */
        boolean isRow(S s);

        /** One column, or false where it cannot have. */
        boolean makeColumn(S s);

        /** As many rows as columns, or false where it cannot have. */
        boolean makeSquare(S s);

        /** rows × rows. */
        S square(S s);

        /** rows × 1. */
        S column(S s);

        /** 1 × cols: a scalar for a column. */
        S row(S s);
        /** (rows·cols) × 1: the length of vec. */
        S stacked(S s);

        /** "vector of length n", for the factory's message. */
        String describe(S s);
    }

    /** The concrete shapes of core expressions: nothing to infer, only checks. */
    public static final Shapes<Shape> DIMS = new Shapes<>() {
        @Override public Shape scalar() { return Shape.SCALAR; }
        @Override public boolean isScalar(Shape s) { return s.isScalar(); }
        @Override public boolean isColumn(Shape s) { return s.cols().isOne(); }
        @Override public boolean isRow(Shape s) { return s.rows().isOne(); }
        @Override public boolean makeColumn(Shape s) { return s.cols().isOne(); }
        @Override public boolean makeSquare(Shape s) { return s.isSquare(); }
        @Override public Shape square(Shape s) { return Shape.matrix(s.rows(), s.rows()); }
        @Override public Shape column(Shape s) { return Shape.vector(s.rows()); }
        @Override public Shape row(Shape s) { return s.cols().isOne() ? Shape.SCALAR : Shape.matrix(Dim.ONE, s.cols()); }
        @Override public Shape stacked(Shape s) { return Shape.vector(Dim.product(s.rows(), s.cols())); }
        @Override public String describe(Shape s) { return s.describe(); }
    };

    /**
     * An argument of the wrong shape: "{subject} needs {needs}" and, after the argument's shape,
     * a hint. The factory's message is complete ("tr needs a square matrix, not a d×n"); the shape
     * checker puts the argument's text and span in instead.
     */
    public static final class Violation extends ShapeException {
        private static final long serialVersionUID = 1L;

        private final String subject;
        private final String needs;
        private final String hint;

        Violation(String subject, String needs, String hint, String actual) {
            super(subject + " needs " + needs + ", not a " + actual);
            this.subject = subject;
            this.needs = needs;
            this.hint = hint;
        }

        /** "tr", or "diag of a matrix". */
        public String subject() {
            return subject;
        }

        /** "a square matrix". */
        public String needs() {
            return needs;
        }

        /** "; transpose it first", or empty. */
        public String hint() {
            return hint;
        }
    }
}
