package matcalc.rewrite;

import java.time.Duration;

/**
 * How far one simplification may go: at most {@code steps} rewrites, or {@code stepsPerNode} per
 * distinct node of its input when that is more (so that the limit stops rules undoing each other,
 * not a 1 MB sum of losses each of which takes a few rewrites), and no longer than {@code time}
 * from when it starts. Either limit ends it with a clear error rather than a hang.
 */
public record Limits(int steps, int stepsPerNode, Duration time) {
    public static final Limits DEFAULT = new Limits(50_000, 10, Duration.ofSeconds(120));

    /** At most steps rewrites, whatever the input's size. */
    public Limits(int steps, Duration time) {
        this(steps, 0, time);
    }

    public Limits {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive, got " + steps);
        if (stepsPerNode < 0) throw new IllegalArgumentException("stepsPerNode must not be negative, got " + stepsPerNode);
        if (time == null || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("time must be positive, got " + time);
        }
    }

    /** The System.nanoTime() after which work started now must stop. */
    long deadline() {
        long now = System.nanoTime();
        long span = time.toNanos();
        return span > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + span;
    }
}
