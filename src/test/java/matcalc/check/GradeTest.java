package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import matcalc.cli.CliRun;
import matcalc.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * matcalc grade on examples/homework: the report, the scores CSV and the skipped rows are exactly
 * the ones kept beside the example (expected-report.txt, expected-scores.csv, expected-skipped.txt).
 * With -Dgolden.update=true the expected files are rewritten (review the diff).
 */
class GradeTest {
    static final Path DIR = Path.of("examples/homework");

    static Run run(String... args) {
        return CliRun.run((Object[]) args);
    }

    @Test
    void theHomeworkExampleReproducesItsExpectedReport(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("scores.csv");
        Path json = tmp.resolve("scores.json");
        Run r = run("grade", DIR.resolve("problems.txt").toString(), DIR.resolve("submissions.csv").toString(),
                "--csv", csv.toString(), "--json", json.toString(), "--threads", "2", "--no-progress");
        assertEquals(0, r.code(), r.err());
        String scores = Files.readString(csv, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DIR.resolve("expected-report.txt"), r.out(), StandardCharsets.UTF_8);
            Files.writeString(DIR.resolve("expected-scores.csv"), scores, StandardCharsets.UTF_8);
            Files.writeString(DIR.resolve("expected-skipped.txt"), r.err(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(DIR.resolve("expected-report.txt"), StandardCharsets.UTF_8), r.out());
        assertEquals(Files.readString(DIR.resolve("expected-scores.csv"), StandardCharsets.UTF_8), scores);
        assertEquals(Files.readString(DIR.resolve("expected-skipped.txt"), StandardCharsets.UTF_8), r.err());
        String doc = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(doc.contains("\"student\" : \"bruno\""), doc);
        assertTrue(doc.contains("\"skipped\""), doc);
    }

    @Test
    void oneThreadAndManyThreadsGradeAlike() {
        String p = DIR.resolve("problems.txt").toString();
        String s = DIR.resolve("submissions.csv").toString();
        assertEquals(run("grade", p, s, "--threads", "1").out(), run("grade", p, s, "--threads", "4").out());
    }

    @Test
    void aBrokenProblemIsReportedWithItsPlace(@TempDir Path tmp) throws IOException {
        Path[] files = write(tmp, "# one problem\nproblem: p1\nlet: W: d x n; x: k\nexpr: sum(W x)\nwrt: x\n",
                "student,problem,answer\nana,p1,W\n");
        Path problems = files[0];
        Path subs = files[1];
        Run r = run("grade", problems.toString(), subs.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(problems + ":4:11: error: shape mismatch"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Files.writeString(problems, "problem: p1\nexpr: sum(x)\nwrt: x\nwho: me\n");
        Run unknown = run("grade", problems.toString(), subs.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith(problems + ":4:1: error: unknown field 'who'"), unknown.err());
    }

    @Test
    void aSubmissionsFileWithoutTheColumnsIsBadInput(@TempDir Path tmp) throws IOException {
        Path subs = tmp.resolve("s.csv");
        Files.writeString(subs, "name,question,text\nana,hadamard,diag(y)\n");
        Run r = run("grade", DIR.resolve("problems.txt").toString(), subs.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must name the columns student, problem and answer"), r.err());
        Run missing = run("grade", DIR.resolve("problems.txt").toString(), tmp.resolve("none.csv").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read the submissions file"), missing.err());
    }

    @Test
    void aSpreadsheetExportWithAByteOrderMarkAndCrlfIsRead(@TempDir Path tmp) throws IOException {
        Path[] files = write(tmp, "\uFEFFproblem: p1\r\npoints: 2\r\nlet: x: n\r\nexpr: x' x\r\nwrt: x\r\n",
                "\uFEFFstudent,problem,answer\r\n\"ana, maria\",p1,\"2 x'\"\r\n\r\nbob,p1,x'\r\n");
        Run r = run("grade", files[0].toString(), files[1].toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ana, maria: 2/2"), r.out());
        assertTrue(r.out().contains("bob: 0/2"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anAssumptionAboutAVariableTheProblemDoesNotHaveIsNotedOnceAndTheAnswersAreGraded(@TempDir Path tmp)
            throws IOException {
        // every answer used to be "wrong: the answer could not be read: cannot draw points where sum(y) = 1"
        Path[] files = write(tmp, "problem: p1\nassume: sum(y) = 1\nexpr: sum(x)\nwrt: x\n\n"
                + "problem: p2\nlet: x, y: n\nassume: sum(y) = 1\nexpr: sum(y ⊙ x)\nwrt: x\n",
                "student,problem,answer\nana,p1,𝟏ᵀ\nana,p2,yᵀ\nbob,p1,2 𝟏ᵀ\nbob,p2,yᵀ\n");
        Run r = run("grade", files[0].toString(), files[1].toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals("ana: 2/2\n"
                + "  p1  1/1  𝟏ᵀ — correct\n"
                + "  p2  1/1  yᵀ — correct\n"
                + "bob: 1/2\n"
                + "  p1  0/1  2 𝟏ᵀ — wrong: off by a factor of 2: your answer is 2 times ∂f/∂x\n"
                + "  p2  1/1  yᵀ — correct\n"
                + "\n"
                + "2 students, mean 1.5/2\n"
                + "per problem:\n"
                + "  p1  correct 1, factor 1\n"
                + "  p2  correct 2\n"
                + "note: problem p1: the assumption sum(y) = 1 is not used: y does not occur in the expression\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void missingFilesAndAnEmptySubmissionsFileSayWhy(@TempDir Path tmp) throws IOException {
        String p = DIR.resolve("problems.txt").toString();
        Path none = tmp.resolve("none.csv");
        assertEquals("error: cannot read the submissions file " + none + ": no such file\n", run("grade", p, none.toString()).err());
        assertEquals("error: cannot read the problems file " + tmp + ": it is a folder, not a file\n",
                run("grade", tmp.toString(), none.toString()).err());
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "");
        assertTrue(run("grade", p, empty.toString()).err().endsWith("(found: nothing)\n"));
        Path out = tmp.resolve("no-folder").resolve("scores.json");
        Run r = run("grade", p, DIR.resolve("submissions.csv").toString(), "--json", out.toString(), "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().endsWith("error: cannot write " + out + ": there is no such folder\n"), r.err());
    }

    static final String TWO_PROBLEMS = "problem: p1\nlet: x, y: n\nexpr: x ⊙ y\nwrt: x\n\n"
            + "problem: p2\npoints: 2\nlet: x: n\nexpr: sum(exp(x))\nwrt: x\n";

    /** A class in tmp: problems.txt and s.csv (UTF-8), returned in that order. */
    private static Path[] write(Path tmp, String problems, String submissions) throws IOException {
        return write(tmp, problems, submissions.getBytes(StandardCharsets.UTF_8));
    }

    /** A class in tmp: problems.txt and s.csv (these bytes), returned in that order. */
    private static Path[] write(Path tmp, String problems, byte[] submissions) throws IOException {
        Path p = tmp.resolve("problems.txt");
        Files.writeString(p, problems);
        Path s = tmp.resolve("s.csv");
        Files.write(s, submissions);
        return new Path[] {p, s};
    }

    /** Grades the submissions against TWO_PROBLEMS; the JSON document is returned beside the run. */
    private static Run grade(Path tmp, String submissions, String... more) throws IOException {
        Path[] files = write(tmp, TWO_PROBLEMS, submissions);
        String[] args = {"grade", files[0].toString(), files[1].toString(), "--threads", "1", "--no-progress"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    @Test
    void anUnterminatedQuoteSkipsItsRowAloneAndTheRestIsGraded(@TempDir Path tmp) throws IOException {
        // Commons CSV read the quote to the end of the file and the whole class was lost (CSVException)
        Run r = grade(tmp, "student,problem,answer\n"
                + "ana,p1,diag(y)\n"
                + "bob,p1,\"diag(y\n"
                + "carla,p1,diag(y)\n"
                + "carla,p2,exp(x)ᵀ\n");
        assertEquals(0, r.code(), r.err());
        assertEquals(tmp.resolve("s.csv") + ":3: skipped: the quote at column 8 is never closed; quote the whole answer "
                + "and double a quote inside it: \"say \"\"hi\"\"\"\n", r.err());
        assertTrue(r.out().contains("ana: 1/3\n"), r.out());
        assertTrue(r.out().contains("carla: 3/3\n"), r.out());
        assertFalse(r.out().contains("bob"), r.out());
        assertTrue(r.out().contains("  p1  correct 2, malformed row 1\n"), r.out());
    }

    @Test
    void aQuotedAnswerOverSeveralLinesIsOneRowAndTheLinesAfterItKeepTheirNumbers(@TempDir Path tmp) throws IOException {
        Run r = grade(tmp, "student,problem,answer\n"
                + "ana,p1,\"diag(\ny)\"\n"
                + "bob,p1,\"say \"\"hi\"\"\"\n"
                + "bob,p9,y\n"
                + "carla,p1,\"diag(y)\" x\n"
                + "dora,p2,\"exp(x)ᵀ\"  \n");
        assertEquals(0, r.code(), r.err());
        assertEquals(tmp.resolve("s.csv") + ":5: skipped: unknown problem 'p9'; did you mean p1?\n"
                + tmp.resolve("s.csv") + ":6: skipped: text after the closing quote at column 20; quote the whole answer "
                + "and double a quote inside it: \"say \"\"hi\"\"\"\n", r.err());
        assertTrue(r.out().contains("  p1  1/1  diag(⏎y) — correct\n"), r.out());
        assertTrue(r.out().contains("  p1  0/1  say \"hi\" — wrong: the answer could not be read"), r.out());
        assertTrue(r.out().contains("dora: 2/3\n"), r.out());
    }

    @Test
    void aClassWithNoRowToGradeSaysSo(@TempDir Path tmp) throws IOException {
        // it used to print nothing at all, with exit 0
        Run r = grade(tmp, "student,problem,answer\nana,p1,\"diag(y)\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("\nno answers graded\n", r.out());
        assertTrue(r.err().contains(":2: skipped: the quote at column 8 is never closed"), r.err());
    }

    @Test
    void rowsThatAreNotUtf8AreSkippedAndTheOthersGraded(@TempDir Path tmp) throws IOException {
        Path[] files = write(tmp, TWO_PROBLEMS,
                "student,problem,answer\nJos\u00e9,p1,diag(y)\nana,p1,diag(y)\n".getBytes(StandardCharsets.ISO_8859_1));
        Path subs = files[1];
        Run r = run("grade", files[0].toString(), subs.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(subs + ":2: skipped: not UTF-8 text (save the file as CSV UTF-8)\n", r.err());
        assertTrue(r.out().startsWith("ana: 1/3\n"), r.out());
    }

    @Test
    void theJsonCountsAreTheAnswersCountedByKind(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("out.json");
        Run r = run("grade", DIR.resolve("problems.txt").toString(), DIR.resolve("submissions.csv").toString(),
                "--json", json.toString(), "--threads", "2", "--no-progress");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        java.util.Map<String, java.util.Map<String, Integer>> fromAnswers = new java.util.TreeMap<>();
        for (var student : doc.get("students")) {
            for (var a : student.get("answers")) {
                String kind = a.get("correct").asBoolean() ? "correct" : a.get("diagnosis").get("kind").asText();
                fromAnswers.computeIfAbsent(a.get("problem").asText(), k -> new java.util.TreeMap<>()).merge(kind, 1, Integer::sum);
            }
        }
        java.util.Map<String, java.util.Map<String, Integer>> counted = new java.util.TreeMap<>();
        int total = 0;
        for (var p : doc.get("problems")) {
            java.util.Map<String, Integer> m = new java.util.TreeMap<>();
            p.get("counts").properties().forEach(e -> {
                if (e.getValue().asInt() > 0) m.put(e.getKey(), e.getValue().asInt());
            });
            counted.put(p.get("problem").asText(), m);
            total += m.values().stream().mapToInt(Integer::intValue).sum();
        }
        assertEquals(fromAnswers, counted);
        assertEquals(5 * 6, total, "five students, six problems");
        assertEquals(Tally.kinds().size(), doc.get("problems").get(0).get("counts").size(), "every kind, zeros included");
    }

    @Test
    void everyKindOfDiagnosisHasTheNameTheJsonGivesIt() {
        // the counts name kinds by the record's name; JsonRenderer names them in its visitor: they must agree
        for (Class<?> c : Diagnosis.class.getPermittedSubclasses()) {
            assertTrue(Tally.kinds().contains(Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1)));
        }
        assertEquals("wrong shape", Tally.words("wrongShape"));
        assertEquals("malformed row", Tally.words(Tally.MALFORMED_ROW));
    }
}
