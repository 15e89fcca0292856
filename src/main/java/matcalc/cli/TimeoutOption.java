package matcalc.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import matcalc.syntax.Deadline;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * --timeout SECONDS, shared by every command: a {@link Deadline} that every stage checks, from
 * parsing to rendering; past it, one line names the stage ("stopped after 10 s while verifying
 * numerically") and the exit code is 2. grade gives each problem and each answer its own.
 */
final class TimeoutOption {
    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Seconds.class,
            description = "stop, with a message naming the stage, when parsing, shape checking, differentiating, "
                    + "simplifying, checking numerically, evaluating or printing takes longer than this "
                    + "(default: 60; grade: per problem and per answer)")
    Duration timeout = Deadline.DEFAULT;

    Deadline deadline() {
        return Deadline.of(timeout, "--timeout");
    }

    /** Runs the command's work under a deadline of --timeout. */
    <T> T within(Callable<T> work) throws Exception {
        return within(deadline(), work);
    }

    static <T> T within(Deadline deadline, Callable<T> work) throws Exception {
        Exception[] failure = {null};
        T result = deadline.run(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) throw failure[0];
        return result;
    }

    /** A positive number of seconds (0.5, 10, 600). */
    static final class Seconds implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            double s;
            try {
                s = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                s = Double.NaN;
            }
            // a year is more than any stage needs; past it, nanoseconds would overflow
            if (!(s > 0) || s > 365 * 24 * 3600.0) {
                throw new CommandLine.TypeConversionException("expected a positive number of seconds (at most a year) but was '" + value + "'");
            }
            return Duration.ofNanos(Math.max(1, Math.round(s * 1e9)));
        }
    }
}
