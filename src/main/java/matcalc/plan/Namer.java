package matcalc.plan;

import java.util.HashSet;
import java.util.Set;

/**
 * Names in generated code: unique, and never a keyword or a module name of any target (Python,
 * Java), so one program serves every emitter. Temporaries are t1, t2, ….
 */
public final class Namer {
    private static final Set<String> RESERVED = Set.of(
            // Python
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
            "np", "torch", "jax", "jnp", "math", "float", "int", "sum", "max", "min", "abs", "len", "range", "print",
            // Java
            "abstract", "boolean", "byte", "case", "catch", "char", "const", "default", "do", "double", "enum",
            "extends", "final", "goto", "implements", "instanceof", "interface", "long", "native", "new", "package",
            "private", "protected", "public", "short", "static", "strictfp", "super", "switch", "synchronized",
            "this", "throw", "throws", "transient", "void", "volatile", "var", "record", "true", "false",
            "null", "Math", "Result", "DMatrixRMaj", "CommonOps_DDRM", "NormOps_DDRM", "String", "Object",
            // the emitters' own locals
            "sign", "shift", "dtype");
    private final Set<String> taken = new HashSet<>();
    private int temps;

    /** The name itself if free, else name_2, name_3, …. */
    public String fresh(String name) {
        String base = Dag.identifier(name);
        String n = base;
        for (int i = 2; RESERVED.contains(n) || taken.contains(n) || n.matches("t\\d+"); i++) n = base + "_" + i;
        taken.add(n);
        return n;
    }

    public static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    public void reserve(String name) {
        taken.add(name);
    }

    public String temp() {
        String n;
        do {
            n = "t" + (++temps);
        } while (taken.contains(n));
        taken.add(n);
        return n;
    }
}
