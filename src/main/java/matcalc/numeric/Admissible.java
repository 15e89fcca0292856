package matcalc.numeric;

import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;

/**
 * Whether a user's point fits what was declared, and whether a value computed at it is a number.
 * A declared property is a promise the derivative relies on (∂xᵀAx/∂x = 2Ax only for a symmetric
 * A), so a value that breaks it is refused rather than silently giving a wrong number. Each
 * property holds within a relative tolerance of 1e-9·max(1, ‖A‖_F); spd is tested by a Cholesky
 * factorisation. Values that are not square are left to the shape check.
 */
public final class Admissible {
    private Admissible() {}

    static final double TOLERANCE = 1e-9;

    /** Throws, naming the variable and what is violated, if a value breaks a declared property. */
    public static void check(Point point, Map<String, List<String>> properties) {
        for (Map.Entry<String, DMatrixRMaj> e : point.values().entrySet()) {
            List<String> declared = properties.get(e.getKey());
            if (declared == null || declared.isEmpty()) continue;
            DMatrixRMaj a = e.getValue();
            if (a.numRows != a.numCols) continue;
            for (String property : declared) check(e.getKey(), property, a);
        }
    }

    private static void check(String name, String property, DMatrixRMaj a) {
        double tol = TOLERANCE * Math.max(1, NormOps_DDRM.normF(a));
        int n = a.numRows;
        switch (property) {
            case "symmetric", "spd" -> {
                String what = property.equals("spd") ? "spd (symmetric positive definite), but its value is not symmetric"
                        : "symmetric, but its value is not";
                int[] worst = worst(a, tol, (i, j) -> Math.abs(a.get(i, j) - a.get(j, i)));
                if (worst != null) {
                    int i = worst[0], j = worst[1];
                    throw violated(name, what + ": " + entry(name, a, Math.min(i, j), Math.max(i, j)) + " and "
                            + entry(name, a, Math.max(i, j), Math.min(i, j)));
                }
                if (property.equals("spd")) {
                    var chol = DecompositionFactory_DDRM.chol(n, true);
                    DMatrixRMaj copy = a.copy();
                    // positive definite with a margin: A − tol·I must still factor
                    for (int i = 0; i < n; i++) copy.add(i, i, -tol);
                    if (!chol.decompose(copy)) {
                        throw violated(name, "spd (symmetric positive definite), but its value is not positive definite "
                                + "(its Cholesky factorisation fails)");
                    }
                }
            }
            case "diagonal" -> {
                int[] worst = worst(a, tol, (i, j) -> i == j ? 0 : Math.abs(a.get(i, j)));
                if (worst != null) {
                    throw violated(name, "diagonal, but its value is not: " + entry(name, a, worst[0], worst[1]));
                }
            }
            case "orthogonal" -> {
                DMatrixRMaj ata = new DMatrixRMaj(n, n);
                CommonOps_DDRM.multTransA(a, a, ata);
                double tolI = TOLERANCE * Math.max(1, NormOps_DDRM.normF(ata));
                int[] worst = worst(ata, tolI, (i, j) -> Math.abs(ata.get(i, j) - (i == j ? 1 : 0)));
                if (worst != null) {
                    int i = worst[0], j = worst[1];
                    throw violated(name, "orthogonal, but its value is not: (" + name + "ᵀ" + name + ")[" + (i + 1) + "][" + (j + 1)
                            + "] = " + Values.number(ata.get(i, j)) + ", not " + (i == j ? 1 : 0));
                }
            }
            default -> { }
        }
    }

    private interface Deviation {
        double at(int i, int j);
    }

    /** The entry that deviates most, if by more than tol; null if none does. */
    private static int[] worst(DMatrixRMaj a, double tol, Deviation d) {
        int[] worst = null;
        double most = tol;
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                double dev = d.at(i, j);
                if (dev > most) {
                    most = dev;
                    worst = new int[] {i, j};
                }
            }
        }
        return worst;
    }

    private static String entry(String name, DMatrixRMaj a, int i, int j) {
        return name + "[" + (i + 1) + "][" + (j + 1) + "] = " + Values.number(a.get(i, j));
    }

    private static MatcalcException violated(String name, String what) {
        return MatcalcException.general(name + " is declared " + what);
    }

    /**
     * Throws if a value computed at the user's point is not a number (Infinity from an overflow,
     * NaN), naming the expression and the entry, instead of printing it.
     */
    public static DMatrixRMaj requireFinite(Expr e, DMatrixRMaj value) {
        return requireFinite(TextPrinter.unicode().print(e), value);
    }

    public static DMatrixRMaj requireFinite(String what, DMatrixRMaj value) {
        for (int i = 0; i < value.numRows; i++) {
            for (int j = 0; j < value.numCols; j++) {
                double x = value.get(i, j);
                if (Double.isFinite(x)) continue;
                String where = value.getNumElements() == 1 ? "" : value.numCols == 1 ? " (entry " + (i + 1) + ")"
                        : value.numRows == 1 ? " (entry " + (j + 1) + ")" : " (entry [" + (i + 1) + "][" + (j + 1) + "])";
                String why = Double.isNaN(x) ? "is not a number (NaN)" : "overflows (" + (x > 0 ? "" : "−") + "∞)";
                throw MatcalcException.general("the value of " + what + where + " " + why
                        + " at this point; it cannot be computed in double precision");
            }
        }
        return value;
    }
}
