package matcalc;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs test work on a thread with the CLI's 512 MB stack (cli.Main.STACK_BYTES), as the CLI and
 * the REPL run a command: deep and huge inputs are tested where they are meant to run.
 */
public final class LargeStack {
    private LargeStack() {}

    /** The value of work, computed on a thread with a 512 MB stack; what it threw is rethrown. */
    public static <T> T call(Supplier<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "large-stack", 512L << 20);
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() instanceof Error e) throw e;
        return result.get();
    }
}
