package io.repflow.spi;

/** Where a backend computes: {@code cpu} or {@code gpu:N}. */
public record Device(Kind kind, int index) {

    public enum Kind {
        CPU,
        GPU
    }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is missing");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("device index " + index + " is out of range for " + kind);
        }
    }

    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /** Parses {@code cpu}, {@code gpu} (= gpu:0) or {@code gpu:N}. */
    public static Device parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("gpu")) {
            return gpu(0);
        }
        if (t.startsWith("gpu:")) {
            try {
                return gpu(Integer.parseInt(t.substring(4)));
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("device '" + text + "' is not understood; use cpu, gpu or gpu:N (N >= 0)");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu:" + index;
    }
}
