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

/**
 * Grades a class: reads the submissions CSV (columns student, problem, answer, in any order),
 * checks every answer against its problem on all cores, and keeps bad rows aside instead of
 * stopping: a row with the wrong number of columns, an unknown problem, a second answer, or one
 * Commons CSV cannot read (an unterminated quote; {@link CsvRecords} cuts the file into records so
 * that such a row is skipped alone). An answer that cannot be read is graded wrong, with the reason.
 */
public final class Grading {
    private Grading() {}

    public record Submission(long line, String student, String problem, String answer) {}

    /**
     * A row skipped: its line and why; {@code problem} is the problem it was for when that can be told
     * (else null), and {@code malformed} says the row itself could not be read (a quote, the columns, no
     * name), not that it names an unknown problem or repeats an answer.
     */
    public record BadRow(long line, String reason, String problem, boolean malformed) {}

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
        // bytes that are not UTF-8 (a Latin-1 export) become U+FFFD, and their rows are skipped with a reason
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE))) {
            return read(csv.toString(), in, problems);
        } catch (IOException e) {
            throw MatcalcException.io("cannot read the submissions file", csv, e);
        }
    }

    static Submissions read(String name, Reader raw, ProblemSet problems) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = raw.read(buffer)) > 0; ) sb.append(buffer, 0, n);
        // a spreadsheet's UTF-8 export begins with a byte-order mark, which is not part of "student"
        String text = sb.length() > 0 && sb.charAt(0) == '\uFEFF' ? sb.substring(1) : sb.toString();
        List<CsvRecords.Csv> records = CsvRecords.read(text);
        CsvRecords.Csv first = records.isEmpty() ? null : records.get(0);
        Map<String, Integer> header = new java.util.LinkedHashMap<>();
        if (first != null && !first.broken()) {
            for (int i = 0; i < first.fields().size(); i++) header.putIfAbsent(first.fields().get(i).toLowerCase(Locale.ROOT), i);
        }
        for (String column : List.of("student", "problem", "answer")) {
            if (!header.containsKey(column)) {
                throw MatcalcException.general(name + ":" + (first == null ? 1 : first.line()) + ": the first line must name the columns "
                        + "student, problem and answer (found: " + (first == null ? "nothing" : first.broken() ? first.problem()
                        : String.join(", ", first.fields())) + ")");
            }
        }
        List<Submission> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        for (CsvRecords.Csv r : records.subList(1, records.size())) {
            long line = r.line();
            if (r.broken()) {
                bad.add(new BadRow(line, r.problem(), problemOf(physical, line, header.get("problem"), problems), true));
                continue;
            }
            if (r.fields().size() != first.fields().size()) {
                String id = header.get("problem") < r.fields().size() ? r.fields().get(header.get("problem")) : null;
                bad.add(new BadRow(line, "expected " + first.fields().size() + " columns, found " + r.fields().size()
                        + " (quote an answer that holds a comma: \"dot(x, y)\")", known(id, problems), true));
                continue;
            }
            if (r.fields().stream().anyMatch(f -> f.indexOf('\uFFFD') >= 0)) {
                bad.add(new BadRow(line, "not UTF-8 text (save the file as CSV UTF-8)", null, true));
                continue;
            }
            String student = r.fields().get(header.get("student"));
            String problem = r.fields().get(header.get("problem"));
            String answer = r.fields().get(header.get("answer"));
            if (student.isEmpty()) {
                bad.add(new BadRow(line, "no student name", known(problem, problems), true));
            } else if (!problems.problems().containsKey(problem)) {
                String near = Suggest.closest(problem, problems.problems().keySet())
                        .map(s -> "; did you mean " + s + "?").orElse("");
                bad.add(new BadRow(line, "unknown problem '" + problem + "'" + near, null, false));
            } else if (!seen.add(student + "\u0000" + problem)) {
                bad.add(new BadRow(line, "a second answer by " + student + " to " + problem + "; the first is graded", problem, false));
            } else {
                rows.add(new Submission(line, student, problem, answer));
            }
        }
        return new Submissions(rows, bad);
    }

    private static String known(String id, ProblemSet problems) {
        return id != null && problems.problems().containsKey(id.strip()) ? id.strip() : null;
    }

    /**
     * The problem a broken row was for, if its line, cut at commas, has a known problem in the
     * problem column (the student and problem come before a broken answer's quote); else null.
     */
    private static String problemOf(String[] lines, long line, int column, ProblemSet problems) {
        if (line < 1 || line > lines.length) return null;
        String[] cells = lines[(int) line - 1].split(",", -1);
        return column < cells.length ? known(cells[column], problems) : null;
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
            // a line break inside a spreadsheet cell (a quoted CSV field) is a space to the expression
            String answer = s.answer().replaceAll("\\R", " ");
            Judgement r = new AnswerChecker(p.engine()).check(p.expr(), p.wrt(), answer, p.layout());
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
