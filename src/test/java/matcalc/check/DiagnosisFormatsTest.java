package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import matcalc.cli.CliRun;
import matcalc.cli.CliRun.Run;
import matcalc.render.Pictures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * Every typical mistake in check/mistakes.txt through `matcalc check` in each format: with --ascii
 * the output is ASCII but for the answer as it was typed; the LaTeX renders in JLaTeXMath; the JSON
 * validates against the schema, and its diagnosis message is the text output's diagnosis. Between
 * them the cases give every kind of diagnosis the checker makes.
 */
class DiagnosisFormatsTest {
    private static final Set<String> KINDS = new TreeSet<>();

    static String[] args(CheckTest.Block b, String... format) {
        List<String> a = new ArrayList<>(List.of("check"));
        a.addAll(List.of(format));
        a.addAll(List.of("--let", b.get("let")));
        if (b.fields().containsKey("assume")) a.addAll(List.of("--assume", b.get("assume")));
        if (b.fields().containsKey("layout")) a.addAll(List.of("--layout", b.get("layout")));
        a.addAll(List.of("--wrt", b.get("wrt"), "--answer", b.answers().get(0), "--reveal", b.get("expr")));
        return a.toArray(String[]::new);
    }

    @TestFactory
    Stream<DynamicTest> everyDiagnosisInEveryFormat() throws IOException {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/matcalc/schema/output-v1.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Stream<DynamicTest> cases = CheckTest.blocks("mistakes.txt").stream().map(b -> DynamicTest.dynamicTest(
                "line " + b.line() + ": " + b.answers().get(0) + " for ∂/∂" + b.get("wrt") + " " + b.get("expr"), () -> {
                    // 1 for a wrong answer; a block may say otherwise (exit: 2 for undecided)
                    int code = Integer.parseInt(b.fields().getOrDefault("exit", "1"));
                    Run text = CliRun.run((Object) args(b));
                    assertEquals(code, text.code(), text.out() + text.err());
                    String diagnosis = text.out().lines().skip(1).findFirst().orElseThrow().strip();

                    Run ascii = CliRun.run((Object) args(b, "--ascii"));
                    assertEquals(code, ascii.code(), ascii.err());
                    String notTyped = ascii.out().replace(b.answers().get(0), "");
                    String nonAscii = notTyped.codePoints().filter(c -> c > 126 && c != '\n')
                            .mapToObj(Character::toString).collect(Collectors.joining());
                    assertEquals("", nonAscii, ascii.out());

                    Run latex = CliRun.run((Object) args(b, "--format", "latex"));
                    assertEquals(code, latex.code(), latex.err());
                    for (String line : latex.out().strip().split("\n")) {
                        TeXIcon icon = Pictures.icon(line);
                        assertTrue(icon.getIconWidth() > 24 && icon.getIconHeight() > 8, line);
                    }

                    Run json = CliRun.run((Object) args(b, "--format", "json"));
                    assertEquals(code, json.code(), json.err());
                    JsonNode doc = json.json();
                    Set<ValidationMessage> errors = schema.validate(doc);
                    assertTrue(errors.isEmpty(), () -> errors + "\n" + json.out());
                    assertEquals(diagnosis, doc.get("diagnosis").get("message").asText());
                    KINDS.add(doc.get("diagnosis").get("kind").asText());
                }));
        DynamicTest everyKind = DynamicTest.dynamicTest("every kind of diagnosis occurs", () -> {
            Set<String> all = new TreeSet<>();
            for (Class<?> kind : Diagnosis.class.getPermittedSubclasses()) {
                String name = kind.getSimpleName();
                all.add(Character.toLowerCase(name.charAt(0)) + name.substring(1));
            }
            all.removeAll(Set.of("noAnswer", "unreadable", "timedOut"));   // grading's own: GradeTest, JsonSchemaTest, TimeoutTest
            assertEquals(all, KINDS);
        });
        return Stream.concat(cases, Stream.of(everyKind));
    }
}
