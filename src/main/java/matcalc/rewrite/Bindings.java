package matcalc.rewrite;

import matcalc.core.Dim;
import matcalc.core.Expr;

/**
 * What a successful match bound: pattern variables, pattern dimensions and pattern functions.
 *
 * <p>Held as a persistent list (newest binding first, a handful per match): the matcher copies the
 * bindings at every pattern variable it tries, and a copy is then one object instead of three hash
 * maps (the simplifier's hottest allocation, by JFR). A binding added to a copy is not seen by the
 * bindings it was copied from, as before.
 */
public final class Bindings {
    /** What a name is bound to; kind tells the three namespaces apart (?a, a dimension, ?h). */
    private record Entry(int kind, String name, Object value, Entry next) {}

    private static final int EXPR = 0;
    private static final int DIM = 1;
    private static final int FUNCTION = 2;

    private Entry head;

    /** ?h bound to the function name with a number of primes. */
    record Function(String name, int primes) {}

    Bindings() {}

    private Bindings(Entry head) {
        this.head = head;
    }

    Bindings copy() {
        return new Bindings(head);
    }

    public Expr get(String patternVar) {
        return (Expr) find(EXPR, patternVar);
    }

    Dim dimOf(String name) {
        return (Dim) find(DIM, name);
    }

    Function function(String name) {
        return (Function) find(FUNCTION, name);
    }

    void putExpr(String name, Expr e) {
        head = new Entry(EXPR, name, e, head);
    }

    void putFunction(String name, Function f) {
        head = new Entry(FUNCTION, name, f, head);
    }

    private Object find(int kind, String name) {
        for (Entry e = head; e != null; e = e.next) {
            if (e.kind == kind && e.name.equals(name)) return e.value;
        }
        return null;
    }

    /** Binds a pattern dimension, or checks it against its binding. */
    boolean dim(Dim pattern, Dim actual) {
        if (!(pattern instanceof Dim.Sym s)) return pattern.equals(actual);   // rules have no product dimensions
        String key = s.name();
        Dim bound = dimOf(key);
        if (bound == null) {
            head = new Entry(DIM, key, actual, head);
            return true;
        }
        return bound.equals(actual);
    }
}
