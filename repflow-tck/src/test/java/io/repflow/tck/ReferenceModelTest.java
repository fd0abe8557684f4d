package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.checkpoint.SafeTensors;
import io.repflow.models.spec.AvgPool;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Conv3d;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The float64 model reference against PyTorch 1.13 float64 (fixture from src/test/python/reference_model_fixture.py). */
class ReferenceModelTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/model");
    // the fixture stores float64 results, read back rounded to float32
    private static final Tolerance CLOSE = Tolerance.of(1e-6, 1e-6);

    static ModelSpec spec() {
        return new ModelSpec(
                "fixture",
                ClipShape.rgb(4, 8),
                5,
                Sequential.of(
                        "",
                        Sequential.of(
                                "stem",
                                new Conv2d("conv", 3, 4, 3, 1, 1, true),
                                BatchNorm.of("bn", 4),
                                new Relu(),
                                new MaxPool(Size3.spatial(3), Size3.spatial(2), Size3.spatialPadding(1))),
                        new Residual(
                                "res",
                                List.of(
                                        new Conv3d("conv1", 4, 6, Size3.of(3), Size3.spatial(2), Size3.of(1), false),
                                        BatchNorm.of("bn1", 6),
                                        new Relu(),
                                        new Conv3d(
                                                "conv2",
                                                6,
                                                6,
                                                new Size3(3, 1, 1),
                                                Size3.of(1),
                                                new Size3(1, 0, 0),
                                                false),
                                        BatchNorm.of("bn2", 6)),
                                List.of(
                                        new Conv3d("conv", 4, 6, Size3.of(1), Size3.spatial(2), Size3.of(0), false),
                                        BatchNorm.of("bn", 6))),
                        new AvgPool(new Size3(2, 1, 1), new Size3(2, 1, 1)),
                        new GlobalAvgPool(),
                        new Linear("fc", 6, 5),
                        new TemporalMean(),
                        new Flatten()));
    }

    @Test
    void matchesPyTorch() throws IOException {
        Map<String, HostTensor> params =
                SafeTensors.read(FIXTURE.resolve("model.safetensors")).tensors();
        Map<String, HostTensor> want =
                SafeTensors.read(FIXTURE.resolve("expected.safetensors")).tensors();
        ModelSpec spec = spec();
        assertEquals(spec.parameterShapes().keySet(), params.keySet());
        DoubleTensor clips = DoubleTensor.of(want.get("clips"));
        int[] labels = {
            (int) want.get("labels").flat(0), (int) want.get("labels").flat(1)
        };
        Subject subject = new Subject("reference", "ReferenceModel vs torch", clips.shape(), 7, "");

        ReferenceModel eval = new ReferenceModel(spec, params);
        CLOSE.assertClose(
                subject,
                "EVAL logits",
                eval.forward(Mode.EVAL, clips).toHost(),
                DoubleTensor.of(want.get("logits_eval")));

        ReferenceModel train = new ReferenceModel(spec, params);
        ReferenceModel.LossGradients lg = train.lossAndGradients(clips, labels);
        CLOSE.assertClose(subject, "TRAIN logits", lg.logits().toHost(), DoubleTensor.of(want.get("logits_train")));
        assertEquals(want.get("loss").flat(0), lg.loss(), 1e-6);
        for (String name : spec.trainableParameters()) {
            Tolerance.of(1e-8, 1e-6)
                    .assertClose(
                            subject,
                            "gradient of " + name,
                            lg.gradients().get(name).toHost(),
                            DoubleTensor.of(want.get("grad." + name)));
        }
        // lossAndGradients is pure; a TRAIN forward then updates the running statistics like torch
        assertEquals(
                params.get("res.bn1.running_var"),
                train.parameter("res.bn1.running_var").toHost());
        train.forward(Mode.TRAIN, clips);
        for (String name : spec.buffers()) {
            CLOSE.assertClose(
                    subject,
                    name + " after a TRAIN forward",
                    train.parameter(name).toHost(),
                    DoubleTensor.of(want.get("after_train." + name)));
        }
    }
}
