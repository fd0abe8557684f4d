package io.repflow.models.train;

import java.util.Iterator;

/**
 * The batches of one pass over some data, taken in order on one thread. Closing it stops any work still
 * running for the pass (a loader's decode workers, for instance).
 */
public interface BatchStream<T> extends Iterator<T>, AutoCloseable {

    /** Samples left out of the pass so far as unusable (bad videos); 0 for in-memory data. */
    default int skipped() {
        return 0;
    }

    @Override
    void close();
}
