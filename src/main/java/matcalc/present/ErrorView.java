package matcalc.present;

import matcalc.syntax.MatcalcException;

/**
 * Bad input (or a derivative that failed its check), for the command that was running.
 *
 * @param command   the command, as in the JSON documents
 * @param error     what went wrong: a diagnostic with its place in the input, or null for a failed check
 * @param message   the message for a failed check (when error is null)
 * @param askedWith how the edge asked for a variable, for messages about one ("--wrt ", "d/d")
 * @param internal  whether this is matcalc's fault (a failed numeric check) rather than bad input
 */
public record ErrorView(String command, MatcalcException error, String message, String askedWith, boolean internal)
        implements View {

    public static ErrorView of(String command, MatcalcException e, String askedWith) {
        return new ErrorView(command, e, e.getMessage(), askedWith, false);
    }

    public static ErrorView internal(String command, String message) {
        return new ErrorView(command, null, message, "", true);
    }

    @Override
    public <R> R accept(Renderer<R> renderer) {
        return renderer.error(this);
    }
}
