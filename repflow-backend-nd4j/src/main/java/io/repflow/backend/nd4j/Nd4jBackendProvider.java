package io.repflow.backend.nd4j;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendLoadException;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.UnsupportedCapabilityException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * The ND4J / SameDiff backend, id {@value #ID}. Cheap until {@link #create}: it only looks at which
 * ND4J jars are on the class path (without initialising ND4J, which would load its natives).
 */
public final class Nd4jBackendProvider implements BackendProvider {

    public static final String ID = "nd4j";

    /** ND4J's CUDA backend, present only when repflow-natives-nd4j-gpu (the build's -Pgpu) put it on the class path. */
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private final boolean cuda = present(CUDA_BACKEND);
    private final String version = nd4jVersion();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> c =
                EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS, Capability.TRAINING, Capability.MODEL_COMPILER);
        if (cuda) {
            c.add(Capability.GPU);
        }
        return Collections.unmodifiableSet(c);
    }

    @Override
    public String description() {
        return "ND4J/SameDiff " + version + " (" + (cuda ? "CUDA" : "CPU") + " natives, class path)";
    }

    @Override
    public Backend create(BackendConfig config) {
        Device device = config.device();
        if (device.kind() == Device.Kind.GPU && !cuda) {
            throw UnsupportedCapabilityException.noGpu(
                    ID,
                    device,
                    "only ND4J's CPU natives are on the class path (add repflow-natives-nd4j-gpu, or build with -Pgpu,"
                            + " for nd4j-cuda-11.6)");
        }
        return Nd4jBackend.open(config, capabilities(), version);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Nd4jBackendProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The nd4j-api version on the class path, from its Maven metadata. */
    private static String nd4jVersion() {
        try (InputStream in = Nd4jBackendProvider.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            throw new BackendLoadException(ID, "cannot read nd4j-api's Maven metadata", e);
        }
    }
}
