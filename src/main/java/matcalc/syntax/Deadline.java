package matcalc.syntax;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A cooperative deadline for one piece of work (a command, a REPL line, a library call, one answer
 * being graded), scoped to the thread that runs it. Every stage checks it in its loops and
 * recursions with {@link #check(String)} (naming itself: "simplifying") or {@link #check()} (the
 * stage the caller named with {@link #during}: "verifying numerically"); past the limit, or once
 * the thread is interrupted (the REPL's Ctrl-C) or the deadline {@link #cancel cancelled}, the
 * check throws {@link Expired}: "stopped after 10 s while verifying numerically (--timeout 10;
 * raise it or simplify the expression)". Once expired it stays expired, so a stage that catches
 * an error and tries something else stops at its next check.
 *
 * <p>It lives in {@code syntax}, the innermost package, because parsing is a stage too. Expired
 * is not a {@link MatcalcException}: the places that catch bad input to try another point or
 * another reading of an answer must not take a timeout for a verdict; only the edges catch it.
 * A thread with no deadline checks only for interruption.
 */
public final class Deadline {
    /** The limit when nobody chose one. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    /** Time as the deadline reads it, in nanoseconds; a test passes one that ticks per reading. */
    @FunctionalInterface
    public interface Clock {
        /** The time now; {@code stage} is the stage that asks (a test clock may tick in one stage only). */
        long nanos(String stage);
    }

    private static final Clock SYSTEM = stage -> System.nanoTime();

    private final Duration limit;
    private final String setting;
    private final Clock clock;
    private final Deque<String> stages = new ArrayDeque<>();
    private long start;
    private volatile String stage = "working";
    private volatile boolean cancelled;
    private volatile Expired expired;
    /** For work outside any deadline (see {@link #outside}): its checks never stop it. */
    private boolean exempt;

    private Deadline(Duration limit, String setting, Clock clock) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a time limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.setting = setting;
        this.clock = clock;
    }

    /**
     * A deadline of {@code limit} from when {@link #run} starts; {@code setting} is how the user
     * sets it, for the message ("--timeout", ":timeout", "Session.timeout").
     */
    public static Deadline of(Duration limit, String setting) {
        return new Deadline(limit, setting, SYSTEM);
    }

    /** The same limit read from another clock (tests). */
    public Deadline withClock(Clock other) {
        return new Deadline(limit, setting, other);
    }

    /** A fresh deadline of the same length and clock, for another piece of work (one answer of many). */
    public Deadline restarted() {
        return new Deadline(limit, setting, clock);
    }

    public Duration limit() {
        return limit;
    }

    /** The deadline of the work running on this thread, or null. */
    public static Deadline current() {
        return CURRENT.get();
    }

    /** The stage the work is in (what a Ctrl-C would name). */
    public String stage() {
        return stage;
    }

    /** Runs {@code work} on this thread under this deadline; the clock starts now. */
    public <T> T run(Supplier<T> work) {
        Deadline outer = CURRENT.get();
        start = clock.nanos("working");
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /**
     * Runs {@code work} with this thread's deadline paused: the time it takes does not count (the
     * work gives its parts deadlines of their own: grading, one per answer).
     */
    public static <T> T paused(Supplier<T> work) {
        Deadline d = CURRENT.get();
        if (d == null) return work.get();
        long t0 = d.clock.nanos(d.stage);
        try {
            return work.get();
        } finally {
            d.start += d.clock.nanos(d.stage) - t0;
        }
    }

    /**
     * Runs {@code work} under a fresh deadline of the current one's length (one problem of a
     * problems file), the current one paused meanwhile; without a current deadline, just runs it.
     */
    public static <T> T afresh(Supplier<T> work) {
        Deadline d = CURRENT.get();
        return d == null ? work.get() : paused(() -> d.restarted().run(work));
    }

    /**
     * Runs {@code work} outside any deadline, not stopped by interruption either: loading the
     * built-in rules in a class initialiser, which must not fail half-way for the whole process.
     */
    public static <T> T outside(Supplier<T> work) {
        Deadline none = new Deadline(Duration.ofDays(1), "", SYSTEM);
        none.exempt = true;
        return none.run(work);
    }

    /** Stops the work at its next check, as Ctrl-C does ("interrupted while …"). */
    public void cancel() {
        cancelled = true;
    }

    /** Runs {@code work} as the named stage ("verifying numerically"); the stage before is restored after. */
    public static <T> T during(String stage, Supplier<T> work) {
        Deadline d = CURRENT.get();
        if (d != null) d.enter(stage);
        try {
            check(stage);
            return work.get();
        } finally {
            if (d != null) d.leave();
        }
    }

    /** {@link #during} for work without a result. */
    public static void during(String stage, Runnable work) {
        during(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Throws {@link Expired} if the work must stop; the message names the stage set with {@link #during}. */
    public static void check() {
        Deadline d = CURRENT.get();
        if (d != null) d.checkIn(d.stage);
        else if (Thread.currentThread().isInterrupted()) throw new Expired("interrupted", true);
    }

    /** Throws {@link Expired} if the work must stop; the message names {@code stage} ("simplifying"). */
    public static void check(String stage) {
        Deadline d = CURRENT.get();
        if (d != null) d.checkIn(stage);
        else if (Thread.currentThread().isInterrupted()) throw new Expired("interrupted while " + stage, true);
    }

    private void enter(String name) {
        stages.push(stage);
        stage = name;
    }

    private void leave() {
        stage = stages.isEmpty() ? "working" : stages.pop();
    }

    private void checkIn(String where) {
        if (exempt) return;
        Expired e = expired;
        if (e != null) throw e;
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw expire(new Expired("interrupted while " + where, true));
        }
        if (clock.nanos(where) - start - limit.toNanos() > 0) {
            throw expire(new Expired("stopped after " + describe(limit) + " while " + where + " (" + setting + " "
                    + number(limit) + "; raise it or simplify the expression)", false));
        }
    }

    private Expired expire(Expired e) {
        expired = e;
        return e;
    }

    /** 10 s, 0.5 s. */
    public static String describe(Duration d) {
        return number(d) + " s";
    }

    /** 10, 0.5, 0.001: three significant digits at most, no trailing zeros. */
    private static String number(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * The work ran out of time, or was interrupted: the message names the stage. Only the edges
     * catch it (one line, exit code 2 at the command line; the REPL goes on).
     */
    public static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean interrupted;

        Expired(String message, boolean interrupted) {
            super(message, null, false, false);
            this.interrupted = interrupted;
        }

        /** Whether Ctrl-C (an interruption) stopped the work, rather than the time limit. */
        public boolean interrupted() {
            return interrupted;
        }
    }
}
