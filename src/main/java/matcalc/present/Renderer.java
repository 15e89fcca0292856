package matcalc.present;

/** Writes every kind of {@link View} in one format (text, LaTeX, JSON). */
public interface Renderer<R> {
    R derivatives(DerivativesView v);

    R hessian(HessianView v);

    R check(CheckView v);

    R steps(StepsView v);

    R eval(EvalView v);

    R error(ErrorView v);

    default R render(View v) {
        return v.accept(this);
    }
}
