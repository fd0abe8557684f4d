package io.repflow.backend.nd4j;

import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SameDiff 1.0.0-M2.1 prints one "Added differentiated op …" line per op to {@code System.out}
 * while it builds a gradient function, with no switch to turn it off. This routes exactly those
 * lines, from the building thread only, to SLF4J at DEBUG; every other line goes to the real
 * stdout unchanged. Gradient functions are built once per graph, so the swap is short and rare.
 */
final class Nd4jGradientChatter {

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jGradientChatter.class);
    private static final String PREFIX = "Added differentiated op";
    /** One swap of System.out at a time, so that two builders never restore each other's stream. */
    private static final Object SWAP = new Object();

    private Nd4jGradientChatter() {}

    /** {@code sd.createGradFunction(inputs)} with its chatter sent to the logger. */
    static void createGradFunction(SameDiff sd, String... inputsNeedingGradients) {
        synchronized (SWAP) {
            PrintStream original = System.out;
            System.setOut(new Filter(original, Thread.currentThread()));
            try {
                sd.createGradFunction(inputsNeedingGradients);
            } finally {
                System.setOut(original);
            }
        }
    }

    private static final class Filter extends PrintStream {
        private final PrintStream target;
        private final Thread builder;

        Filter(PrintStream target, Thread builder) {
            super(target, true);
            this.target = target;
            this.builder = builder;
        }

        @Override
        public void println(String line) {
            if (Thread.currentThread() == builder && line != null && line.startsWith(PREFIX)) {
                LOG.debug("SameDiff: {}", line);
            } else {
                target.println(line);
            }
        }
    }
}
