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
        Path problems = tmp.resolve("problems.txt");
        Files.writeString(problems, "# one problem\nproblem: p1\nlet: W: d x n; x: k\nexpr: sum(W x)\nwrt: x\n");
        Path subs = tmp.resolve("s.csv");
        Files.writeString(subs, "student,problem,answer\nana,p1,W\n");
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
        Path problems = tmp.resolve("problems.txt");
        Files.writeString(problems, "\uFEFFproblem: p1\r\npoints: 2\r\nlet: x: n\r\nexpr: x' x\r\nwrt: x\r\n");
        Path subs = tmp.resolve("s.csv");
        Files.writeString(subs, "\uFEFFstudent,problem,answer\r\n\"ana, maria\",p1,\"2 x'\"\r\n\r\nbob,p1,x'\r\n");
        Run r = run("grade", problems.toString(), subs.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ana, maria: 2/2"), r.out());
        assertTrue(r.out().contains("bob: 0/2"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anAssumptionAboutAVariableTheProblemDoesNotHaveIsNotedOnceAndTheAnswersAreGraded(@TempDir Path tmp)
            throws IOException {
        // every answer used to be "wrong: the answer could not be read: cannot draw points where sum(y) = 1"
        Path problems = tmp.resolve("problems.txt");
        Files.writeString(problems, "problem: p1\nassume: sum(y) = 1\nexpr: sum(x)\nwrt: x\n\n"
                + "problem: p2\nlet: x, y: n\nassume: sum(y) = 1\nexpr: sum(y ⊙ x)\nwrt: x\n");
        Path subs = tmp.resolve("s.csv");
        Files.writeString(subs, "student,problem,answer\nana,p1,𝟏ᵀ\nana,p2,yᵀ\nbob,p1,2 𝟏ᵀ\nbob,p2,yᵀ\n");
        Run r = run("grade", problems.toString(), subs.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals("ana: 2/2\n"
                + "  p1  1/1  correct\n"
                + "  p2  1/1  correct\n"
                + "bob: 1/2\n"
                + "  p1  0/1  wrong: off by a factor of 2: your answer is 2 times ∂f/∂x\n"
                + "  p2  1/1  correct\n"
                + "\n"
                + "2 students, mean 1.5/2\n"
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
}
