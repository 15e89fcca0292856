package matcalc.present;

/**
 * A result as users see it, before it is written in a format: plain data built once from what
 * the engine returned. Each {@link Renderer} writes every kind of view in its format, so the CLI,
 * the REPL (and a web page) show the same result the same way.
 */
public sealed interface View permits DerivativesView, HessianView, CheckView, StepsView, EvalView, ErrorView {
    /** The command that produced it, as the JSON documents name it: diff, hessian, check, steps, eval. */
    String command();

    <R> R accept(Renderer<R> renderer);
}
