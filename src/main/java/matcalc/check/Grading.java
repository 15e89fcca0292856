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
import java.util.function.Consumer;
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
        try (Reader in = reader(csv)) {
            return read(csv.toString(), in, problems);
        } catch (IOException e) {
            throw MatcalcException.io("cannot read the submissions file", csv, e);
        }
    }

    /** Reads the submissions from text (named {@code name} in messages): the rows to grade, and the bad rows. */
    public static Submissions read(String name, Reader raw, ProblemSet problems) throws IOException {
        List<Submission> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        read(name, raw, problems, rows::add, bad::add);
        return new Submissions(rows, bad);
    }

    /**
     * Reads the submissions one row at a time (the file is never held whole): each row to grade goes
     * to {@code rows} and each bad row to {@code bad}, in the order of the file, as {@link #read(Path,
     * ProblemSet)} lists them. Only the pairs (student, problem) seen so far are kept, to tell a second answer.
     */
    public static void read(Path csv, ProblemSet problems, Consumer<Submission> rows, Consumer<BadRow> bad) {
        try (Reader in = reader(csv)) {
            read(csv.toString(), in, problems, rows, bad);
        } catch (IOException e) {
            throw MatcalcException.io("cannot read the submissions file", csv, e);
        }
    }

    private static Reader reader(Path csv) throws IOException {
        // bytes that are not UTF-8 (a Latin-1 export) become U+FFFD, and their rows are skipped with a reason
        return new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)));
    }

    static void read(String name, Reader raw, ProblemSet problems, Consumer<Submission> rows, Consumer<BadRow> bad)
            throws IOException {
        // a spreadsheet's UTF-8 export begins with a byte-order mark, which is not part of "student" (Reading drops it)
        CsvRecords.Reading records = new CsvRecords.Reading(raw);
        CsvRecords.Csv first = records.next();
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
        Set<String> seen = new HashSet<>();
        for (CsvRecords.Csv r; (r = records.next()) != null; ) {
            long line = r.line();
            if (r.broken()) {
                bad.accept(new BadRow(line, r.problem(), problemOf(records.firstLine(), header.get("problem"), problems), true));
                continue;
            }
            if (r.fields().size() != first.fields().size()) {
                String id = header.get("problem") < r.fields().size() ? r.fields().get(header.get("problem")) : null;
                bad.accept(new BadRow(line, "expected " + first.fields().size() + " columns, found " + r.fields().size()
                        + " (quote an answer that holds a comma: \"dot(x, y)\")", known(id, problems), true));
                continue;
            }
            if (r.fields().stream().anyMatch(f -> f.indexOf('\uFFFD') >= 0)) {
                bad.accept(new BadRow(line, "not UTF-8 text (save the file as CSV UTF-8)", null, true));
                continue;
            }
            String student = r.fields().get(header.get("student"));
            String problem = r.fields().get(header.get("problem"));
            String answer = r.fields().get(header.get("answer"));
            if (student.isEmpty()) {
                bad.accept(new BadRow(line, "no student name", known(problem, problems), true));
            } else if (!problems.problems().containsKey(problem)) {
                String near = Suggest.closest(problem, problems.problems().keySet())
                        .map(s -> "; did you mean " + s + "?").orElse("");
                bad.accept(new BadRow(line, "unknown problem '" + problem + "'" + near, null, false));
            } else if (!seen.add(student + "\u0000" + problem)) {
                bad.accept(new BadRow(line, "a second answer by " + student + " to " + problem + "; the first is graded", problem, false));
            } else {
                rows.accept(new Submission(line, student, problem, answer));
            }
        }
    }

    private static String known(String id, ProblemSet problems) {
        return id != null && problems.problems().containsKey(id.strip()) ? id.strip() : null;
    }

    /**
     * The problem a broken row was for, if its line, cut at commas, has a known problem in the
     * problem column (the student and problem come before a broken answer's quote); else null.
     */
    private static String problemOf(String line, int column, ProblemSet problems) {
        if (line == null) return null;
        String[] cells = line.split(",", -1);
        return column < cells.length ? known(cells[column], problems) : null;
    }

    /** Grades every row with {@code threads} workers; progress gets the number done so far. */
    public static List<Graded> grade(ProblemSet problems, List<Submission> rows, int threads, IntConsumer progress) {
        List<Graded> out = new ArrayList<>();
        try (Workers workers = new Workers(problems, threads, progress, out::add)) {
            for (Submission s : rows) workers.submit(s);
            workers.finish();
        }
        return out;
    }

    /**
     * Grades the submissions file as it is read ({@link #read(Path, ProblemSet, Consumer, Consumer)}):
     * each row is graded by one of {@code threads} workers while the next rows are read, at most
     * {@value #IN_FLIGHT} rows per worker at a time, and each result goes to {@code graded} in the
     * order of the file, on the calling thread; bad rows go to {@code bad} as they are read.
     */
    public static void grade(Path csv, ProblemSet problems, int threads, Consumer<BadRow> bad, Consumer<Graded> graded,
                             IntConsumer progress) {
        try (Workers workers = new Workers(problems, threads, progress, graded)) {
            read(csv, problems, workers::submit, bad);
            workers.finish();
        }
    }

    /** How many rows per worker are read ahead of the first row not yet graded. */
    static final int IN_FLIGHT = 16;

    /**
     * A bounded pool: the workers share checkers per problem (the problem derived, its trials drawn
     * and evaluated once for all its answers; a checker used by one worker at a time), and the
     * results are handed on in the order submitted.
     */
    private static final class Workers implements AutoCloseable {
        private final ProblemSet problems;
        private final ExecutorService pool;
        private final int window;
        private final IntConsumer progress;
        private final Consumer<Graded> out;
        private final AtomicInteger done = new AtomicInteger();
        private final Deadline each = Deadline.current();   // every answer gets a deadline of this length of its own
        /**
         * The checkers not in use, per problem: a worker takes one (a new one, with the derivative
         * the load derived, only when every checker of the problem is busy) and gives it back, so
         * a problem's trials are drawn once for all workers unless they check its answers at once.
         */
        private final Map<ProblemSet.Problem, java.util.Queue<AnswerChecker>> idle = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * The judgement of every answer text checked so far, per problem (up to {@value #KEPT} in
         * all): in a class many students write the same answer, and it is checked once.
         */
        private final Map<ProblemSet.Problem, Map<String, Graded>> judged = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicInteger kept = new AtomicInteger();
        private static final int KEPT = 20_000;
        private final java.util.ArrayDeque<Future<Graded>> inFlight = new java.util.ArrayDeque<>();

        Workers(ProblemSet problems, int threads, IntConsumer progress, Consumer<Graded> out) {
            this.problems = problems;
            this.pool = Executors.newFixedThreadPool(Math.max(1, threads));
            this.window = IN_FLIGHT * Math.max(1, threads);
            this.progress = progress;
            this.out = out;
        }

        void submit(Submission s) {
            inFlight.add(pool.submit(() -> {
                ProblemSet.Problem p = problems.problems().get(s.problem());
                String text = s.answer().replaceAll("\\R", " ");
                Map<String, Graded> answered = judged.computeIfAbsent(p, q -> new java.util.concurrent.ConcurrentHashMap<>());
                Graded before = answered.get(text);
                if (before != null) {   // the same answer to the same problem: the same judgement
                    progress.accept(done.incrementAndGet());
                    return new Graded(s, p, before.score(), before.correct(), before.diagnosis(), before.result());
                }
                java.util.Queue<AnswerChecker> free = idle.computeIfAbsent(p, q -> new java.util.concurrent.ConcurrentLinkedQueue<>());
                AnswerChecker taken = free.poll();
                AnswerChecker checker = taken != null ? taken : problems.checker(p);
                Graded g;
                try {
                    g = each == null ? grade(p, s, checker)
                            : each.restarted().run(() -> Deadline.during("checking the answer", () -> grade(p, s, checker)));
                } finally {
                    free.add(checker);
                }
                // a judgement depends on the problem and the answer alone; one cut short by the deadline is not kept
                if (!(g.diagnosis() instanceof Diagnosis.TimedOut) && kept.incrementAndGet() <= KEPT) answered.putIfAbsent(text, g);
                progress.accept(done.incrementAndGet());
                return g;
            }));
            while (inFlight.size() >= window) out.accept(next());
        }

        void finish() {
            while (!inFlight.isEmpty()) out.accept(next());
        }

        private Graded next() {
            try {
                return inFlight.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw MatcalcException.general("grading was interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    static Graded grade(ProblemSet.Problem p, Submission s) {
        return grade(p, s, new AnswerChecker(p.engine()));
    }

    /** Grades one answer with a checker for its problem (one that may have checked other answers to it). */
    static Graded grade(ProblemSet.Problem p, Submission s, AnswerChecker checker) {
        if (s.answer().isBlank()) return new Graded(s, p, 0, false, new Diagnosis.NoAnswer(), null);
        try {
            // a line break inside a spreadsheet cell (a quoted CSV field) is a space to the expression
            String answer = s.answer().replaceAll("\\R", " ");
            Judgement r = checker.check(p.expr(), p.wrt(), answer, p.layout());
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
