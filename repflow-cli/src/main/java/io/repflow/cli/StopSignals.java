package io.repflow.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT while native work runs ({@code train}, {@code repflow tck}): the work stops at the next safe
 * point, never inside an engine's native call. The JVM's own answer to these signals is to exit at once, which
 * unloads the engines' native libraries while another thread may be in the middle of one of their calls (libtorch's
 * backward crashed with SIGSEGV that way: in the kit 1 run in 3, in {@code train} too). So the command handles them
 * itself: {@link #handle} records the signal, the work checks {@link #check} between steps, batches or checks and
 * ends, and the command exits with 128 + the signal's number ({@link #status}).
 *
 * <p>A signal belongs to the whole process, so it is kept in a static.
 */
final class StopSignals {

    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();

    private StopSignals() {}

    /** The work was stopped by a signal: unwinds to the command, which reports it. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String signal;

        Stopped(String signal) {
            super("interrupted by SIG" + signal);
            this.signal = signal;
        }

        String signal() {
            return signal;
        }
    }

    /** Records SIGTERM and SIGINT from now on (then calls {@code also}, e.g. to forward it) instead of exiting. */
    static void handle(Runnable also) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!RECEIVED.compareAndSet(null, s.getName())) {
                        System.err.println("repflow: already stopping at the next safe point (kill -9 ends it now)");
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

    /** Throws {@link Stopped} when a signal came: called where the work may stop. */
    static void check() {
        String s = RECEIVED.get();
        if (s != null) {
            throw new Stopped(s);
        }
    }

    /** The exit status for {@code signal}: 128 + its number (143 for TERM, 130 for INT). */
    static int status(String signal) {
        return 128 + new Signal(signal).getNumber();
    }
}
