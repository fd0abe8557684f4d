package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A test double that records what reaches it, to test selection and the API-edge validation. */
final class FakeBackend implements Backend {

    /** The value every forward output holds (0; NaN to play an overflowing engine). */
    float fill;

    final String id;
    final Set<Capability> capabilities;
    int calls;

    FakeBackend(String id, Set<Capability> capabilities) {
        this.id = id;
        this.capabilities = capabilities;
    }

    static BackendProvider provider(String id, int priority, Set<Capability> capabilities) {
        return new BackendProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }

            @Override
            public String description() {
                return "fake " + id;
            }

            @Override
            public Backend create(BackendConfig config) {
                return new FakeBackend(id, capabilities);
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String engineVersion() {
        return "fake";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public FlowLayer flowLayer(FlowConfig config) {
        FakeBackend self = this;
        Map<String, HostTensor> values = new HashMap<>(config.initialParameters());
        return new FlowLayer() {
            @Override
            public FlowConfig config() {
                return config;
            }

            @Override
            public Map<String, Shape> parameterShapes() {
                return config.parameterShapes();
            }

            @Override
            public Set<String> trainableParameters() {
                return Set.of();
            }

            @Override
            public HostTensor parameter(String name) {
                return values.get(name);
            }

            @Override
            public void setParameter(String name, HostTensor value) {
                values.put(name, value);
            }

            @Override
            public Shape outputShape(List<Shape> inputShapes) {
                return ModuleShapes.flowOutput(config, inputShapes);
            }

            @Override
            public HostTensor forward(Mode mode, List<HostTensor> inputs) {
                self.calls++;
                HostTensor out = HostTensor.zeros(
                        outputShape(List.of(inputs.get(0).shape(), inputs.get(1).shape())));
                float[] data = out.toArray();
                java.util.Arrays.fill(data, self.fill);
                return HostTensor.wrap(data, out.shape());
            }

            @Override
            public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
                self.calls++;
                return new Gradients(
                        List.of(
                                HostTensor.zeros(inputs.get(0).shape()),
                                HostTensor.zeros(inputs.get(1).shape())),
                        Map.of());
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public Fusion fusion(FusionConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FlowBlock flowBlock(FlowBlockConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}

    static Set<Capability> all() {
        return EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS);
    }
}
