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
