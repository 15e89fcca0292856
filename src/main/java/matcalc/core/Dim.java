package matcalc.core;

/** A dimension: a literal size or a symbol such as n or d. */
public sealed interface Dim permits Dim.Lit, Dim.Sym {

    Dim ONE = new Lit(1);

    static Dim of(int n) {
        return n == 1 ? ONE : new Lit(n);
    }

    static Dim sym(String name) {
        return new Sym(name);
    }

    default boolean isOne() {
        return this instanceof Lit l && l.size() == 1;
    }

    record Lit(int size) implements Dim {
        @Override public String toString() { return Integer.toString(size); }
    }

    record Sym(String name) implements Dim {
        @Override public String toString() { return name; }
    }
}
