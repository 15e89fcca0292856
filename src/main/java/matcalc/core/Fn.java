package matcalc.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The built-in functions. Elementwise ones apply entry by entry; the others have their own shape rule. */
public enum Fn {
    EXP("exp", true, "\\exp"),
    LOG("log", true, "\\log"),
    SIN("sin", true, "\\sin"),
    COS("cos", true, "\\cos"),
    TANH("tanh", true, "\\tanh"),
    SIGMOID("sigmoid", true, "\\sigma"),
    RELU("relu", true, "\\operatorname{relu}"),
    SQRT("sqrt", true, null),
    ABS("abs", true, null),
    /** sign(x): the derivative of abs. */
    SIGN("sign", true, "\\operatorname{sign}"),
    /** step(x) = 1 for x &gt; 0, else 0: the derivative of relu. */
    STEP("step", true, "\\operatorname{step}"),
    SUM("sum", false, "\\operatorname{sum}"),
    SOFTMAX("softmax", false, "\\operatorname{softmax}"),
    LOGSUMEXP("logsumexp", false, "\\operatorname{logsumexp}"),
    /** diag(v): vector to diagonal matrix; diag(A): the diagonal of a square matrix as a vector. */
    DIAG("diag", false, "\\operatorname{diag}"),
    TR("tr", false, "\\operatorname{tr}"),
    DET("det", false, "\\det"),
    LOGDET("logdet", false, "\\log\\det"),
    INV("inv", false, null),
    NORM("norm", false, null);

    private final String name;
    private final boolean elementwise;
    private final String latex;

    Fn(String name, boolean elementwise, String latex) {
        this.name = name;
        this.elementwise = elementwise;
        this.latex = latex;
    }

    public String fnName() {
        return name;
    }

    public boolean elementwise() {
        return elementwise;
    }

    /** The LaTeX operator name, or null where the printer has a special form (√, |·|, ‖·‖, ⁻¹). */
    public String latex() {
        return latex;
    }

    /** Other spellings people type: trace(A), ln(x), inverse(A). */
    private static final java.util.Map<String, Fn> ALIASES = java.util.Map.of(
            "σ", SIGMOID, "trace", TR, "ln", LOG, "inverse", INV);

    public static Optional<Fn> byName(String name) {
        Fn alias = ALIASES.get(name);
        if (alias != null) return Optional.of(alias);
        return Arrays.stream(values()).filter(f -> f.name.equals(name)).findFirst();
    }

    /** Every name a user may call, for suggestions and completion (dot is sugar for xᵀy). */
    public static List<String> callableNames() {
        var names = new java.util.ArrayList<String>();
        for (Fn f : values()) names.add(f.name);
        names.add("dot");
        names.add("σ");
        return names;
    }
}
