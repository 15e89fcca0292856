package matcalc.repl;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each command on a worker thread, so that Ctrl-C can stop it without ending the REPL. The
 * wait ends at once and the REPL goes on; the worker is interrupted, and every stage stops at its
 * next {@link matcalc.syntax.Deadline} check. Its result is thrown away: it worked on a copy of
 * the session.
 */
final class Worker {
    /** Deep expressions recurse deeply: the workers get a larger stack than the default. */
    private static final long STACK = 256L << 20;

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "matcalc-worker-" + count.incrementAndGet(), STACK);
        t.setDaemon(true);
        return t;
    });
    private volatile Future<?> current;

    /**
     * The task's result.
     *
     * @throws CancellationException when {@link #interrupt()} stopped it
     * @throws ExecutionException    when it threw; the cause is what it threw
     */
    <T> T run(Callable<T> task) throws ExecutionException, InterruptedException {
        // current is set before the task can start: a Ctrl-C as soon as it has started is not lost
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        current = f;
        pool.execute(f);
        try {
            return f.get();
        } finally {
            current = null;
        }
    }

    /** Stops the running command, if there is one (Ctrl-C); returns whether there was. */
    boolean interrupt() {
        Future<?> f = current;
        return f != null && f.cancel(true);
    }
}
