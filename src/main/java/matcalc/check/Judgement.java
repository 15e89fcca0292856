package matcalc.check;

import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Expr;
import matcalc.shape.Context;

/**
 * The verdict on one answer.
 *
 * @param correct        whether the answer equals the derivative
 * @param answer         the answer as the user typed it
 * @param answerExpr     the answer as read (0 taken as the zero of the derivative's shape)
 * @param answerShape    its shape, in the derivative's dimension names
 * @param layout         the layout it was graded in (with layout either, the one that matched)
 * @param method         how it was decided
 * @param diagnosis      for a wrong answer, what is wrong (present words it for a student to act on); else null
 * @param counterexample for a wrong answer without a simpler diagnosis, a point where it differs
 * @param expected       the derivative it was compared with
 * @param points         how many random points it was compared at (0 when decided symbolically)
 * @param unused         the assumptions left out because neither the expression nor the answer has their variables
 */
public record Judgement(boolean correct, String answer, Expr answerExpr, String answerShape, Layout layout,
                        Method method, Diagnosis diagnosis, Counterexample counterexample, VerifiedDerivative expected,
                        int points, List<Context.UnusedAssumption> unused) {

    public Judgement {
        unused = List.copyOf(unused);
    }

    /** Right, wrong, or undecided (no point where everything is defined: {@link Diagnosis.Undecided}). */
    public Verdict verdict() {
        return correct ? Verdict.CORRECT : diagnosis instanceof Diagnosis.Undecided ? Verdict.UNDECIDED : Verdict.WRONG;
    }

    public boolean undecided() {
        return verdict() == Verdict.UNDECIDED;
    }

    /** The three outcomes of a check; undecided is neither right nor wrong. */
    public enum Verdict {
        CORRECT, WRONG, UNDECIDED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Symbolic: equal to the derivative after simplification; numeric: equal at random points. */
    public enum Method {
        SYMBOLIC, NUMERIC;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Sizes of the dimensions, values of the variables, and the two values that differ there. */
    public record Counterexample(Map<String, Integer> sizes, Map<String, List<List<Double>>> point,
                                 List<List<Double>> expected, List<List<Double>> answer) {}
}
