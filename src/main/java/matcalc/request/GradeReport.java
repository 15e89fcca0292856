package matcalc.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.check.Diagnosis;
import matcalc.check.Grading;
import matcalc.check.ProblemSet;
import matcalc.check.Tally;
import matcalc.present.JsonRenderer;
import matcalc.syntax.Deadline;

/**
 * grade's JSON document (schema 1, {@code "command": "grade"}): per student each problem's answer,
 * points and diagnosis; the rows skipped; per problem how many answers got each verdict. The
 * command line writes it with --json FILE, the HTTP API answers it to POST /api/grade.
 */
public final class GradeReport {
    private static final JsonRenderer JSON = new JsonRenderer();
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GradeReport() {}

    /** The graded answers by student, in the order the students first appear. */
    public static Map<String, List<Grading.Graded>> byStudent(List<Grading.Graded> graded) {
        Map<String, List<Grading.Graded>> byStudent = new LinkedHashMap<>();
        for (Grading.Graded g : graded) byStudent.computeIfAbsent(g.submission().student(), k -> new ArrayList<>()).add(g);
        return byStudent;
    }

    /** The most points of the problem set. */
    public static double max(ProblemSet problems) {
        return problems.problems().values().stream().mapToDouble(ProblemSet.Problem::points).sum();
    }

    /** A student's graded answer to a problem, or null. */
    public static Grading.Graded find(List<Grading.Graded> gs, String problem) {
        for (Grading.Graded g : gs) if (g.submission().problem().equals(problem)) return g;
        return null;
    }

    /**
     * grade from texts: the problem set (in the format of a problems file, named "problems" in
     * messages) and the submissions as CSV text (student, problem, answer; named "submissions"),
     * graded by {@code threads} workers, each problem and each answer under a deadline of its own.
     */
    public static String grade(String problemsText, String submissionsText, int threads) {
        ProblemSet problems = ProblemSet.parse("problems", problemsText);
        Grading.Submissions read;
        try {
            read = Grading.read("submissions", new StringReader(submissionsText), problems);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // reading from memory
        }
        List<Grading.Graded> graded = Deadline.paused(() -> Grading.grade(problems, read.rows(), threads, done -> { }));
        Map<String, List<Grading.Graded>> byStudent = byStudent(graded);
        return json(document(problems, byStudent, read.bad(), Tally.count(problems, graded, byStudent.size(), read.bad())));
    }

    /** The document as grade writes it: indented JSON. */
    public static String json(Map<String, Object> document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("grade's report is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> document(ProblemSet problems, Map<String, List<Grading.Graded>> byStudent,
                                               List<Grading.BadRow> bad, Map<String, Map<String, Integer>> counts) {
        List<Object> students = new ArrayList<>();
        for (var e : byStudent.entrySet()) {
            List<Object> answers = new ArrayList<>();
            double total = 0;
            for (ProblemSet.Problem p : problems.problems().values()) {
                Grading.Graded g = find(e.getValue(), p.id());
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("problem", p.id());
                a.put("answer", g == null ? null : g.submission().answer());
                a.put("points", g == null ? 0 : g.score());
                a.put("max", p.points());
                a.put("correct", g != null && g.correct());
                a.put("diagnosis", g == null ? JSON.diagnosis(new Diagnosis.NoAnswer())
                        : g.correct() ? null : JSON.diagnosis(g.diagnosis()));
                if (g != null && g.result() != null && g.result().counterexample() != null) {
                    a.put("counterexample", g.result().counterexample());
                }
                total += g == null ? 0 : g.score();
                answers.add(a);
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("student", e.getKey());
            s.put("points", total);
            s.put("max", max(problems));
            s.put("answers", answers);
            students.add(s);
        }
        List<Object> skipped = new ArrayList<>();
        for (Grading.BadRow b : bad) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("line", b.line());
            row.put("reason", b.reason());
            if (b.problem() != null) row.put("problem", b.problem());
            skipped.add(row);
        }
        List<Object> perProblem = new ArrayList<>();
        for (var e : counts.entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("problem", e.getKey());
            p.put("counts", e.getValue());
            perProblem.add(p);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", JsonRenderer.SCHEMA);
        doc.put("command", "grade");
        doc.put("students", students);
        doc.put("skipped", skipped);
        doc.put("problems", perProblem);
        return doc;
    }
}
