package io.repflow.spi;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A backend was asked to open on a device it cannot compute on here: an absent GPU index, or a device its
 * loaded natives cannot use (ND4J's CUDA natives cannot run on the CPU). Never answered by opening another
 * device instead.
 */
public final class DeviceUnavailableException extends RepflowException {

    private static final long serialVersionUID = 1L;

    private final String backendId;
    private final Device device;
    private final List<Device> available;

    /**
     * @param backendId the backend asked
     * @param device    the device asked for
     * @param available the devices the backend can open here (may be empty)
     * @param reason    why {@code device} is not among them, as the engine reported it
     */
    public DeviceUnavailableException(String backendId, Device device, List<Device> available, String reason) {
        super("backend '" + backendId + "' cannot open device " + device + ": " + reason + "; available: "
                + describe(available));
        this.backendId = backendId;
        this.device = device;
        this.available = List.copyOf(available);
    }

    public String backendId() {
        return backendId;
    }

    public Device device() {
        return device;
    }

    public List<Device> available() {
        return available;
    }

    /** {@code cpu} (when {@code withCpu}) followed by {@code gpu:0} .. {@code gpu:(gpus-1)}. */
    public static List<Device> devices(boolean withCpu, int gpus) {
        return IntStream.range(withCpu ? -1 : 0, gpus)
                .mapToObj(i -> i < 0 ? Device.CPU : Device.gpu(i))
                .collect(Collectors.toList());
    }

    private static String describe(List<Device> devices) {
        return devices.isEmpty()
                ? "none"
                : devices.stream().map(Device::toString).collect(Collectors.joining(", "));
    }
}
