package io.repflow.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT while {@code repflow tck} runs: the kit stops between checks, never inside one. The JVM's own
 * answer to these signals is to exit, which unloads the engines' native libraries while a check may be in the
 * middle of a native call (libtorch's backward crashed with SIGSEGV that way, 1 run in 3). So the kit's JVM
 * handles them itself: it records the signal, lets the running check finish, skips the rest ({@link
 * TckBindings.StopBetweenChecks}) and exits with 128 + the signal's number; the parent that started it ({@link TckProcess})
 * forwards the signal to it and waits.
 *
 * <p>The signal is one per process, so it is kept in a static.
 */
final class TckSignals {

    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();

    private TckSignals() {}

    /** Records SIGTERM and SIGINT from now on (then calls {@code also}, e.g. to forward it) instead of exiting. */
    static void handle(Runnable also) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!RECEIVED.compareAndSet(null, s.getName())) {
                        System.err.println(
                                "repflow tck: already stopping after the running check (kill -9 ends it now)");
                    }
                    also.run();
                });
            } catch (IllegalArgumentException reserved) {
                // the JVM keeps this signal (-Xrs): its default stays
            }
        }
    }

    /** The signal received, as {@code TERM} or {@code INT}. */
    static Optional<String> received() {
        return Optional.ofNullable(RECEIVED.get());
    }

    /** The exit status for {@code signal}: 128 + its number (143 for TERM, 130 for INT). */
    static int status(String signal) {
        return 128 + new Signal(signal).getNumber();
    }

    /** What the command prints when a signal stopped the kit. */
    static String interrupted(String signal) {
        return "repflow tck: interrupted by SIG" + signal
                + "; the kit stopped between checks, so the table above is partial";
    }
}
