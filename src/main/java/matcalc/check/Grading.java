package matcalc.check;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Suggest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Grades a class: reads the submissions CSV (columns student, problem, answer, in any order),
 * checks every answer against its problem on all cores, and keeps bad rows aside instead of
 * stopping. An answer that cannot be read is graded wrong, with the reason.
 */
public final class Grading {
    private Grading() {}

    public record Submission(long line, String student, String problem, String answer) {}

    public record BadRow(long line, String reason) {}

    public record Submissions(List<Submission> rows, List<BadRow> bad) {}

    /**
     * One graded answer.
     *
     * @param diagnosis what is wrong, null for a right answer: the check's, or {@link Diagnosis.NoAnswer}
     *                  or {@link Diagnosis.Unreadable} when there was nothing to check
     * @param result    the check's result, or null when the answer could not be read
     */
    public record Graded(Submission submission, ProblemSet.Problem problem, double score, boolean correct,
                         Diagnosis diagnosis, Judgement result) {
        /**
         * Neither right nor wrong: no point was found where the problem's function and its
         * derivative are defined, so the answer was not compared (0 points, counted apart from wrong).
         */
        public boolean undecided() {
            return diagnosis instanceof Diagnosis.Undecided;
        }
    }

    public static Submissions read(Path csv, ProblemSet problems) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(csv.toString(), in, problems);
        } catch (IOException e) {
            throw MatcalcException.io("cannot read the submissions file", csv, e);
        }
    }

    static Submissions read(String name, Reader raw, ProblemSet problems) throws IOException {
        // a spreadsheet's UTF-8 export begins with a byte-order mark, which is not part of "student"
        java.io.BufferedReader in = new java.io.BufferedReader(raw);
        in.mark(1);
        if (in.read() != '\uFEFF') in.reset();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get();
        List<Submission> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : List.of("student", "problem", "answer")) {
                if (header == null || !header.containsKey(column)) {
                    throw MatcalcException.general(name + ":1: the first line must name the columns student, problem "
                            + "and answer (found: " + (header == null || header.isEmpty() ? "nothing" : String.join(", ", header.keySet())) + ")");
                }
            }
            Set<String> seen = new HashSet<>();
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                if (!r.isConsistent()) {
                    bad.add(new BadRow(line, "expected " + header.size() + " columns, found " + r.size()
                            + " (quote an answer that holds a comma: \"dot(x, y)\")"));
                    continue;
                }
                String student = r.get("student");
                String problem = r.get("problem");
                String answer = r.get("answer");
                if (student.isEmpty()) {
                    bad.add(new BadRow(line, "no student name"));
                } else if (!problems.problems().containsKey(problem)) {
                    String near = Suggest.closest(problem, problems.problems().keySet())
                            .map(s -> "; did you mean " + s + "?").orElse("");
                    bad.add(new BadRow(line, "unknown problem '" + problem + "'" + near));
                } else if (!seen.add(student + "\u0000" + problem)) {
                    bad.add(new BadRow(line, "a second answer by " + student + " to " + problem + "; the first is graded"));
                } else {
                    rows.add(new Submission(line, student, problem, answer));
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw MatcalcException.general(name + ": not a CSV file this can read: " + e.getMessage());
        }
        return new Submissions(rows, bad);
    }

    /** Grades every row with {@code threads} workers; progress gets the number done so far. */
    public static List<Graded> grade(ProblemSet problems, List<Submission> rows, int threads, IntConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            AtomicInteger done = new AtomicInteger();
            Deadline each = Deadline.current();   // every answer gets a deadline of this length of its own
            List<Future<Graded>> futures = new ArrayList<>();
            for (Submission s : rows) {
                futures.add(pool.submit(() -> {
                    Graded g = each == null ? grade(problems.problems().get(s.problem()), s)
                            : each.restarted().run(() -> Deadline.during("checking the answer", () -> grade(problems.problems().get(s.problem()), s)));
                    progress.accept(done.incrementAndGet());
                    return g;
                }));
            }
            List<Graded> out = new ArrayList<>();
            for (Future<Graded> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MatcalcException.general("grading was interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static Graded grade(ProblemSet.Problem p, Submission s) {
        if (s.answer().isBlank()) return new Graded(s, p, 0, false, new Diagnosis.NoAnswer(), null);
        try {
            Judgement r = new AnswerChecker(p.engine()).check(p.expr(), p.wrt(), s.answer(), p.layout());
            return new Graded(s, p, r.correct() ? p.points() : 0, r.correct(), r.diagnosis(), r);
        } catch (MatcalcException unreadable) {
            return new Graded(s, p, 0, false,
                    new Diagnosis.Unreadable(unreadable.getMessage().lines().findFirst().orElse("")), null);
        } catch (Deadline.Expired late) {
            return new Graded(s, p, 0, false, new Diagnosis.TimedOut(late.getMessage()), null);
        }
    }

    /** 2, 0.5, 1.25: points without a trailing .0. */
    public static String points(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%s", p);
    }
}
