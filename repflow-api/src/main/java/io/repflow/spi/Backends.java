package io.repflow.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The installed backends and the rule that picks one: an explicit id, else the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENVIRONMENT}, else the highest
 * priority. Errors list what was found.
 */
public final class Backends {

    public static final String PROPERTY = "repflow.backend";
    public static final String ENVIRONMENT = "REPFLOW_BACKEND";

    private final Map<String, BackendProvider> byId;

    private Backends(Collection<BackendProvider> providers) {
        Map<String, List<BackendProvider>> grouped = new LinkedHashMap<>();
        for (BackendProvider p : providers) {
            grouped.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        }
        List<String> duplicates = new ArrayList<>();
        grouped.forEach((id, list) -> {
            if (list.size() > 1) {
                duplicates.add("'" + id + "' from "
                        + list.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(" and ")));
            }
        });
        if (!duplicates.isEmpty()) {
            throw new BackendSelectionException("two backend providers share an id: " + String.join("; ", duplicates)
                    + ". Remove one of the jars from the class path or module path.");
        }
        Map<String, BackendProvider> sorted = new LinkedHashMap<>();
        providers.stream()
                .sorted(Comparator.comparingInt(BackendProvider::priority)
                        .reversed()
                        .thenComparing(BackendProvider::id))
                .forEach(p -> sorted.put(p.id(), p));
        this.byId = sorted;
    }

    /**
     * The providers {@link ServiceLoader} finds on the module path and the class path, through the
     * thread's context class loader (the application's, unless a host set another).
     */
    public static Backends load() {
        return from(ServiceLoader.load(BackendProvider.class));
    }

    /**
     * The providers visible to {@code loader}: named modules that provide the service, and
     * {@code META-INF/services} entries of its class path (a plugin host's own loader, a web
     * application's, an OSGi bundle's).
     */
    public static Backends load(ClassLoader loader) {
        return from(ServiceLoader.load(BackendProvider.class, Objects.requireNonNull(loader, "loader")));
    }

    /**
     * The providers of the modules in {@code layer} and its parent layers (a plugin host that
     * resolves backend jars into a layer of its own at run time).
     */
    public static Backends load(ModuleLayer layer) {
        return from(ServiceLoader.load(Objects.requireNonNull(layer, "layer"), BackendProvider.class));
    }

    private static Backends from(ServiceLoader<BackendProvider> loader) {
        List<BackendProvider> found = new ArrayList<>();
        try {
            for (BackendProvider p : loader) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new BackendSelectionException("a backend provider could not be instantiated: " + e.getMessage());
        }
        return new Backends(found);
    }

    /** A registry over the given providers (for tests and embedding). */
    public static Backends of(Collection<? extends BackendProvider> providers) {
        return new Backends(List.copyOf(providers));
    }

    /** Providers, highest priority first. */
    public List<BackendProvider> providers() {
        return List.copyOf(byId.values());
    }

    public Optional<BackendProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The provider chosen from the real system properties and environment. */
    public BackendProvider select(String explicitId) {
        return select(explicitId, System::getProperty, System::getenv);
    }

    /**
     * The provider chosen by the rule, with system properties and environment read through the
     * given functions.
     */
    public BackendProvider select(
            String explicitId, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String id = blankToNull(explicitId);
        String source = "the explicit id";
        if (id == null) {
            id = blankToNull(properties.apply(PROPERTY));
            source = "system property " + PROPERTY;
        }
        if (id == null) {
            id = blankToNull(environment.apply(ENVIRONMENT));
            source = "environment variable " + ENVIRONMENT;
        }
        if (byId.isEmpty()) {
            throw new BackendSelectionException(
                    "no repflow backend is installed: no " + BackendProvider.class.getName()
                            + " was found on the class path or module path. Add one of repflow-backend-djl, repflow-backend-tf, repflow-backend-nd4j.");
        }
        if (id == null) {
            return byId.values().iterator().next();
        }
        BackendProvider p = byId.get(id);
        if (p == null) {
            throw new BackendSelectionException(
                    "unknown backend '" + id + "' (from " + source + "); installed: " + listing());
        }
        return p;
    }

    /**
     * Opens the provider the selection rule picks without an explicit id (system property, environment,
     * highest priority), behind the API's input validation. ({@code open(null, config)} does not compile:
     * {@code null} fits both {@code open} overloads.)
     */
    public Backend open(BackendConfig config) {
        return open((String) null, config);
    }

    /** Selects a provider and opens it behind the API's input validation. */
    public Backend open(String explicitId, BackendConfig config) {
        return ValidatingBackend.wrap(select(explicitId).create(config));
    }

    /** Opens {@code provider} behind the API's input validation. */
    public static Backend open(BackendProvider provider, BackendConfig config) {
        return ValidatingBackend.wrap(provider.create(config));
    }

    /** The engine object behind a validated backend, for repflow modules that compile against it. */
    public static Backend unwrap(Backend backend) {
        return backend instanceof ValidatingBackend v ? v.unwrap() : backend;
    }

    /** {@code id (priority N, capabilities): description} per provider, comma separated. */
    public String listing() {
        if (byId.isEmpty()) {
            return "none";
        }
        return byId.values().stream()
                .map(p -> p.id() + " (priority " + p.priority() + ", " + p.capabilities() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
