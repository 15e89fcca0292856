package matcalc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import matcalc.check.Diagnosis;
import matcalc.check.Grading;
import matcalc.check.Judgement;
import matcalc.check.ProblemSet;
import matcalc.check.Tally;
import matcalc.present.TextRenderer;
import matcalc.request.GradeReport;
import matcalc.shape.Context;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc grade PROBLEMS SUBMISSIONS [--csv FILE] [--json FILE] [--threads N] [--progress] */
@Command(name = "grade", version = Main.VERSION,
        description = "Grade a class: every answer in SUBMISSIONS (CSV: student, problem, answer) against PROBLEMS.")
final class GradeCommand implements Callable<Integer> {
    @Mixin
    HelpOptions help;

    @Parameters(index = "0", paramLabel = "PROBLEMS", description = "the problems file (see examples/homework/problems.txt)")
    Path problemsFile;

    @Parameters(index = "1", paramLabel = "SUBMISSIONS", description = "CSV with the columns student, problem, answer")
    Path submissionsFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the scores as CSV: student, problem, points, max, correct, answer, diagnosis, kind")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "write the scores and diagnoses as JSON")
    Path json;

    @Option(names = "--threads", paramLabel = "N", description = "workers (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", negatable = true,
            description = "a progress bar on stderr (default: when stderr is a terminal)")
    Boolean progress;

    @Mixin
    TimeoutOption timeout;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    /** Under --timeout: each problem and each answer gets a deadline of its own (ProblemSet, Grading). */
    private Integer run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProblemSet problems = ProblemSet.load(problemsFile);
        // the launcher says whether stderr is a terminal (grade > report.txt still shows progress)
        String tty = System.getProperty("matcalc.stderr.tty");
        boolean bar = progress != null ? progress : tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        // the bar's total: the rows to grade, counted by reading the file once before (it is not kept)
        int[] total = {0};
        if (bar) Grading.read(submissionsFile, problems, row -> total[0]++, skipped -> { });
        // the file is read as it is graded; the report needs each row's result, and the bad rows
        List<Grading.BadRow> bad = new ArrayList<>();
        List<Grading.Graded> graded = new ArrayList<>();
        Deadline.paused(() -> {
            Grading.grade(submissionsFile, problems, threads, bad::add, graded::add, done -> {
                if (bar) progressBar(err, done, total[0]);
            });
            return null;
        });
        if (bar) err.println();
        for (Grading.BadRow b : bad) {
            err.println(submissionsFile + ":" + b.line() + ": skipped: " + b.reason());
        }
        Map<String, List<Grading.Graded>> byStudent = GradeReport.byStudent(graded);
        Map<String, Map<String, Integer>> counts = Tally.count(problems, graded, byStudent.size(), bad);
        report(out, problems, byStudent, counts);
        if (csv != null) writeCsv(csv, problems, byStudent);
        if (json != null) writeJson(json, problems, byStudent, bad, counts);
        return 0;
    }

    /** The most answers the bar has shown done: workers report out of order, and the bar never goes back. */
    private int shown;

    private synchronized void progressBar(PrintWriter err, int done, int total) {
        if (done <= shown) return;
        shown = done;
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        err.print("\rgrading [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }

    /**
     * Per student: the total, then each problem in the order of the problems file with the answer and
     * the verdict; then the mean, and per problem how many answers got each verdict.
     */
    private static void report(PrintWriter out, ProblemSet problems, Map<String, List<Grading.Graded>> byStudent,
                               Map<String, Map<String, Integer>> counts) {
        int idWidth = problems.problems().keySet().stream().mapToInt(String::length).max().orElse(0);
        double max = GradeReport.max(problems);
        double sum = 0;
        for (var e : byStudent.entrySet()) {
            double total = e.getValue().stream().mapToDouble(Grading.Graded::score).sum();
            sum += total;
            out.println(e.getKey() + ": " + Grading.points(total) + "/" + Grading.points(max));
            for (ProblemSet.Problem p : problems.problems().values()) {
                Grading.Graded g = GradeReport.find(e.getValue(), p.id());
                String score = g == null ? "0" : Grading.points(g.score());
                String what = g == null || g.submission().answer().isBlank() ? "no answer"
                        : oneLine(g.submission().answer()) + " — " + (g.correct() ? "correct"
                        : g.diagnosis() instanceof Diagnosis.TimedOut ? words(g) : (g.undecided() ? "undecided: " : "wrong: ") + words(g));
                out.printf("  %-" + idWidth + "s  %s/%s  %s%n", p.id(), score, Grading.points(p.points()), what);
            }
        }
        out.println();
        if (byStudent.isEmpty()) {
            out.println("no answers graded");
        } else {
            out.println(byStudent.size() + (byStudent.size() == 1 ? " student" : " students") + ", mean "
                    + Grading.points(Math.round(100 * sum / byStudent.size()) / 100.0) + "/" + Grading.points(max));
            // undecided answers are neither right nor wrong: counted apart, for a human to look at
            long undecided = byStudent.values().stream().flatMap(List::stream).filter(Grading.Graded::undecided).count();
            if (undecided > 0) {
                out.println(undecided + (undecided == 1 ? " answer" : " answers") + " undecided (0 points above): "
                        + "no point was found where the problem's function is defined; grade by hand");
            }
            out.println("per problem:");
            for (var e : counts.entrySet()) {
                StringBuilder line = new StringBuilder();
                for (var k : e.getValue().entrySet()) {
                    if (k.getValue() == 0) continue;
                    line.append(line.length() == 0 ? "" : ", ").append(Tally.words(k.getKey())).append(' ').append(k.getValue());
                }
                out.printf("  %-" + idWidth + "s  %s%n", e.getKey(), line);
            }
        }
        notes(out, problems, byStudent);
    }

    /** An answer on one line of the report: a line break inside a quoted CSV field shows as ⏎. */
    private static String oneLine(String answer) {
        return answer.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎');
    }

    /** Once per problem, the assumptions its expression leaves out (sum(y) = 1 for sum(x)), as check notes them. */
    private static void notes(PrintWriter out, ProblemSet problems, Map<String, List<Grading.Graded>> byStudent) {
        for (ProblemSet.Problem p : problems.problems().values()) {
            Judgement any = null;
            for (List<Grading.Graded> gs : byStudent.values()) {
                Grading.Graded g = GradeReport.find(gs, p.id());
                if (g != null && g.result() != null) {
                    any = g.result();
                    break;
                }
            }
            if (any == null) continue;
            for (Context.UnusedAssumption u : any.expected().checked().unused()) {
                out.println("note: problem " + p.id() + ": " + TextRenderer.unicode().note(u, TextRenderer.IN_EXPRESSION));
            }
        }
    }

    /** What is wrong with a graded answer, in words (Unicode). */
    private static String words(Grading.Graded g) {
        return TextRenderer.unicode().diagnosis(g.diagnosis());
    }

    private static void writeCsv(Path file, ProblemSet problems, Map<String, List<Grading.Graded>> byStudent) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                     .setHeader("student", "problem", "points", "max", "correct", "answer", "diagnosis", "kind").get())) {
            for (var e : byStudent.entrySet()) {
                for (ProblemSet.Problem p : problems.problems().values()) {
                    Grading.Graded g = GradeReport.find(e.getValue(), p.id());
                    csv.printRecord(e.getKey(), p.id(), g == null ? "0" : Grading.points(g.score()),
                            Grading.points(p.points()), g != null && g.correct(),
                            g == null ? "" : g.submission().answer(), g == null ? "no answer" : g.correct() ? "correct" : words(g),
                            g == null ? Tally.kind(new Diagnosis.NoAnswer()) : g.correct() ? Tally.CORRECT : Tally.kind(g.diagnosis()));
                }
            }
        } catch (IOException ex) {
            throw MatcalcException.io("cannot write", file, ex);
        }
    }

    private static void writeJson(Path file, ProblemSet problems, Map<String, List<Grading.Graded>> byStudent,
                                  List<Grading.BadRow> bad, Map<String, Map<String, Integer>> counts) {
        try {
            Files.writeString(file, GradeReport.json(GradeReport.document(problems, byStudent, bad, counts)), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw MatcalcException.io("cannot write", file, ex);
        }
    }
}
