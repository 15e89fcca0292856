package matcalc.web;

import static matcalc.web.ApiClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No stack trace in any response: a seeded random campaign of malformed bodies, content types,
 * methods, paths and headers. Every response is JSON that validates against the schema; every one
 * that is not a result carries the error document; none names an exception or holds a stack frame.
 */
class ApiFuzzTest extends ServerFixture {
    static final long SEED = 20261203L;
    static final List<String> ENDPOINTS = List.of("diff", "steps", "check", "eval", "hessian", "codegen", "grade");
    static final List<String> VALID = List.of(
            body("expr", "-sum(y ⊙ log(softmax(W x + b)))", "let", "x: n; W: d x n; b, y: d", "wrt", "W"),
            body("expr", "sum(x ⊙ x)", "let", "x: n", "wrt", "x", "answer", "2 xᵀ"),
            body("expr", "W x + b", "let", "W: d x n", "at", java.util.Map.of("W", List.of(List.of(1, 2)), "x", List.of(1, 2), "b", List.of(3))),
            body("expr", "xᵀ A x", "let", "x: n; A: n x n", "wrt", "x", "target", "numpy", "layout", "denominator"),
            body("problems", "problem: p\nlet: x: n\nexpr: sum(x)\nwrt: x\n", "submissions", "student,problem,answer\na,p,𝟏ᵀ\n"));
    static final String NOISE = "{}[]\",:\\ 0123456789.eE+-truefalsenull xyWAb⊙ᵀσŷ𝟏()'\t\n\u0000\u00ff\ud835";

    static String mutate(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(5)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                case 2 -> b.setLength(at);
                case 3 -> b.replace(at, Math.min(b.length(), at + 1 + r.nextInt(5)), "\"" + r.nextInt(1000) + "\"");
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + 1 + r.nextInt(8))));
            }
        }
        return b.toString();
    }

    static void check(String where, int status, String text) throws Exception {
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("\n\tat"), where + " → " + text);
        JsonNode doc;
        try {
            doc = ApiClient.json(text);
        } catch (Exception e) {
            fail(where + " → " + status + " not JSON: " + text);
            return;
        }
        if (status != 200) assertTrue(doc.has("error") && doc.get("error").has("message"), where + " → " + text);
        assertEquals(1, doc.get("schema").asInt(), where + " → " + text);
        var problems = ApiLimitsTest.SCHEMA.validate(doc);
        assertTrue(problems.isEmpty(), where + " → " + problems + "\n" + text);
    }

    @Test
    void malformedBodiesGetTheErrorDocument() throws Exception {
        Random r = new Random(SEED);
        for (int i = 0; i < 1500; i++) {
            String endpoint = ENDPOINTS.get(r.nextInt(ENDPOINTS.size()));
            String b = mutate(VALID.get(r.nextInt(VALID.size())), r);
            String type = r.nextInt(10) == 0 ? List.of("text/plain", "application/json; charset=ascii", "", "application/jsonx").get(r.nextInt(4))
                    : "application/json";
            HttpResponse<String> resp = client.post("/api/" + endpoint, type.isEmpty() ? null : type, b);
            if (resp.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
                assertEquals(200, resp.statusCode());   // codegen's code, or text asked for
                continue;
            }
            check("seed " + SEED + " #" + i + " /api/" + endpoint + " " + type + " " + b, resp.statusCode(), resp.body());
        }
    }

    @Test
    void malformedRequestLinesPathsAndHeadersGetTheErrorDocument() throws Exception {
        Random r = new Random(SEED + 1);
        String host = "127.0.0.1:" + server.uri().getPort();
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO");
        List<String> paths = List.of("/", "/teacher", "/static/app.js", "/katex/katex.min.js", "/api/diff", "/api/", "/api/check/x", "/x");
        int answered = 0;
        for (int i = 0; i < 500; i++) {
            String method = methods.get(r.nextInt(methods.size()));
            String path = paths.get(r.nextInt(paths.size()));
            if (r.nextBoolean()) path = mutate(path, r).replace(" ", "%20").replace("\n", "").replace("\r", "");
            if (!path.startsWith("/")) path = "/" + path;
            String b = r.nextBoolean() ? mutate(VALID.get(r.nextInt(VALID.size())), r) : "";
            byte[] bytes = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String headers = "Host: " + (r.nextInt(8) == 0 ? mutate(host, r).replace("\n", "") : host) + "\r\n"
                    + (r.nextInt(4) == 0 ? "Content-Type: " + mutate("application/json", r).replace("\n", "") + "\r\n" : "Content-Type: application/json\r\n")
                    + (r.nextInt(6) == 0 ? "Content-Length: " + (bytes.length + r.nextInt(3) - 1) + "\r\n" : "Content-Length: " + bytes.length + "\r\n")
                    + "Connection: close\r\n";
            String raw = client.raw(method + " " + path + " HTTP/1.1\r\n" + headers + "\r\n" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (raw.isEmpty()) continue;   // the connection closed without an answer
            answered++;
            int status = ApiClient.status(raw);
            String text = ApiClient.rawBody(raw);
            String type = raw.substring(0, Math.max(0, raw.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
            if (status == 200 && !type.contains("content-type: application/json")) continue;   // a page's file
            if (status == 204) continue;
            check("seed " + (SEED + 1) + " #" + i + " " + method + " " + path, status, text);
        }
        assertTrue(answered > 400, "answered " + answered);
    }
}
