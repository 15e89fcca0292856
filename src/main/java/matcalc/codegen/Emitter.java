package matcalc.codegen;

import matcalc.core.Dim;
import matcalc.plan.Program;

/** Writes a {@link Program} as source code of one target. */
interface Emitter {
    String emit(Program p);

    /** A size as an expression in the generated code: 3, n, n * m (the names of the size bindings). */
    static String size(Program p, Dim d) {
        if (d instanceof Dim.Lit l) return Integer.toString(l.size());
        StringBuilder sb = new StringBuilder();
        for (Dim f : d.factors()) {
            if (sb.length() > 0) sb.append(" * ");
            sb.append(f instanceof Dim.Lit l ? Integer.toString(l.size()) : binding(p, (Dim.Sym) f));
        }
        return d.factors().size() == 1 ? sb.toString() : "(" + sb + ")";
    }

    private static String binding(Program p, Dim.Sym s) {
        for (Program.SizeBinding b : p.sizes()) if (b.dim().equals(s)) return b.name();
        throw new IllegalStateException("unbound size " + s);
    }

    /** A number as a literal both Python and Java read: 2.0, -0.5, 1.0E-5. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v) + ".0";
        return Double.toString(v);
    }
}
