package io.repflow.spi;

/** A backend was asked for something it does not do. Never answered by another engine instead. */
public final class UnsupportedCapabilityException extends RepflowException {

    private static final long serialVersionUID = 1L;

    private final String backendId;
    private final Capability capability;
    private final String operation;

    public UnsupportedCapabilityException(String backendId, Capability capability, String operation) {
        super("backend '" + backendId + "' does not support " + capability + " (needed for " + operation + ")");
        this.backendId = backendId;
        this.capability = capability;
        this.operation = operation;
    }

    /**
     * A GPU device asked of a backend whose natives cannot use one: names the backend, the device, why, and
     * that {@code cpu} is what it can open.
     */
    public static UnsupportedCapabilityException noGpu(String backendId, Device device, String why) {
        return new UnsupportedCapabilityException(
                backendId, Capability.GPU, "opening " + device + ": " + why + "; available: cpu");
    }

    public String backendId() {
        return backendId;
    }

    public Capability capability() {
        return capability;
    }

    public String operation() {
        return operation;
    }
}
