package matcalc.numeric;

import java.util.function.BiConsumer;
import matcalc.core.Domain;
import matcalc.core.Expr;
import matcalc.core.TextPrinter;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * Whether a random point is well inside every function's domain, for the numeric checks (not for
 * a user's point, which {@link Functions} and {@link Admissible} judge exactly). The evaluator calls
 * it with each built-in function's argument ({@link Evaluator#checkingArguments}); it throws where
 * the argument is outside the domain or so close to its edge that values computed there, and
 * finite differences taken there, cannot be trusted:
 * <ul>
 * <li>a condition on entries (log: positive, sqrt: non-negative) must hold with a margin of
 *     {@value #ENTRY_MARGIN}·max(1, max|aᵢⱼ|): sqrt has no derivative at 0, and a finite difference
 *     of log next to 0 steps over the edge;</li>
 * <li>a matrix under inv, det or logdet must have a condition number κ₁ = ‖A‖₁‖A⁻¹‖₁ of at most
 *     {@value #MAX_CONDITION}. A product Xᵀ S X of rank below its size (X: n×m with n &lt; m) is
 *     singular, but its LU in floating point rarely has an exactly zero pivot, so its "inverse" has
 *     entries of 10¹⁵ that the evaluator cannot tell from a value. Values computed from a matrix of
 *     condition κ lose about κ·ε relative (ε = 2.2e-16), so at κ ≤ 10⁶ two equivalent forms still
 *     agree to 1e-9, a hundred times inside the checks' tolerances (1e-7 for answers, 1e-5 for
 *     finite differences).</li>
 * </ul>
 */
public final class Interior implements BiConsumer<Expr.Apply, DMatrixRMaj> {
    public static final double ENTRY_MARGIN = 1e-4;
    public static final double MAX_CONDITION = 1e6;

    public static final Interior CHECK = new Interior();

    private Interior() {}

    @Override
    public void accept(Expr.Apply e, DMatrixRMaj a) {
        Domain domain = e.fn().domain();
        if (domain.entries() != null) {
            double margin = ENTRY_MARGIN * Math.max(1, CommonOps_DDRM.elementMaxAbs(a));
            for (int i = 0; i < a.getNumElements(); i++) {
                if (!domain.entries().test(a.data[i] - margin)) {
                    throw outside(e, e.fn().fnName() + " needs " + domain.needs() + ", but an entry of "
                            + print(e.arg()) + " is " + Values.number(a.data[i]) + ", at or next to the edge");
                }
            }
        }
        if (domain.drawnInvertible() && a.numRows == a.numCols) {
            double kappa = condition(a);
            if (!(kappa <= MAX_CONDITION)) {
                throw outside(e, print(e.arg()) + " is singular or nearly so (condition number "
                        + (Double.isFinite(kappa) ? "about " + String.format(java.util.Locale.ROOT, "%.1e", kappa) : "infinite")
                        + ")");
            }
        }
    }

    /** κ₁(a) = ‖a‖₁ ‖a⁻¹‖₁ from an LU factorisation; ∞ where a pivot is 0 or a value is not finite. */
    public static double condition(DMatrixRMaj a) {
        int n = a.numRows;
        if (n == 0) return 1;
        LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(new LUDecompositionAlt_DDRM());
        if (!solver.setA(a.copy())) return Double.POSITIVE_INFINITY;
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        solver.invert(inv);
        double kappa = NormOps_DDRM.inducedP1(a) * NormOps_DDRM.inducedP1(inv);
        return Double.isNaN(kappa) ? Double.POSITIVE_INFINITY : kappa;
    }

    private static String print(Expr e) {
        return TextPrinter.unicode().print(e);
    }

    /** Thrown where a random point is outside a function's domain or next to its edge. */
    public static final class Outside extends MatcalcException {
        private static final long serialVersionUID = 1L;
        private final String condition;

        Outside(String condition, String message) {
            super(matcalc.syntax.Diagnostic.general(message));
            this.condition = condition;
        }

        /** What is needed, for "no point found where …": "Xᵀ S X is invertible". */
        public String condition() {
            return condition;
        }
    }

    /**
     * Why random points were rejected, while drawing until enough are inside every function's
     * domain (the verifier's and the answer checker's searches): the last condition not met
     * ("Xᵀ S X is invertible") takes precedence over a plain domain error, and the last message is kept.
     */
    public static final class Misses {
        private String condition;
        private String problem;

        /** A point rejected: outside or next to a domain's edge, or where a value is undefined. */
        public void record(MatcalcException e) {
            if (e instanceof Outside o) {
                condition = o.condition();
                problem = o.getMessage();
            } else if (condition == null) {
                problem = e.getMessage();
            }
        }

        /** The condition no point met, or null. */
        public String condition() {
            return condition;
        }

        /** The last rejection's message, or null when none was recorded. */
        public String problem() {
            return problem;
        }
    }

    private static Outside outside(Expr.Apply e, String message) {
        Domain d = e.fn().domain();
        String arg = print(e.arg());
        String condition = switch (d) {
            case POSITIVE -> "the entries of " + arg + " are positive";
            case NON_NEGATIVE -> "the entries of " + arg + " are positive (sqrt has no derivative at 0)";
            case POSITIVE_DETERMINANT -> arg + " is invertible with a positive determinant";
            default -> arg + " is invertible";
        };
        return new Outside(condition, message + " in " + print(e));
    }
}
