package matcalc.web;

import java.nio.charset.StandardCharsets;
import matcalc.present.ErrorView;
import matcalc.present.JsonRenderer;
import matcalc.syntax.MatcalcException;

/** What the server answers: a status, a content type and the bytes of the body. */
record Reply(int status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static Reply json(int status, String document) {
        return new Reply(status, JSON, (document + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static Reply text(String text) {
        return new Reply(200, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An error as the command line reports it in JSON ({@code kind} internal for a 500, else input). */
    static Reply error(int status, String command, String message) {
        ErrorView view = status >= 500 && status != 503 ? ErrorView.internal(command, message)
                : ErrorView.of(command, MatcalcException.general(message), "");
        return json(status, new JsonRenderer().error(view));
    }

    /** Bad input, with its place named after the request member it is in. */
    static Reply error(String command, MatcalcException e) {
        return json(400, new JsonRenderer().error(ErrorView.of(command, e, "wrt ")));
    }
}
