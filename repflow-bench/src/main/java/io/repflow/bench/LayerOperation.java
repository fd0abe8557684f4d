package io.repflow.bench;

/** What a flow-layer measurement times. */
public enum LayerOperation {
    /** {@code FlowLayer.forward}: F1, F2 in, u out (host tensors in and out included). */
    FORWARD("forward", "forward"),
    /** {@code FlowLayer.backward}: the forward pass and the gradients of both inputs and every learnable parameter. */
    FORWARD_BACKWARD("forwardBackward", "forward+backward");

    private final String method;
    private final String label;

    LayerOperation(String method, String label) {
        this.method = method;
        this.label = label;
    }

    /** The JMH benchmark method and the Python baseline's operation name. */
    public String method() {
        return method;
    }

    public String label() {
        return label;
    }

    /** The operation timed by the benchmark method {@code method}. */
    public static LayerOperation ofMethod(String method) {
        for (LayerOperation op : values()) {
            if (op.method.equals(method)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown layer operation '" + method + "'; known: forward, forwardBackward");
    }
}
