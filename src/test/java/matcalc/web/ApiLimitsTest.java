package matcalc.web;

import static matcalc.web.ApiClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limits every request meets: size, type, method, paths, Host, CORS, the deadline and the pool. */
class ApiLimitsTest extends ServerFixture {
    static final com.networknt.schema.JsonSchema SCHEMA;

    static {
        try {
            SCHEMA = ApiParityTest.schema();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The error document of a response, checked to be one: the command line's error JSON. */
    static JsonNode error(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""), r.body());
        JsonNode doc = ApiClient.json(r.body());
        assertEquals(1, doc.get("schema").asInt());
        assertTrue(doc.get("error").has("message") && doc.get("error").has("rendered"), r.body());
        var problems = SCHEMA.validate(doc);
        assertTrue(problems.isEmpty(), problems + "\n" + r.body());
        return doc.get("error");
    }

    @Test
    void aBodyOver64KBIs413() throws Exception {
        String big = body("expr", "x" + " + x".repeat(17_000), "wrt", "x");
        assertTrue(big.length() > 64 * 1024);
        JsonNode e = error(413, client.post("/api/diff", big));
        assertTrue(e.get("message").asText().contains("64 KB"), e.toString());
        // just under the limit is read (and refused for what it says, not for its size)
        String under = body("expr", "sum(x)", "wrt", "x", "let", "x: n" + " ".repeat(60_000));
        assertEquals(200, client.post("/api/diff", under).statusCode());
    }

    @Test
    void onlyJsonIsTaken() throws Exception {
        String ok = body("expr", "sum(x)", "wrt", "x");
        error(415, client.post("/api/diff", "text/plain", ok));
        error(415, client.post("/api/diff", "application/x-www-form-urlencoded", "expr=sum(x)&wrt=x"));
        error(415, client.post("/api/diff", "application/json; charset=latin-1", ok));
        assertEquals(200, client.post("/api/diff", "application/json; charset=UTF-8", ok).statusCode());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        JsonNode e = error(404, client.post("/api/differentiate", "{}"));
        assertTrue(e.get("message").asText().contains("/api/diff"), e.toString());
        error(404, asText(client.get("/nothing")));
        error(404, asText(client.get("/static/")));
        error(404, asText(client.get("/static/no-such-file.js")));
        HttpResponse<String> get = client.send("GET", "/api/diff", null);
        error(405, get);
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        error(405, client.send("PUT", "/api/check", "{}"));
        error(405, client.send("DELETE", "/katex/katex.min.js", null));
    }

    static HttpResponse<String> asText(HttpResponse<byte[]> r) {
        return new HttpResponse<>() {
            public int statusCode() { return r.statusCode(); }
            public java.net.http.HttpRequest request() { return r.request(); }
            public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return r.headers(); }
            public String body() { return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8); }
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return r.sslSession(); }
            public java.net.URI uri() { return r.uri(); }
            public java.net.http.HttpClient.Version version() { return r.version(); }
        };
    }

    @Test
    void theStaticFilesHaveTheirTypes() throws Exception {
        HttpResponse<byte[]> js = client.get("/katex/katex.min.js");
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<byte[]> css = client.get("/katex/katex.min.css");
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<byte[]> font = client.get("/katex/fonts/KaTeX_Main-Regular.woff2");
        assertEquals(200, font.statusCode());
        assertEquals("font/woff2", font.headers().firstValue("Content-Type").orElse(""));
    }

    /** A request written as it is: the client sends the path unchanged, dots and escapes included. */
    String raw(String path, String host) throws Exception {
        return client.raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void noPathLeavesThePageFolders() throws Exception {
        String host = "127.0.0.1:" + server.uri().getPort();
        for (String p : List.of("/static/../pom.xml", "/static/%2e%2e/pom.xml", "/static/%2E%2E%2Fpom.xml", "/static/..%2fweb%2findex.html",
                "/static/./app.js", "/katex/..", "/katex/%2e%2e/%2e%2e/META-INF/MANIFEST.MF", "/katex/fonts/../../../rules/derivatives.rules",
                "/static/..\\..\\pom.xml", "/katex/../../etc/passwd", "/../../etc/passwd", "/static/%00", "/static/matcalc%2fweb%2fapp.js")) {
            String r = raw(p, host);
            int status = ApiClient.status(r);
            // inside the site: no such page (404); above its root: Jetty's parser refuses the request (400)
            // Jetty's parser refuses (400) a path that climbs above the root, or holds a NUL, before any route sees it
            boolean refused = p.contains("..") || p.toLowerCase(java.util.Locale.ROOT).contains("%2e%2e") || p.contains("%00");
            assertTrue(status == 404 || status == 400 && refused, p + " → " + r);
            JsonNode doc = ApiClient.json(ApiClient.rawBody(r));
            assertTrue(doc.has("error"), p + " → " + r);
        }
    }

    @Test
    void theHostHeaderMustNameThisMachine() throws Exception {
        int port = server.uri().getPort();
        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.2:" + port, "localhost.evil.example")) {
            String r = raw("/katex/katex.min.css", host);
            assertEquals(400, ApiClient.status(r), host + " → " + r);
            assertTrue(ApiClient.json(ApiClient.rawBody(r)).get("error").get("message").asText().contains("Host"), r);
        }
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "LOCALHOST", "[::1]:" + port)) {
            assertEquals(200, ApiClient.status(raw("/katex/katex.min.css", host)), host);
        }
        String noHost = client.raw("GET /katex/katex.min.css HTTP/1.0\r\n\r\n");
        assertEquals(400, ApiClient.status(noHost), noHost);
    }

    @Test
    void everyResponseHasTheSecurityHeadersAndNoCorsHeader() throws Exception {
        HttpResponse<String> api = client.post("/api/diff", body("expr", "sum(x)", "wrt", "x"));
        HttpResponse<String> bad = client.post("/api/diff", "{");
        HttpResponse<byte[]> page = client.get("/katex/katex.min.css");
        for (HttpResponse<?> r : List.of(api, bad, page)) {
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self';") && csp.contains("style-src 'self' 'unsafe-inline'"), csp);
            assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
        assertEquals("no-store", api.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-store", bad.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void corsOnlyForTheOriginGiven() throws Exception {
        try (WebServer s = WebServer.start(WebServer.Settings.of("127.0.0.1", 0).withCors("http://localhost:3000"))) {
            ApiClient c = new ApiClient(s.uri());
            HttpResponse<String> r = c.post("/api/diff", body("expr", "sum(x)", "wrt", "x"));
            assertEquals("http://localhost:3000", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> preflight = c.send("OPTIONS", "/api/diff", null);
            assertEquals(204, preflight.statusCode());
            assertEquals("POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""));
        }
    }

    @Test
    void workPastTheDeadlineIsRefusedWithTheStageNamed() throws Exception {
        try (WebServer s = WebServer.start(WebServer.Settings.of("127.0.0.1", 0).withTimeout(Duration.ofMillis(1)))) {
            ApiClient c = new ApiClient(s.uri());
            String deep = "tanh(".repeat(2000) + "x" + ")".repeat(2000);
            JsonNode e = error(400, c.post("/api/diff", body("expr", "sum(" + deep + ")", "let", "x: n", "wrt", "x")));
            String m = e.get("message").asText();
            assertTrue(m.contains("while") && m.contains("--timeout"), m);
            assertEquals("input", e.get("kind").asText());
        }
    }

    @Test
    void aFullPoolAnswers503AndTheServerGoesOn() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WebServer s = WebServer.start(WebServer.Settings.of("127.0.0.1", 0).withPool(1, 0))) {
            ApiClient c = new ApiClient(s.uri());
            Routes.beforeWork = () -> {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            String ok = body("expr", "sum(x)", "wrt", "x");
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.post("/api/diff", ok);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(entered.await(60, TimeUnit.SECONDS));
            JsonNode e = error(503, c.post("/api/diff", ok));
            assertTrue(e.get("message").asText().contains("busy"), e.toString());
            Routes.beforeWork = () -> { };
            release.countDown();
            assertEquals(200, first.get(60, TimeUnit.SECONDS).statusCode());
            // the one worker is free again once it has handed the first answer over, which the client
            // can receive a moment before: the server answers again within a few tries
            int status = 503;
            for (int tries = 0; tries < 100 && status == 503; tries++) {
                status = c.post("/api/diff", ok).statusCode();
                if (status == 503) Thread.sleep(20);
            }
            assertEquals(200, status);
        } finally {
            Routes.beforeWork = () -> { };
            release.countDown();
        }
    }

    @Test
    void membersAreCheckedOneByOne() throws Exception {
        JsonNode e = error(400, client.post("/api/diff", body("expr", "sum(x)", "wrt", "x", "wrtt", "x")));
        assertTrue(e.get("message").asText().contains("\"wrtt\"") && e.get("message").asText().contains("expr, let, assume, wrt"), e.toString());
        e = error(400, client.post("/api/diff", body("expr", 3, "wrt", "x")));
        assertTrue(e.get("message").asText().contains("\"expr\" must be a string, not a number"), e.toString());
        e = error(400, client.post("/api/diff", body("expr", "sum(x)", "wrt", "x", "at", "point.json")));
        assertTrue(e.get("message").asText().contains("\"at\" must be a JSON object"), e.toString());
        e = error(400, client.post("/api/check", body("expr", "sum(x)", "wrt", "x")));
        assertTrue(e.get("message").asText().contains("missing member \"answer\""), e.toString());
        e = error(400, client.post("/api/diff", "[1, 2]"));
        assertTrue(e.get("message").asText().contains("JSON object"), e.toString());
        e = error(400, client.post("/api/diff", "{\"expr\": \"x\", \"expr\": \"y\", \"wrt\": \"x\"}"));
        assertTrue(e.get("message").asText().contains("expr"), e.toString());
        e = error(400, client.post("/api/diff", body("expr", "sum(x)", "wrt", "x", "format", "pdf")));
        assertTrue(e.get("message").asText().contains("png or svg"), e.toString());
    }

    @Test
    void errorSpansNameTheMemberAndCountCodePoints() throws Exception {
        // 𝟏 is two UTF-16 units and one code point: the column after it counts it once
        String expr = "sum(𝟏ᵀ x) + )";
        JsonNode span = error(400, client.post("/api/diff", body("expr", expr, "let", "x: n", "wrt", "x"))).get("span");
        assertEquals("expr", span.get("source").asText());
        assertEquals(")", span.get("text").asText());
        assertEquals(expr.codePointCount(0, expr.lastIndexOf(')')) + 1, span.get("column").asInt());
        // a combining mark (y and U+0302 for ŷ) is a code point of its own: the page counts it
        String combining = "sum(y\u0302 ⊙ x) + +";
        span = error(400, client.post("/api/diff", body("expr", combining, "let", "x: n", "wrt", "x"))).get("span");
        assertEquals(combining.codePointCount(0, combining.lastIndexOf('+')) + 1, span.get("column").asInt());
        Map<String, String> where = Map.of("let", "x: n; W: d x", "assume", "sum(y) = +", "answer", "xᵀ +", "wrt", "x,zz");
        for (var w : where.entrySet()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("expr", "sum(W x)", "let", "x: n; W: d x n", "wrt", "x"));
            m.put(w.getKey(), w.getValue());
            String endpoint = w.getKey().equals("answer") ? "/api/check" : "/api/diff";
            if (endpoint.equals("/api/check")) m.put("wrt", "x");
            Object[] pairs = m.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray();
            JsonNode s = error(400, client.post(endpoint, body(pairs))).get("span");
            assertEquals(w.getKey(), s.get("source").asText(), w.toString());
            String text = s.get("text").asText();
            int col = s.get("column").asInt();
            String value = w.getValue();
            int at = value.offsetByCodePoints(0, col - 1);
            assertTrue(value.startsWith(text, at), w + ": " + s);
        }
        // several assumptions in one member: the span is in the one that is wrong, counted in the member
        String two = "sum(y) = 1, A x = 1";
        JsonNode s2 = error(400, client.post("/api/diff", body("expr", "sum(x)", "let", "x, y: n; A: n x n", "assume", two, "wrt", "x")))
                .get("span");
        assertEquals("assume", s2.get("source").asText());
        assertEquals("A x = 1", s2.get("text").asText());
        assertEquals(two.indexOf("A x") + 1, s2.get("column").asInt());
    }
}
