package matcalc.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.shape.Context;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import matcalc.syntax.Span;

/**
 * A file of problems for {@code matcalc grade}: blocks separated by blank lines, one field per
 * line, {@code #} comments.
 * <pre>
 * problem: logistic-W
 * points: 2
 * let: x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)
 * assume: sum(y) = 1
 * expr: -sum(y ⊙ log(softmax(W x + b)))
 * wrt: W
 * layout: numerator
 * </pre>
 * {@code problem}, {@code expr} and {@code wrt} are required; {@code points} defaults to 1,
 * {@code layout} to numerator; {@code let} and {@code assume} may repeat. Every problem is derived
 * when the file is loaded, so a broken problem is reported as {@code file:line:col: reason} before
 * any answer is graded.
 */
public final class ProblemSet {
    private static final Set<String> KEYS = Set.of("problem", "points", "let", "assume", "expr", "wrt", "layout");

    /** One problem; lets and assumptions are kept as text so each grading thread builds its own engine. */
    public record Problem(String id, double points, List<String> lets, List<String> assumptions, String expr,
                          String wrt, Layout layout) {
        /** The engine over the problem's declarations and assumptions. */
        public Engine engine() {
            Context c = new Context();
            for (String l : lets) c.let("let", l);
            for (String a : assumptions) c.let("assume", "assume " + a);
            return Engine.of(c);
        }
    }

    private final Map<String, Problem> problems;
    /** The checkers that derived the problems at load (only their derivatives are used, by copies). */
    private final Map<Problem, AnswerChecker> prepared;

    private ProblemSet(Map<String, Problem> problems, Map<Problem, AnswerChecker> prepared) {
        this.problems = problems;
        this.prepared = prepared;
    }

    public Map<String, Problem> problems() {
        return problems;
    }

    public static ProblemSet load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw MatcalcException.general("cannot read the problems file " + file + ": it is not UTF-8 text");
        } catch (IOException e) {
            throw MatcalcException.io("cannot read the problems file", file, e);
        }
        return parse(file.toString(), text);
    }

    public static ProblemSet parse(String name, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);   // a byte-order mark
        Source source = new Source(name, text);
        Map<String, Problem> out = new LinkedHashMap<>();
        Map<Problem, AnswerChecker> prepared = new java.util.HashMap<>();
        List<Field> block = new ArrayList<>();
        List<Runnable> derivations = new ArrayList<>();
        RuntimeException broken = null;   // the first error before any derivation, which come after theirs
        int offset = 0;
        try {
            for (String line : (text + "\n").split("\n", -1)) {
                int length = line.codePointCount(0, line.length());
                String stripped = line.strip();
                if (stripped.isEmpty() || stripped.startsWith("#")) {
                    if (!block.isEmpty()) derivations.add(add(out, prepared, block, source));
                    block = new ArrayList<>();
                } else {
                    int colon = line.indexOf(':');
                    Span whole = new Span(source, offset, offset + length);
                    if (colon < 0) throw new MatcalcException(whole, "expected 'key: value', such as 'wrt: W'");
                    String key = line.substring(0, colon).strip();
                    if (!KEYS.contains(key)) {
                        throw new MatcalcException(new Span(source, offset, offset + line.codePointCount(0, colon)),
                                "unknown field '" + key + "'; a problem has problem, points, let, assume, expr, wrt, layout");
                    }
                    String rest = line.substring(colon + 1);
                    int lead = rest.length() - rest.stripLeading().length();
                    int valueStart = offset + line.codePointCount(0, colon + 1 + lead);
                    block.add(new Field(key, rest.strip(), valueStart, whole));
                }
                offset += length + 1;
            }
        } catch (RuntimeException e) {
            broken = e;
        }
        derive(derivations);
        if (broken != null) throw broken;
        if (out.isEmpty()) throw MatcalcException.general(name + ": no problems in the file");
        return new ProblemSet(out, prepared);
    }

    private record Field(String key, String value, int offset, Span line) {}

    /** Reads one problem's block; returns its derivation, to run after (an error in it is reported at its wrt line). */
    private static Runnable add(Map<String, Problem> out, Map<Problem, AnswerChecker> prepared, List<Field> block, Source source) {
        Map<String, Field> single = new LinkedHashMap<>();
        List<String> lets = new ArrayList<>();
        List<String> assumptions = new ArrayList<>();
        Context context = new Context();
        for (Field f : block) {
            switch (f.key()) {
                case "let" -> {
                    relocated(f, source, () -> context.let("let", f.value()));
                    lets.add(f.value());
                }
                case "assume" -> {
                    relocated(f, source, () -> context.let("assume", "assume " + f.value()));
                    assumptions.add(f.value());
                }
                default -> {
                    if (single.put(f.key(), f) != null) {
                        throw new MatcalcException(f.line(), "'" + f.key() + "' is given twice in this problem");
                    }
                }
            }
        }
        for (String required : List.of("problem", "expr", "wrt")) {
            if (!single.containsKey(required)) {
                throw new MatcalcException(block.get(0).line(), "this problem has no '" + required + ":' line");
            }
        }
        Field id = single.get("problem");
        if (out.containsKey(id.value())) throw new MatcalcException(id.line(), "problem '" + id.value() + "' is defined twice");
        double points = 1;
        if (single.containsKey("points")) {
            Field p = single.get("points");
            try {
                points = Double.parseDouble(p.value());
            } catch (NumberFormatException e) {
                throw new MatcalcException(p.line(), "points must be a number, such as 2 or 0.5");
            }
        }
        Layout layout = Layout.NUMERATOR;
        if (single.containsKey("layout")) {
            Field l = single.get("layout");
            layout = relocated(l, source, () -> Layout.parse(l.value()));
        }
        Field expr = single.get("expr");
        Field wrt = single.get("wrt");
        relocated(expr, source, () -> context.check(expr.value(), expr.value()));
        Problem problem = new Problem(id.value(), points, lets, assumptions, expr.value(), wrt.value(), layout);
        // derived by a checker over the problem's declarations, whose copies grade the answers (the problem derived once)
        AnswerChecker checker = new AnswerChecker(problem.engine());
        out.put(id.value(), problem);
        prepared.put(problem, checker);
        return () -> relocated(wrt, source, () -> checker.prepare(expr.value(), wrt.value(), Layout.NUMERATOR.forDerivation()));
    }

    /** The stack of a thread that derives problems: as deep as that of the command's thread (cli.Main). */
    private static final long STACK_BYTES = 512L << 20;

    /**
     * Runs the problems' derivations, each under a fresh deadline of the current one's length (the
     * current one paused meanwhile), on as many threads as there are cores, and throws the error of
     * the first in file order that fails, as deriving them one after another would have.
     */
    private static void derive(List<Runnable> derivations) {
        matcalc.syntax.Deadline current = matcalc.syntax.Deadline.current();
        int threads = Math.min(derivations.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            for (Runnable d : derivations) matcalc.syntax.Deadline.afresh(() -> {   // each problem its own --timeout
                d.run();
                return null;
            });
            return;
        }
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "matcalc-problems-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Runnable d : derivations) {
                done.add(pool.submit(() -> {
                    if (current == null) d.run();
                    else current.restarted().run(() -> {   // each problem its own --timeout
                        d.run();
                        return null;
                    });
                }));
            }
            matcalc.syntax.Deadline.paused(() -> {
                for (java.util.concurrent.Future<?> f : done) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw MatcalcException.general("loading the problems was interrupted");
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException r) throw r;
                        if (e.getCause() instanceof Error r) throw r;
                        throw new IllegalStateException(e.getCause());
                    }
                }
                return null;
            });
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A new checker for the problem (for one thread at a time) that has the derivative the load
     * derived and verified, so that it is not derived again (a problem of another set: a checker
     * that derives it).
     */
    AnswerChecker checker(Problem p) {
        AnswerChecker loaded = prepared.get(p);
        return loaded != null ? loaded.copy(p.engine()) : new AnswerChecker(p.engine());
    }

    /** Runs f; an error it reports at a place in the field's value is moved to that place in the file. */
    private static <T> T relocated(Field field, Source file, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (MatcalcException e) {
            Diagnostic d = e.diagnostic();
            Span span = d.span() == null ? field.line()
                    : new Span(file, field.offset() + d.span().start(), field.offset() + d.span().end());
            throw new MatcalcException(new Diagnostic(span, d.message(), d.notes()));
        }
    }

    private static void relocated(Field field, Source file, Runnable r) {
        relocated(field, file, () -> {
            r.run();
            return null;
        });
    }
}
