package matcalc.web;

import static matcalc.web.ApiClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import matcalc.cli.CliRun;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API answers what the command line prints with --format json for the same options: for
 * each case, the document of POST /api/NAME equals the one of {@code matcalc NAME … --format json}
 * (results, verdicts and errors without a place), and every document validates against the schema.
 */
class ApiParityTest extends ServerFixture {
    static final String LOGISTIC = "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)";
    static final String LOSS = "-sum(y ⊙ log(softmax(W x + b)))";
    static final Map<String, Object> POINT = Map.of("W", List.of(List.of(1, 2, 3), List.of(4, 5, 6)), "x", List.of(1, 0, -1),
            "b", List.of(0.5, -0.5), "y", List.of(1, 0));

    @TempDir
    static Path dir;

    static JsonSchema schema() throws IOException {
        try (InputStream in = ApiParityTest.class.getResourceAsStream("/matcalc/schema/output-v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /** A case: its name, the endpoint, the request's body, and the command line's arguments (without --format json). */
    record Case(String name, String endpoint, String body, String... args) {}

    static List<Case> cases() throws IOException {
        Path at = dir.resolve("point.json");
        Files.writeString(at, ApiClient.JSON.writeValueAsString(POINT));
        String p = at.toString();
        List<Case> out = new ArrayList<>();
        out.add(new Case("diff", "diff", body("expr", LOSS, "let", LOGISTIC, "assume", "sum(y) = 1", "wrt", "W,b"),
                "diff", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W,b", LOSS));
        out.add(new Case("diff at a point", "diff", body("expr", LOSS, "let", LOGISTIC, "wrt", "b", "at", POINT),
                "diff", "--let", LOGISTIC, "--wrt", "b", "--at", p, LOSS));
        out.add(new Case("diff of a vector function", "diff", body("expr", "softmax(x)", "let", "x: n", "wrt", "x"),
                "diff", "--let", "x: n", "--wrt", "x", "softmax(x)"));
        out.add(new Case("diff in denominator layout", "diff", body("expr", LOSS, "let", LOGISTIC, "wrt", "x", "layout", "denominator"),
                "diff", "--let", LOGISTIC, "--layout", "denominator", "--wrt", "x", LOSS));
        out.add(new Case("diff in ASCII, names on", "diff", body("expr", "sum(tanh(W2 tanh(W1 x)))", "let", "x: n; W1: m x n; W2: k x m",
                "wrt", "W1", "names", "on", "ascii", true),
                "diff", "--let", "x: n; W1: m x n; W2: k x m", "--wrt", "W1", "--names", "on", "--ascii", "sum(tanh(W2 tanh(W1 x)))"));
        out.add(new Case("steps", "steps", body("expr", LOSS, "let", LOGISTIC, "assume", "sum(y) = 1", "wrt", "W"),
                "diff", "--steps", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", LOSS));
        out.add(new Case("steps with paths", "steps", body("expr", "xᵀ A x", "let", "x: n; A: n x n", "wrt", "x"),
                "diff", "--steps", "--let", "x: n; A: n x n", "--wrt", "x", "xᵀ A x"));
        out.add(new Case("check, right", "check", body("expr", LOSS, "let", LOGISTIC, "assume", "sum(y) = 1", "wrt", "W", "answer", "ŷ xᵀ - y xᵀ"),
                "check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "ŷ xᵀ - y xᵀ", LOSS));
        out.add(new Case("check, wrong, revealed", "check", body("expr", LOSS, "let", LOGISTIC, "assume", "sum(y) = 1", "wrt", "W",
                "answer", "(y - ŷ) x'", "reveal", true),
                "check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "(y - ŷ) x'", "--reveal", LOSS));
        out.add(new Case("check in either layout", "check", body("expr", "aᵀ x", "let", "a, x: n", "wrt", "x", "answer", "a", "layout", "either"),
                "check", "--let", "a, x: n", "--wrt", "x", "--answer", "a", "--layout", "either", "aᵀ x"));
        out.add(new Case("eval", "eval", body("expr", "W x + b", "let", "W: d x n", "at", POINT),
                "eval", "--let", "W: d x n", "--at", p, "W x + b"));
        out.add(new Case("hessian", "hessian", body("expr", "0.5 norm(A x − b)^2", "let", "x: n; A: m x n; b: m", "wrt", "x"),
                "hessian", "--let", "x: n; A: m x n; b: m", "--wrt", "x", "0.5 norm(A x − b)^2"));
        out.add(new Case("hessian at a point", "hessian", body("expr", "xᵀ Wᵀ W x", "let", "x: n; W: d x n", "wrt", "x", "at", POINT),
                "hessian", "--let", "x: n; W: d x n", "--wrt", "x", "--at", p, "xᵀ Wᵀ W x"));
        out.add(new Case("diff with an unused assumption", "diff", body("expr", "sum(x)", "assume", "sum(y) = 1", "wrt", "x"),
                "diff", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x)"));
        out.add(new Case("error without a place", "diff", body("expr", "sum(x)", "wrt", "x", "layout", "sideways"),
                "diff", "--wrt", "x", "--layout", "sideways", "sum(x)"));
        out.add(new Case("a point outside the domain", "eval", body("expr", "log(x)", "let", "x: n", "at", Map.of("x", List.of(-1, 2))),
                "eval", "--let", "x: n", "--at", writePoint("{\"x\": [-1, 2]}"), "log(x)"));
        return out;
    }

    static String writePoint(String json) throws IOException {
        Path f = Files.createTempFile(dir, "point", ".json");
        Files.writeString(f, json);
        return f.toString();
    }

    @TestFactory
    Stream<DynamicTest> theApiAnswersAsTheCommandLine() throws IOException {
        JsonSchema schema = schema();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            HttpResponse<String> r = client.post("/api/" + c.endpoint(), c.body());
            List<String> args = new ArrayList<>(List.of(c.args()));
            args.add(1, "--format");
            args.add(2, "json");
            CliRun.Run cli = CliRun.run(args.toArray());
            JsonNode api = ApiClient.json(r.body());
            assertEquals(cli.json(), api, "the API's document differs from the command line's for " + c.body());
            assertEquals(api.has("error") ? 400 : 200, r.statusCode(), r.body());
            assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            var problems = schema.validate(api);
            assertTrue(problems.isEmpty(), problems + "\n" + r.body());
        }));
    }

    @org.junit.jupiter.api.Test
    void gradeAnswersAsGradeWritesItsJson() throws Exception {
        Path problems = Path.of("examples/homework/problems.txt");
        Path submissions = Path.of("examples/homework/submissions.csv");
        Path out = dir.resolve("grade.json");
        CliRun.Run cli = CliRun.run("grade", problems.toString(), submissions.toString(), "--json", out.toString(), "--no-progress");
        assertEquals(0, cli.code(), cli.err());
        HttpResponse<String> r = client.post("/api/grade", body("problems", Files.readString(problems), "submissions", Files.readString(submissions)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode api = ApiClient.json(r.body());
        assertEquals(ApiClient.json(Files.readString(out)), api);
        assertTrue(schema().validate(api).isEmpty(), r.body());
        // the teacher's page checks one answer with a one-row CSV
        HttpResponse<String> one = client.post("/api/grade", body("problems", Files.readString(problems),
                "submissions", "student,problem,answer\nann,softmax,nonsense +\n"));
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("ann", ApiClient.json(one.body()).get("students").get(0).get("student").asText());
    }

    @org.junit.jupiter.api.Test
    void codegenAndTheOtherFormatsPrintAsTheCommandLine() throws Exception {
        HttpResponse<String> code = client.post("/api/codegen", body("expr", LOSS, "let", LOGISTIC, "wrt", "W,b", "target", "numpy"));
        CliRun.Run cli = CliRun.run("codegen", "--let", LOGISTIC, "--wrt", "W,b", "--target", "numpy", LOSS);
        assertEquals(200, code.statusCode(), code.body());
        assertEquals("text/plain; charset=utf-8", code.headers().firstValue("Content-Type").orElse(""));
        assertEquals(cli.out(), code.body());
        HttpResponse<String> badTarget = client.post("/api/codegen", body("expr", LOSS, "let", LOGISTIC, "target", "fortran"));
        assertEquals(400, badTarget.statusCode());
        assertEquals("codegen", ApiClient.json(badTarget.body()).get("command").asText());

        for (String[] f : new String[][] {{"diff", "latex"}, {"steps", "latex"}, {"diff", "text"}, {"check", "text"}}) {
            String b = f[0].equals("check") ? body("expr", LOSS, "let", LOGISTIC, "wrt", "W", "answer", "x", "format", f[1])
                    : body("expr", LOSS, "let", LOGISTIC, "wrt", "W", "format", f[1]);
            HttpResponse<String> r = client.post("/api/" + f[0], b);
            List<String> args = new ArrayList<>(f[0].equals("check") ? List.of("check", "--answer", "x") : List.of("diff"));
            if (f[0].equals("steps")) args.add("--steps");
            args.addAll(List.of("--let", LOGISTIC, "--wrt", "W", "--format", f[1], LOSS));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(CliRun.run(args.toArray()).out(), r.body(), String.join(" ", f));
        }
        HttpResponse<String> doc = client.post("/api/diff", body("expr", LOSS, "let", LOGISTIC, "wrt", "W", "format", "latex", "standalone", true));
        assertEquals(CliRun.run("diff", "--standalone", "--format", "latex", "--let", LOGISTIC, "--wrt", "W", LOSS).out(), doc.body());
        assertTrue(doc.body().startsWith("\\documentclass"), doc.body());

        HttpResponse<byte[]> png = client.postBytes("/api/diff", body("expr", LOSS, "let", LOGISTIC, "wrt", "W", "format", "png"));
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals((byte) 0x89, png.body()[0]);
        assertEquals('P', png.body()[1]);
        HttpResponse<String> svg = client.post("/api/steps", body("expr", LOSS, "let", LOGISTIC, "wrt", "W", "format", "svg"));
        assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElse(""));
        assertTrue(svg.body().contains("<svg"), svg.body());
    }
}
