package io.repflow.spi;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import java.util.List;

/**
 * The flow layer (docs/design.md, rules 2.1–2.12): inputs {@code F1, F2 [N,C,H,W]}, output {@code u [N,2C,H,W]} with the
 * x-flow channels first. Parameters {@code theta, lambda, tau, fx, fy, dx, dy, gx, gy}.
 */
public interface FlowLayer extends HostModule {

    FlowConfig config();

    default HostTensor forward(HostTensor f1, HostTensor f2) {
        return forward(Mode.EVAL, List.of(f1, f2));
    }

    default Gradients backward(HostTensor f1, HostTensor f2, HostTensor gradU) {
        return backward(Mode.EVAL, List.of(f1, f2), gradU);
    }
}
