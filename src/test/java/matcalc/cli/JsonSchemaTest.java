package matcalc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import matcalc.present.JsonRenderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's --format json output, results and errors, validates against the published JSON
 * Schema (src/main/resources/matcalc/schema/output-v1.schema.json) with a schema validator; every
 * document says {@code "schema": 1}; expressions use one minus sign per notation (− in text, - in
 * ASCII); and with --at every size is an integer.
 */
class JsonSchemaTest {
    static final String LOGISTIC = "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)";
    static final String LOSS = "-sum(y ⊙ log(softmax(W x + b)))";

    @TempDir
    static Path dir;

    static JsonSchema schema() throws IOException {
        try (InputStream in = JsonSchemaTest.class.getResourceAsStream("/matcalc/schema/output-v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static String point() throws IOException {
        Path p = dir.resolve("point.json");
        Files.writeString(p, "{\"W\": [[1, 2, 3], [4, 5, 6]], \"x\": [1, 0, -1], \"b\": [0.5, -0.5], \"y\": [1, 0],"
                + " \"X\": [[2, 1], [0, 3]], \"A\": [[1, 2], [3, 4]]}");
        return p.toString();
    }

    /** Each case: a name, the exit code it must give, and the arguments (without --format json). */
    static List<Object[]> cases() throws IOException {
        String at = point();
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"diff", 0, new String[] {"diff", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W,b", LOSS}});
        out.add(new Object[] {"diff --at", 0, new String[] {"diff", "--let", LOGISTIC, "--wrt", "b", "--at", at, LOSS}});
        out.add(new Object[] {"diff of a tensor --at", 0, new String[] {"diff", "--let", "W: d x n", "--wrt", "W", "--at", at, "W x + b"}});
        out.add(new Object[] {"diff of a matrix --at", 0, new String[] {"diff", "--let", "X, A: n x n", "--wrt", "X", "--at", at, "X A X"}});
        out.add(new Object[] {"diff in denominator layout", 0, new String[] {"diff", "--let", LOGISTIC, "--layout", "denominator", "--wrt", "x", LOSS}});
        out.add(new Object[] {"steps", 0, new String[] {"diff", "--steps", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", LOSS}});
        out.add(new Object[] {"steps with paths", 0, new String[] {"diff", "--steps", "--let", "x: n; A: n x n", "--wrt", "x", "xᵀ A x"}});
        out.add(new Object[] {"hessian", 0, new String[] {"hessian", "--let", "x: n; A: m x n; b: m", "--wrt", "x", "0.5 norm(A x − b)^2"}});
        out.add(new Object[] {"hessian --at", 0, new String[] {"hessian", "--let", "x: n; W: d x n", "--wrt", "x", "--at", at, "xᵀ Wᵀ W x"}});
        out.add(new Object[] {"check, right", 0, new String[] {"check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "ŷ xᵀ - y xᵀ", LOSS}});
        out.add(new Object[] {"check, wrong", 1, new String[] {"check", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "W", "--answer", "(y - ŷ) x'", "--reveal", LOSS}});
        out.add(new Object[] {"check, counterexample", 1, new String[] {"check", "--let", "x: n; s = softmax(x)", "--wrt", "x", "--answer", "diag(s)", "softmax(x)"}});
        out.add(new Object[] {"diff with an unused assumption", 0, new String[] {"diff", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x)"}});
        out.add(new Object[] {"hessian with an unused assumption", 0, new String[] {"hessian", "--assume", "sum(y) = 1", "--wrt", "x", "sum(x ⊙ x)"}});
        out.add(new Object[] {"check with an unused assumption", 0, new String[] {"check", "--assume", "sum(y) = 1", "--wrt", "x", "--answer", "𝟏ᵀ", "sum(x)"}});
        String deep = "x: n0; W1: n1 x n0; b1: n1; W2: n2 x n1; b2: n2; y: n2";
        String deepLoss = "sum((tanh(W2 tanh(W1 x + b1) + b2) - y) ⊙ (tanh(W2 tanh(W1 x + b1) + b2) - y))";
        out.add(new Object[] {"diff with named intermediates", 0, new String[] {"diff", "--names", "on", "--let", deep, "--wrt", "W1", deepLoss}});
        out.add(new Object[] {"diff, several results with one list of named intermediates", 0,
                new String[] {"diff", "--names", "on", "--let", deep, "--wrt", "W1,W2", deepLoss}});
        out.add(new Object[] {"eval", 0, new String[] {"eval", "--at", at, "W x + b"}});
        out.add(new Object[] {"eval of a scalar", 0, new String[] {"eval", "--at", at, LOSS}});
        out.add(new Object[] {"error with a caret", 2, new String[] {"diff", "--wrt", "x", "--let", "W: d x n; x: k", "W (x + b)"}});
        out.add(new Object[] {"error about the variable", 2, new String[] {"diff", "--wrt", "z", "sum(x)"}});
        out.add(new Object[] {"error in check", 2, new String[] {"check", "--wrt", "x", "--answer", "W (", "--let", "W: d x n", "W x"}});
        out.add(new Object[] {"error in eval", 2, new String[] {"eval", "--at", at, "sofmax(x)"}});
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandsJsonValidates() throws IOException {
        JsonSchema schema = schema();
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c[0], () -> {
            CliRun.Run r = CliRun.run(c[2], "--format", "json");
            assertEquals((int) c[1], r.code(), r.out() + r.err());
            JsonNode doc = r.json();
            Set<ValidationMessage> errors = schema.validate(doc);
            assertTrue(errors.isEmpty(), () -> errors + "\n" + r.out());
            assertEquals(JsonRenderer.SCHEMA, doc.get("schema").asInt());
            oneMinusSignPerNotation(doc, r.out());
            if (List.of((String[]) c[2]).contains("--at") && doc.has("derivatives")) {
                for (JsonNode d : doc.get("derivatives")) {
                    for (JsonNode size : d.get("shape")) assertTrue(size.isInt(), "a size left symbolic with --at: " + r.out());
                }
            }
        }));
    }

    /** Text fields write − (U+2212) and no ASCII hyphen as minus; ASCII fields the reverse. */
    private static void oneMinusSignPerNotation(JsonNode node, String doc) {
        if (node.isObject()) {
            if (node.has("text") && node.has("ascii") && node.has("latex")) {
                assertFalse(node.get("text").asText().contains("-"), "a - in Unicode text: " + node);
                assertFalse(node.get("ascii").asText().contains("−"), "a − in ASCII: " + node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                oneMinusSignPerNotation(it.next().getValue(), doc);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) oneMinusSignPerNotation(n, doc);
        }
    }

    @Test
    void aCheckDocumentGivesBothShapesWithNumbersAsIntegers() throws IOException {
        CliRun.Run r = CliRun.run("check", "--format", "json", "--let", LOGISTIC, "--assume", "sum(y) = 1", "--wrt", "b",
                "--answer", "ŷ − y", LOSS);
        assertEquals(1, r.code(), r.err());
        JsonNode doc = r.json();
        assertEquals("[\"d\",1]", doc.get("answerShape").toString());
        assertEquals("[1,\"d\"]", doc.get("shape").toString());
        assertEquals("ŷ − y", doc.get("answer").get("input").asText());
        assertEquals("y_hat - y", doc.get("answer").get("ascii").asText());
        assertFalse(doc.get("correct").asBoolean());
    }

    @Test
    void gradesJsonFileValidatesToo() throws IOException {
        Path out = dir.resolve("grades.json");
        CliRun.Run r = CliRun.run("grade", "examples/homework/problems.txt", "examples/homework/submissions.csv",
                "--json", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        Set<ValidationMessage> errors = schema().validate(doc);
        assertTrue(errors.isEmpty(), () -> errors.toString());
        assertEquals("grade", doc.get("command").asText());
        assertTrue(doc.get("skipped").size() > 0, "the example class has skipped rows");
    }

    @Test
    void theValidatorRejectsADocumentThatBreaksTheSchema() throws IOException {
        // so that a passing validation above means something
        CliRun.Run r = CliRun.run("eval", "--format", "json", "--at", point(), "W x + b");
        JsonNode doc = r.json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("schema", 2);
        assertFalse(schema().validate(doc).isEmpty());
        JsonNode noExpression = r.json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noExpression).remove("expression");
        assertFalse(schema().validate(noExpression).isEmpty());
    }
}
