package dev.consentkit.core.tenant;

import dev.consentkit.core.config.ConfigurationSource;

import dev.consentkit.core.Policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where tenants' configuration documents live: a directory of JSON files
 * ({@link DirectoryConfigurationStore}), a database table, a settings service. A
 * {@link PolicyRepository} reads it and compiles what it reads.
 */
public interface ConfigurationStore extends AutoCloseable {

    /**
     * The platform default every tenant's document is laid over; empty when there is none.
     *
     * @return the platform default's document, or empty
     * @throws IOException when the document cannot be read
     */
    Optional<ConfigurationSource> platformDefault() throws IOException;

    /**
     * A tenant's own document.
     *
     * @param tenant a tenant identifier other than {@value dev.consentkit.core.Policy#DEFAULT_TENANT}
     * @return the document, or empty when the store knows no such tenant
     * @throws IOException when the document cannot be read
     */
    Optional<ConfigurationSource> tenant(String tenant) throws IOException;

    /**
     * The documents of a tenant's configuration, in the order a {@link PolicyRepository} lays
     * them over each other as JSON Merge Patches. By default the platform default, then the
     * tenant's own document; a store may add layers (the settings screen's edits, for one).
     *
     * @param tenant a tenant identifier, or {@value dev.consentkit.core.Policy#DEFAULT_TENANT}
     * @return the layers, the platform default first (empty for the platform default when the
     *     store has none); empty when the store knows no such tenant
     * @throws IOException when a document cannot be read
     */
    default Optional<List<ConfigurationSource>> layers(String tenant) throws IOException {
        List<ConfigurationSource> layers = new ArrayList<>();
        platformDefault().ifPresent(layers::add);
        if (!Policy.DEFAULT_TENANT.equals(tenant)) {
            Optional<ConfigurationSource> own = tenant(tenant);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            layers.add(own.get());
        }
        return Optional.of(layers);
    }

    /**
     * The identifiers of the tenants that have a document, without the platform default.
     *
     * @return the tenant identifiers
     * @throws IOException when the store cannot be listed
     */
    Set<String> tenants() throws IOException;

    /**
     * Starts telling {@code onChange} about changed documents: it receives the tenant id, or
     * {@value dev.consentkit.core.Policy#DEFAULT_TENANT} when the platform default changed. A
     * store that cannot notice changes may do nothing.
     *
     * @param onChange called, on a thread of the store's, with the id of each changed tenant
     */
    void watch(Consumer<String> onChange);

    /** Stops watching and releases resources. */
    @Override
    void close() throws IOException;
}
