package matcalc.rewrite;

import java.time.Duration;

/**
 * How far one simplification may go: at most {@code steps} rewrites, and no longer than
 * {@code time} from when it starts. Either limit ends it with a clear error rather than a hang.
 */
public record Limits(int steps, Duration time) {
    public static final Limits DEFAULT = new Limits(50_000, Duration.ofSeconds(120));

    public Limits {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive, got " + steps);
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
