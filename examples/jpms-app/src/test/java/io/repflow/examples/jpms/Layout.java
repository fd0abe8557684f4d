package io.repflow.examples.jpms;

import java.util.List;

/**
 * Where each jar goes when the application runs on one engine, as measured by {@link
 * ModulePathLaunchTest} (the root README's "Use it as a library" repeats it). Entries are matched as
 * parts of the test JVM's class-path entries (Maven repository paths or reactor target directories).
 */
enum Layout {
    /**
     * DJL on the module path. pytorch-native-cpu's Automatic-Module-Name is not a legal module name, and
     * commons-compress is a named module requiring commons-lang3, which DJL does not bring: class path.
     */
    DJL(
            "djl",
            "io.repflow.backend.djl",
            List.of(
                    "repflow-models",
                    "repflow-backend-djl",
                    "/ai/djl/api/",
                    "/ai/djl/pytorch/pytorch-engine/",
                    "/com/google/code/gson/",
                    "/net/java/dev/jna/",
                    "/com/fasterxml/jackson/core/"),
            List.of(
                    "/ai/djl/pytorch/pytorch-native-cpu/",
                    "/ai/djl/pytorch/pytorch-jni/",
                    "/org/apache/commons/commons-compress/",
                    "/commons-codec/",
                    "/commons-io/"),
            List.of()),
    /** TensorFlow Java is modular (tensorflow, tensorflow.nativelib, org.tensorflow.ndarray, JavaCPP): all on the module path. */
    TF(
            "tf",
            "io.repflow.backend.tf",
            List.of(
                    "repflow-models",
                    "repflow-backend-tf",
                    "/org/tensorflow/",
                    "/org/bytedeco/javacpp/",
                    "/com/google/protobuf/",
                    "/com/fasterxml/jackson/core/"),
            List.of(),
            List.of()),
    /**
     * ND4J's jars have unreadable descriptors and split packages: the backend and everything it needs stay
     * on the class path, where the application module's ServiceLoader still finds the provider. JavaCPP's
     * indexers need {@code sun.misc.Unsafe}: with {@code -m} the boot layer resolves {@code jdk.unsupported}
     * only when a module requires it, and none on the module path does, so the launch adds it.
     */
    ND4J("nd4j", "unnamed (class path)", List.of(), null, List.of("--add-modules", "jdk.unsupported"));

    /** Only in the test JVM: never part of a launch. */
    private static final List<String> TEST_ONLY = List.of(
            "test-classes",
            "/org/junit/",
            "/org/opentest4j/",
            "/org/apiguardian/",
            "repflow-reference",
            "repflow-tck",
            "surefire");

    /** The other engines, kept off the class path of the ND4J launch. */
    private static final List<String> OTHER_ENGINES = List.of(
            "repflow-backend-djl", "repflow-backend-tf", "/ai/djl/", "/org/tensorflow/", "/com/google/code/gson/");

    enum Place {
        MODULE_PATH,
        CLASS_PATH,
        NEITHER
    }

    final String backend;
    final String providerModule;
    private final List<String> modules;
    /** null: every runtime jar not placed elsewhere. */
    private final List<String> classPath;
    /** Options the launch needs beyond the two paths. */
    final List<String> jvmOptions;

    Layout(
            String backend,
            String providerModule,
            List<String> modules,
            List<String> classPath,
            List<String> jvmOptions) {
        this.backend = backend;
        this.providerModule = providerModule;
        this.modules = modules;
        this.classPath = classPath;
        this.jvmOptions = jvmOptions;
    }

    Place place(String entry) {
        String e = entry.replace('\\', '/');
        // the application, the API it requires, and SLF4J, which the API requires
        if (e.endsWith("jpms-app/target/classes") || e.contains("repflow-api") || e.contains("/org/slf4j/")) {
            return Place.MODULE_PATH;
        }
        if (TEST_ONLY.stream().anyMatch(e::contains)) {
            return Place.NEITHER;
        }
        if (modules.stream().anyMatch(e::contains)) {
            return Place.MODULE_PATH;
        }
        if (classPath == null) {
            return OTHER_ENGINES.stream().anyMatch(e::contains) ? Place.NEITHER : Place.CLASS_PATH;
        }
        return classPath.stream().anyMatch(e::contains) ? Place.CLASS_PATH : Place.NEITHER;
    }
}
