package matcalc.rewrite;

import java.util.HashMap;
import java.util.Map;
import matcalc.core.Dim;
import matcalc.core.Expr;

/** What a successful match bound: pattern variables, pattern dimensions and pattern functions. */
public final class Bindings {
    final Map<String, Expr> exprs;
    final Map<String, Dim> dims;
    final Map<String, Function> functions;

    /** ?h bound to the function name with a number of primes. */
    record Function(String name, int primes) {}

    Bindings() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>());
    }

    private Bindings(Map<String, Expr> exprs, Map<String, Dim> dims, Map<String, Function> functions) {
        this.exprs = exprs;
        this.dims = dims;
        this.functions = functions;
    }

    Bindings copy() {
        return new Bindings(new HashMap<>(exprs), new HashMap<>(dims), new HashMap<>(functions));
    }

    public Expr get(String patternVar) {
        return exprs.get(patternVar);
    }

    /** Binds a pattern dimension, or checks it against its binding. */
    boolean dim(Dim pattern, Dim actual) {
        if (!(pattern instanceof Dim.Sym s)) return pattern.equals(actual);   // rules have no product dimensions
        String key = s.name();
        Dim bound = dims.get(key);
        if (bound == null) {
            dims.put(key, actual);
            return true;
        }
        return bound.equals(actual);
    }
}
