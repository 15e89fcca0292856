package matcalc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deadline itself, read from a clock the test moves: no test here depends on real time. */
class DeadlineTest {
    /** A clock that stands still until the test moves it. */
    static final class Manual implements Deadline.Clock {
        long now;

        @Override
        public long nanos(String stage) {
            return now;
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    @Test
    void aCheckPastTheLimitNamesTheStageAndTheSetting() {
        Manual clock = new Manual();
        Deadline d = Deadline.of(Duration.ofSeconds(10), "--timeout").withClock(clock);
        Deadline.Expired e = assertThrows(Deadline.Expired.class, () -> d.run(() -> {
            Deadline.check("parsing");            // in time
            clock.advance(Duration.ofSeconds(10));
            Deadline.check("parsing");            // exactly at the limit: still in time
            clock.advance(Duration.ofNanos(1));
            return Deadline.during("verifying numerically", () -> {
                Deadline.check();
                return "not reached";
            });
        }));
        assertEquals("stopped after 10 s while verifying numerically (--timeout 10; raise it or simplify the expression)",
                e.getMessage());
        assertTrue(!e.interrupted());
        assertNull(Deadline.current(), "the deadline is only for the work it ran");
    }

    @Test
    void onceExpiredEveryLaterCheckThrowsTheSame() {
        Manual clock = new Manual();
        Deadline d = Deadline.of(Duration.ofMillis(500), ":timeout").withClock(clock);
        d.run(() -> {
            clock.advance(Duration.ofSeconds(1));
            Deadline.Expired first = assertThrows(Deadline.Expired.class, () -> Deadline.check("simplifying"));
            assertEquals("stopped after 0.5 s while simplifying (:timeout 0.5; raise it or simplify the expression)",
                    first.getMessage());
            // a stage that caught it (to try another point) meets it again at its next check
            assertEquals(first, assertThrows(Deadline.Expired.class, () -> Deadline.check("evaluating")));
            return null;
        });
    }

    @Test
    void duringNamesTheStageAndRestoresTheOneBefore() {
        Deadline d = Deadline.of(Duration.ofSeconds(1), "--timeout").withClock(new Manual());
        d.run(() -> {
            assertEquals("working", d.stage());
            Deadline.during("checking the answer", () -> {
                assertEquals("checking the answer", d.stage());
                Deadline.during("verifying numerically", () -> assertEquals("verifying numerically", d.stage()));
                assertEquals("checking the answer", d.stage());
            });
            assertEquals("working", d.stage());
            return null;
        });
    }

    @Test
    void cancellingOrInterruptingStopsAtTheNextCheckWithTheStage() {
        Deadline d = Deadline.of(Duration.ofHours(1), ":timeout").withClock(new Manual());
        Deadline.Expired e = assertThrows(Deadline.Expired.class, () -> d.run(() -> Deadline.during("evaluating", () -> {
            d.cancel();
            Deadline.check();
            return null;
        })));
        assertEquals("interrupted while evaluating", e.getMessage());
        assertTrue(e.interrupted());

        Thread.currentThread().interrupt();
        try {
            Deadline other = Deadline.of(Duration.ofHours(1), ":timeout").withClock(new Manual());
            assertEquals("interrupted while differentiating", assertThrows(Deadline.Expired.class,
                    () -> other.run(() -> {
                        Deadline.check("differentiating");
                        return null;
                    })).getMessage());
            // without a deadline, an interrupted thread still stops
            assertEquals("interrupted while parsing",
                    assertThrows(Deadline.Expired.class, () -> Deadline.check("parsing")).getMessage());
        } finally {
            Thread.interrupted();
        }
        Deadline.check("parsing");   // no deadline, not interrupted: nothing to stop
    }

    @Test
    void pausedTimeDoesNotCountAndEachItemGetsAFreshDeadline() {
        Manual clock = new Manual();
        Deadline d = Deadline.of(Duration.ofSeconds(10), "--timeout").withClock(clock);
        d.run(() -> {
            for (int item = 0; item < 5; item++) {
                // each item takes 8 s of its own 10; the five together take 40
                Deadline.afresh(() -> {
                    clock.advance(Duration.ofSeconds(8));
                    Deadline.check("checking the answer");
                    return null;
                });
            }
            Deadline.check("printing the result");   // the outer deadline did not count them
            Deadline.afresh(() -> {
                clock.advance(Duration.ofSeconds(11));
                assertThrows(Deadline.Expired.class, () -> Deadline.check("checking the answer"));
                return null;
            });
            Deadline.check("printing the result");   // one item's expiry is its own
            return null;
        });
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Deadline.of(Duration.ZERO, "--timeout"));
        assertThrows(IllegalArgumentException.class, () -> Deadline.of(Duration.ofSeconds(-1), "--timeout"));
        assertEquals("0.001 s", Deadline.describe(Duration.ofMillis(1)));
        assertEquals("60 s", Deadline.describe(Deadline.DEFAULT));
    }
}
