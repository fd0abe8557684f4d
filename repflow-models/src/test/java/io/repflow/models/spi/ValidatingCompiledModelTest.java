package io.repflow.models.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.TinySpecs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API edge passes whole-model reads and writes to the engine's own bulk calls (TF copies every
 * tensor in one session run; per name it would be one run per tensor at every checkpoint), after
 * checking every entry, so a bad entry changes nothing.
 */
class ValidatingCompiledModelTest {

    private static final ModelSpec SPEC = TinySpecs.linear(3);

    @Test
    void parametersAreOneEngineCallEachWay() {
        CountingModel engine = new CountingModel(SPEC);
        try (CompiledModel model =
                ModelCompilers.wrap((spec, seed) -> engine, "counting", true).compile(SPEC, 0)) {
            Map<String, HostTensor> written = new LinkedHashMap<>();
            written.put("fc.weight", HostTensor.of(new float[] {1f, -2f, 3f}, 3, 1));
            written.put("fc.bias", HostTensor.of(new float[] {0.5f, 0f, -0.25f}, 3));
            model.setParameters(written);
            assertEquals(1, engine.bulkWrites, "setParameters: one bulk write in the engine");
            assertEquals(0, engine.singleWrites, "setParameters: no write per name");

            Map<String, HostTensor> read = model.parameters();
            assertEquals(1, engine.bulkReads, "parameters(): one bulk read in the engine");
            assertEquals(0, engine.singleReads, "parameters(): no read per name");
            assertEquals(written, read);
        }
    }

    @Test
    void aBadEntryIsRefusedBeforeTheEngineSeesAny() {
        CountingModel engine = new CountingModel(SPEC);
        Map<String, HostTensor> before = engine.parameters();
        try (CompiledModel model =
                ModelCompilers.wrap((spec, seed) -> engine, "counting", true).compile(SPEC, 0)) {
            Map<String, HostTensor> values = new LinkedHashMap<>();
            values.put("fc.bias", HostTensor.of(new float[] {7f, 7f, 7f}, 3));
            values.put("fc.weight", HostTensor.of(new float[] {1f, 2f}, 2, 1));
            IllegalArgumentException wrongShape =
                    assertThrows(IllegalArgumentException.class, () -> model.setParameters(values));
            assertTrue(wrongShape.getMessage().contains("fc.weight"), wrongShape.getMessage());
            assertTrue(wrongShape.getMessage().contains("[3, 1]"), wrongShape.getMessage());

            values.put("fc.weight", HostTensor.of(new float[] {1f, Float.NaN, 3f}, 3, 1));
            assertThrows(IllegalArgumentException.class, () -> model.setParameters(values));

            values.remove("fc.weight");
            values.put("fc.missing", HostTensor.of(new float[] {1f}, 1));
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> model.setParameters(values));
            assertTrue(unknown.getMessage().contains("fc.missing"), unknown.getMessage());

            assertEquals(0, engine.bulkWrites + engine.singleWrites, "nothing reached the engine");
            assertEquals(before, engine.parameters(), "the engine's values are unchanged");
        }
    }

    /** An engine double that holds values on the heap and counts single and bulk reads and writes. */
    private static final class CountingModel implements CompiledModel {

        private final ModelSpec spec;
        private final Map<String, HostTensor> values;
        int singleReads;
        int singleWrites;
        int bulkReads;
        int bulkWrites;

        CountingModel(ModelSpec spec) {
            this.spec = spec;
            this.values = new LinkedHashMap<>(spec.initialParameters(1));
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public HostTensor parameter(String name) {
            singleReads++;
            return values.get(name);
        }

        @Override
        public void setParameter(String name, HostTensor value) {
            singleWrites++;
            values.put(name, value);
        }

        @Override
        public Map<String, HostTensor> parameters() {
            bulkReads++;
            return new LinkedHashMap<>(values);
        }

        @Override
        public void setParameters(Map<String, HostTensor> written) {
            bulkWrites++;
            values.putAll(written);
        }

        @Override
        public HostTensor forward(Mode mode, HostTensor clips) {
            return HostTensor.zeros(Shape.of(clips.dim(0), spec.numClasses()));
        }

        @Override
        public LossAndGradients gradients(Batch batch, long seed) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public StepResult trainStep(Batch batch, SgdStep step, long seed) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Map<String, HostTensor> optimizerState() {
            return Map.of();
        }

        @Override
        public void setOptimizerState(Map<String, HostTensor> state) {}

        @Override
        public void close() {}
    }
}
