package io.repflow.cli;

import java.util.Optional;

/**
 * Shares the kit's runs (one backend, one contract) out to worker threads, never two at once on one backend: an
 * engine is only ever called from one thread at a time, as in a backend's own test run. A worker gets the next
 * contract of the free backend with the most contracts left, so the backends advance together and their
 * convergence contracts (the last and longest) overlap at the end instead of queueing behind one backend.
 */
final class TckSchedule {

    /** One table row to run: indices into the backends and the contracts. */
    record Unit(int backend, int contract) {}

    private final int contracts;
    private final int[] next;
    private final boolean[] busy;

    TckSchedule(int backends, int contracts) {
        this.contracts = contracts;
        this.next = new int[backends];
        this.busy = new boolean[backends];
    }

    /** The next run, waiting while every backend with contracts left is busy; empty when none is left. */
    synchronized Optional<Unit> take() throws InterruptedException {
        while (true) {
            int best = -1;
            boolean left = false;
            for (int b = 0; b < next.length; b++) {
                if (next[b] < contracts) {
                    left = true;
                    if (!busy[b] && (best < 0 || next[b] < next[best])) {
                        best = b;
                    }
                }
            }
            if (!left) {
                return Optional.empty();
            }
            if (best >= 0) {
                busy[best] = true;
                return Optional.of(new Unit(best, next[best]++));
            }
            wait();
        }
    }

    /** The run {@code unit} ended: its backend is free again. */
    synchronized void done(Unit unit) {
        busy[unit.backend()] = false;
        notifyAll();
    }
}
