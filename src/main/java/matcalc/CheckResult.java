package matcalc;

import matcalc.calculus.Layout;
import matcalc.check.Judgement;
import matcalc.present.CheckView;
import matcalc.present.TextRenderer;
import matcalc.shape.Context;

/** The verdict on one answer: right or wrong, and for a wrong answer what is wrong with it. */
public final class CheckResult {
    private final Judgement judgement;
    private final Context context;
    private final String expression;

    CheckResult(Judgement judgement, Context context, String expression) {
        this.judgement = judgement;
        this.context = context;
        this.expression = expression;
    }

    /** The checker's verdict, for matcalc's own edges. */
    public Judgement judgement() {
        return judgement;
    }

    public boolean correct() {
        return judgement.correct();
    }

    /**
     * Neither right nor wrong: no point was found where the expression and its derivative are
     * defined (Xᵀ X with X: 2×3 is never invertible), so the answer was not compared;
     * {@link #diagnosis()} says why. {@link #correct()} is false.
     */
    public boolean undecided() {
        return judgement.undecided();
    }

    /** The answer as given. */
    public String answer() {
        return judgement.answer();
    }

    /** For a wrong answer, what is wrong, in words a student can act on; "" for a right one. */
    public String diagnosis() {
        return judgement.correct() ? "" : TextRenderer.unicode().diagnosis(judgement.diagnosis());
    }

    /** The layout the answer was graded in (with layout either, the one that matched). */
    public Layout layout() {
        return judgement.layout();
    }

    /** Whether it was decided symbolically (equal after simplification) rather than at random points. */
    public boolean symbolic() {
        return judgement.method() == Judgement.Method.SYMBOLIC;
    }

    /** For a wrong answer without a simpler diagnosis, a point where it differs; else null. */
    public Judgement.Counterexample counterexample() {
        return judgement.counterexample();
    }

    /** The derivative the answer was compared with. */
    public DerivativeResult expected() {
        return DerivativeResult.of(judgement.expected(), context, expression);
    }

    /** The verdict as `matcalc check` prints it; with {@code reveal}, the right derivative under a wrong answer. */
    public String report(boolean reveal) {
        return TextRenderer.unicode().check(new CheckView(context.check("input", expression).expr(), judgement, reveal));
    }

    @Override
    public String toString() {
        return report(false);
    }
}
