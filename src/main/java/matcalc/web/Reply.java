package matcalc.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import matcalc.present.ErrorView;
import matcalc.present.JsonRenderer;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Span;

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

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Bad input, with its place named after the request member it is in; the span's column counts
     * code points (the command line's counts what a terminal shows, where a combining mark takes
     * none), so that a page finds the span with {@code Array.from(value)}.
     */
    static Reply error(String command, MatcalcException e) {
        String doc = new JsonRenderer().error(ErrorView.of(command, e, "wrt "));
        Span span = e.diagnostic().span();
        if (span == null) return json(400, doc);
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(doc);
            ObjectNode where = (ObjectNode) root.get("error").get("span");
            where.put("column", span.start() - span.source().lineStart(span.start()) + 1);
            return json(400, MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("the error document is not JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
