package io.repflow.tck;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceModule;
import io.repflow.spi.Gradients;
import io.repflow.spi.HostModule;
import java.util.List;
import java.util.Map;

/** Compares a backend module with its reference module: same parameters in, same numbers out. */
final class ModuleParity {

    private ModuleParity() {}

    /** Copies every given parameter and buffer into both modules. */
    static void load(Map<String, HostTensor> values, HostModule module, ReferenceModule reference) {
        values.forEach((name, v) -> {
            module.setParameter(name, v);
            reference.setParameter(name, v);
        });
    }

    static void forward(
            Subject subject,
            HostModule module,
            ReferenceModule reference,
            Mode mode,
            List<HostTensor> inputs,
            Tolerance tolerance) {
        HostTensor actual = module.forward(mode, inputs);
        DoubleTensor expected =
                reference.forward64(mode, inputs.stream().map(DoubleTensor::of).toList());
        tolerance.assertClose(subject, "output (" + mode + ")", actual, expected);
    }

    static void buffers(
            Subject subject,
            HostModule module,
            ReferenceModule reference,
            Iterable<String> names,
            Tolerance tolerance) {
        for (String name : names) {
            tolerance.assertClose(
                    subject, "buffer '" + name + "'", module.parameter(name), reference.parameter64(name));
        }
    }

    static void backward(
            Subject subject,
            HostModule module,
            ReferenceModule reference,
            Mode mode,
            List<HostTensor> inputs,
            HostTensor gradOutput,
            Tolerance inputTolerance,
            Tolerance parameterTolerance) {
        Gradients actual = module.backward(mode, inputs, gradOutput);
        ReferenceModule.Gradients64 expected =
                reference.backward64(mode, inputs.stream().map(DoubleTensor::of).toList(), DoubleTensor.of(gradOutput));
        for (int i = 0; i < inputs.size(); i++) {
            inputTolerance.assertClose(
                    subject,
                    "gradient of input " + i + " (" + mode + ")",
                    actual.input(i),
                    expected.inputs().get(i));
        }
        if (!actual.parameters().keySet().equals(expected.parameters().keySet())) {
            throw new AssertionError(subject + ": gradients returned for "
                    + actual.parameters().keySet() + " but the trainable parameters are "
                    + expected.parameters().keySet());
        }
        expected.parameters()
                .forEach((name, g) -> parameterTolerance.assertClose(
                        subject, "gradient of '" + name + "' (" + mode + ")", actual.parameter(name), g));
    }
}
