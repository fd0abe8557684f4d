package io.repflow.backend.nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The graphs of one module or model by input signature, least recently used first: a graph is built on
 * first use and closed (its native memory freed) when more than {@code capacity} are kept. Not
 * thread-safe; the owners synchronize.
 */
final class Nd4jGraphCache<K, G extends AutoCloseable> {

    private final int capacity;
    private final Map<K, G> graphs = new LinkedHashMap<>(16, 0.75f, true);

    Nd4jGraphCache(int capacity) {
        this.capacity = capacity;
    }

    /** The graph for {@code key}, built by {@code build} when there is none. */
    G get(K key, Supplier<G> build) {
        G graph = graphs.get(key);
        if (graph == null) {
            graph = build.get();
            graphs.put(key, graph);
            if (graphs.size() > capacity) {
                var eldest = graphs.entrySet().iterator();
                close(eldest.next().getValue());
                eldest.remove();
            }
        }
        return graph;
    }

    /** Removes every graph and returns them, for the owner to close (outside its lock if it likes). */
    List<G> drain() {
        List<G> all = new ArrayList<>(graphs.values());
        graphs.clear();
        return all;
    }

    /** Closes a graph; the graphs here close without checked exceptions. */
    static void close(AutoCloseable graph) {
        try {
            graph.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not close " + graph, e);
        }
    }
}
