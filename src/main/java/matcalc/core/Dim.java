package matcalc.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A dimension: a literal size, a symbol such as n or d, or a product of symbols (n·m, 2·n), the
 * length of vec(X) or a side of A ⊗ B. Build products with {@link #product}, which keeps them
 * canonical, so that equal products are equal records: n·m and m·n are one {@code Prod}.
 */
public sealed interface Dim permits Dim.Lit, Dim.Sym, Dim.Prod {

    Dim ONE = new Lit(1);

    static Dim of(int n) {
        return n == 1 ? ONE : new Lit(n);
    }

    static Dim sym(String name) {
        return new Sym(name);
    }

    /**
     * The canonical product of the factors: literals multiplied out, products flattened, symbols
     * sorted by name, 1 dropped; a product of one symbol is that symbol, of none a literal.
     *
     * @throws ArithmeticException if the literal part overflows an int
     */
    static Dim product(List<? extends Dim> factors) {
        int coefficient = 1;
        List<Sym> symbols = new ArrayList<>();
        for (Dim d : factors) {
            if (d instanceof Lit l) {
                coefficient = Math.multiplyExact(coefficient, l.size());
            } else if (d instanceof Sym s) {
                symbols.add(s);
            } else {
                Prod p = (Prod) d;
                coefficient = Math.multiplyExact(coefficient, p.coefficient());
                symbols.addAll(p.symbols());
            }
        }
        if (symbols.isEmpty()) return of(coefficient);
        if (symbols.size() == 1 && coefficient == 1) return symbols.get(0);
        symbols.sort(Comparator.comparing(Sym::name));
        return new Prod(coefficient, symbols);
    }

    static Dim product(Dim... factors) {
        return product(List.of(factors));
    }

    default boolean isOne() {
        return this instanceof Lit l && l.size() == 1;
    }

    /**
     * A size the checker named, not the user: n_𝟏, n_I, n_x, m_W (made unique as n_x_2), and in
     * rule files a pattern variable's n?a, r?A. No text the user writes names it.
     */
    static boolean checkerNamed(Dim d) {
        for (Dim f : d.factors()) {
            if (f instanceof Sym s && (s.name().startsWith("n_") || s.name().startsWith("m_") || s.name().contains("?"))) {
                return true;
            }
        }
        return false;
    }

    /** The factors: the symbols of a product (with its literal first, if not 1), or the dimension itself. */
    default List<Dim> factors() {
        return List.of(this);
    }

    /** How the dimension reads in ASCII: n*m for a product, the name or size otherwise. */
    default String ascii() {
        return toString();
    }

    // Lit, Sym and Prod write out equals and hashCode with the values the record's own would give
    // (31 h + h per component): the generated ones bootstrap method handles at first use, a visible
    // share of a cold start (ARCHITECTURE.md, the start path); RecordMethodsTest holds them equal
    record Lit(int size) implements Dim {
        @Override public String toString() { return Integer.toString(size); }

        @Override public boolean equals(Object o) { return o instanceof Lit l && size == l.size; }

        @Override public int hashCode() { return Integer.hashCode(size); }
    }

    record Sym(String name) implements Dim {
        @Override public String toString() { return name; }

        @Override public boolean equals(Object o) { return o instanceof Sym s && java.util.Objects.equals(name, s.name); }

        @Override public int hashCode() { return java.util.Objects.hashCode(name); }
    }

    /**
     * coefficient · symbols[0] · symbols[1] ⋯, canonical: the coefficient at least 1, the symbols
     * sorted by name (repeats allowed: n·n), and at least two factors in all. Printed n·m, 2·n.
     */
    record Prod(int coefficient, List<Sym> symbols) implements Dim {
        public Prod {
            symbols = List.copyOf(symbols);
            if (coefficient < 1) throw new IllegalArgumentException("a dimension's coefficient must be at least 1: " + coefficient);
            if (symbols.isEmpty() || (symbols.size() == 1 && coefficient == 1)) {
                throw new IllegalArgumentException("not a product: use Dim.product");
            }
            for (int i = 1; i < symbols.size(); i++) {
                if (symbols.get(i - 1).name().compareTo(symbols.get(i).name()) > 0) {
                    throw new IllegalArgumentException("unsorted factors " + symbols + ": use Dim.product");
                }
            }
        }

        @Override
        public List<Dim> factors() {
            List<Dim> out = new ArrayList<>();
            if (coefficient != 1) out.add(of(coefficient));
            out.addAll(symbols);
            return out;
        }

        @Override public String toString() { return join("·"); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prod p && coefficient == p.coefficient && java.util.Objects.equals(symbols, p.symbols);
        }

        @Override public int hashCode() { return 31 * Integer.hashCode(coefficient) + java.util.Objects.hashCode(symbols); }

        @Override public String ascii() { return join("*"); }

        private String join(String times) {
            StringBuilder sb = new StringBuilder();
            for (Dim f : factors()) sb.append(sb.length() == 0 ? "" : times).append(f);
            return sb.toString();
        }
    }
}
