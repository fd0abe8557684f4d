package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** How the kit shares its runs out to workers: each once, in contract order per backend, one at a time per backend. */
class TckScheduleTest {

    @Test
    void theFreeBackendWithTheMostContractsLeftGoesNext() throws Exception {
        TckSchedule s = new TckSchedule(3, 2);
        TckSchedule.Unit a = s.take().orElseThrow();
        TckSchedule.Unit b = s.take().orElseThrow();
        assertEquals(new TckSchedule.Unit(0, 0), a);
        assertEquals(new TckSchedule.Unit(1, 0), b);
        s.done(a);
        // backend 0 is free again, but backend 2 has more left
        assertEquals(new TckSchedule.Unit(2, 0), s.take().orElseThrow());
        assertEquals(new TckSchedule.Unit(0, 1), s.take().orElseThrow());
    }

    @Test
    void workersRunEveryUnitOnceAndNeverTwoOfOneBackendAtOnce() throws Exception {
        int backends = 4;
        int contracts = 9;
        TckSchedule s = new TckSchedule(backends, contracts);
        AtomicIntegerArray running = new AtomicIntegerArray(backends);
        List<TckSchedule.Unit> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> overlaps = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(pool.submit(() -> {
                Optional<TckSchedule.Unit> u;
                while ((u = s.take()).isPresent()) {
                    int b = u.get().backend();
                    if (running.incrementAndGet(b) > 1) {
                        overlaps.add(u.get().toString());
                    }
                    Thread.sleep(1);
                    running.decrementAndGet(b);
                    ran.add(u.get());
                    s.done(u.get());
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(List.of(), overlaps, "two runs of one backend at once");
        Set<TckSchedule.Unit> once = new HashSet<>(ran);
        assertEquals(backends * contracts, ran.size());
        assertEquals(backends * contracts, once.size(), "each run handed out once");
        for (int b = 0; b < backends; b++) {
            int backend = b;
            List<Integer> order = ran.stream()
                    .filter(u -> u.backend() == backend)
                    .map(TckSchedule.Unit::contract)
                    .toList();
            assertEquals(java.util.stream.IntStream.range(0, contracts).boxed().toList(), order, "backend " + b);
        }
        assertFalse(s.take().isPresent());
    }
}
