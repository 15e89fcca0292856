package matcalc.check;

import java.util.List;
import java.util.Map;
import matcalc.DerivativeResult;

/**
 * The verdict on one answer.
 *
 * @param correct        whether the answer equals the derivative
 * @param layout         the layout it was graded in (with --layout either, the one that matched)
 * @param method         how it was decided: "symbolic" (equal after simplification) or "numeric"
 * @param diagnosis      for a wrong answer, what is wrong, in words a student can act on; else ""
 * @param counterexample for a wrong answer without a simpler diagnosis, a point where it differs
 * @param expected       the derivative it was compared with
 */
public record CheckResult(boolean correct, String answer, String answerShape, String layout, String method,
                          String diagnosis, Counterexample counterexample, DerivativeResult expected, int points) {

    /** Sizes of the dimensions, values of the variables, and the two values that differ there. */
    public record Counterexample(Map<String, Integer> sizes, Map<String, List<List<Double>>> point,
                                 List<List<Double>> expected, List<List<Double>> answer) {}
}
