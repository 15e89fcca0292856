package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import matcalc.bench.CheckWorkload;
import matcalc.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grade reads the submissions as it grades them. The records read one at a time are those the
 * whole text is cut into (random texts of quotes, commas, line breaks of every kind, blank lines,
 * quotes never closed); and on a class of 245 rows of the checking benchmark's answers with every
 * kind of bad row (a BOM, CRLF and LF lines, a multi-line answer, a second answer, an unknown
 * problem, too many columns, no name, text after a closing quote, a quote never closed), the
 * report, the scores CSV and the skipped rows are those matcalc wrote before it streamed
 * (commit 22ed849, kept in src/test/resources/bench/check-class-*).
 */
class GradeStreamingTest {
    /** The class's problems: 12 of the benchmark's (each is derived once per worker; all 49 took too long). */
    static final List<String> CLASS_PROBLEMS = List.of("hadamard", "sum", "dot", "softmax", "logistic-W", "hidden-W1",
            "mse-batch", "quadratic-form", "least-squares", "trace-inverse", "bilinear-forms", "norm");

    @Test
    void recordsReadOneAtATimeAreTheRecordsOfTheWholeText() throws IOException {
        String[] pieces = {"a", "b", "xᵀ y", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", "\r", " ", "", "\n\n", "\"a,\nb\""};
        Random random = new Random(2026);
        for (int trial = 0; trial < 1000; trial++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
            String t = text.toString();
            List<CsvRecords.Csv> whole = CsvRecords.read(t);
            List<CsvRecords.Csv> streamed = new ArrayList<>();
            CsvRecords.Reading reading = new CsvRecords.Reading(new StringReader(t));
            for (CsvRecords.Csv r; (r = reading.next()) != null; ) streamed.add(r);
            assertEquals(whole, streamed, "text: " + t.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    @Test
    void aClassGradedAsItIsReadGetsThePreviousReport(@TempDir Path tmp) throws IOException {
        Path problems = tmp.resolve("problems.txt");
        Files.writeString(problems, CheckWorkload.problemsText(CLASS_PROBLEMS), StandardCharsets.UTF_8);
        Path csv = tmp.resolve("class.csv");
        Files.write(csv, resource("check-class.csv"));
        Path scores = tmp.resolve("scores.csv");
        CliRun.Run r = CliRun.run("grade", problems.toString(), csv.toString(), "--csv", scores.toString(),
                "--threads", "2", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(text("check-class-report.txt"), r.out());
        assertEquals(text("check-class-skipped.txt").replace("class.csv:", csv + ":"), r.err());
        assertEquals(text("check-class-scores.csv"), Files.readString(scores, StandardCharsets.UTF_8));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(GradeStreamingTest.class.getResourceAsStream("/bench/" + name), name)) {
            return in.readAllBytes();
        }
    }

    private static String text(String name) throws IOException {
        return new String(resource(name), StandardCharsets.UTF_8);
    }
}
