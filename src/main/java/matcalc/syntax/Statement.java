package matcalc.syntax;

import java.util.List;

/** One statement of the language: a declaration, a named intermediate, an assumption or an expression. */
public sealed interface Statement {
    Span span();

    /** A dimension as written: a symbol (n), a size (3), or a product of those (n*m, n·m, 2*n). */
    record DimRef(Span span, String symbol, int size, List<DimRef> factors) {
        public DimRef {
            factors = List.copyOf(factors);
        }

        /** A symbol (size 0) or a size (symbol null). */
        public DimRef(Span span, String symbol, int size) {
            this(span, symbol, size, List.of());
        }

        /** A product of two or more symbols and sizes. */
        public static DimRef product(Span span, List<DimRef> factors) {
            return new DimRef(span, null, 0, factors);
        }

        public boolean isSymbol() {
            return symbol != null;
        }

        public boolean isProduct() {
            return !factors.isEmpty();
        }

        @Override
        public String toString() {
            if (isProduct()) return String.join("·", factors.stream().map(DimRef::toString).toList());
            return isSymbol() ? symbol : Integer.toString(size);
        }
    }

    /** scalar, a vector of length rows, or a rows×cols matrix, with properties such as symmetric. */
    record DeclType(Span span, DimRef rows, DimRef cols, List<String> properties) {
        public boolean isScalar() {
            return rows == null;
        }
    }

    /** W: d x n, or x, y ∈ ℝ^n. */
    record Decl(Span span, List<Node.Name> names, DeclType type) implements Statement {}

    /** h1 = g(W1 x + b1). */
    record Def(Span span, Node.Name name, Node value) implements Statement {}

    /**
     * f(u) = u ⊙ σ(u), an elementwise function defined by its body, or h'(u) = 1 − h(u).^2, the
     * stated derivative of an opaque function h (primes = 1).
     */
    record FnDef(Span span, Node.Name name, int primes, Node.Name param, Node body) implements Statement {}

    /** assume sum(y) = 1. */
    record Assume(Span span, Node left, Node right) implements Statement {}

    record ExprStmt(Span span, Node expr) implements Statement {}
}
