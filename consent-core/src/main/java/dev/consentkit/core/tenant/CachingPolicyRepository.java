package dev.consentkit.core.tenant;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.PolicyLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link PolicyRepository} over a {@link ConfigurationStore}: compiles each tenant's document
 * laid over the platform default, keeps compiled policies in a bounded Caffeine cache, and
 * recompiles a tenant when the store reports a change. A change that does not load keeps the
 * last good policy and is reported to the {@link Listener}. Thread-safe: request threads read
 * policies while the store's watcher recompiles them; a recompiled policy replaces the old one
 * atomically.
 *
 * <pre>{@code
 * PolicyRepository policies = CachingPolicyRepository.builder(new DirectoryConfigurationStore(dir)).build();
 * Policy acme = policies.policy("acme");
 * }</pre>
 */
public final class CachingPolicyRepository implements PolicyRepository {

    private static final Logger LOG = Logger.getLogger(CachingPolicyRepository.class.getName());

    /** A compiled policy, or why a tenant has none yet. */
    private record Entry(Policy policy, ConfigurationException problem) {
    }

    private final ConfigurationStore store;
    private final PolicyLoader loader;
    private final Listener listener;
    private final LoadingCache<String, Entry> cache;

    private CachingPolicyRepository(Builder b) {
        this.store = b.store;
        this.loader = b.loader;
        this.listener = b.listener;
        this.cache = Caffeine.newBuilder().maximumSize(b.maximumSize).build(this::load);
        if (b.watch) {
            store.watch(this::changed);
        }
        // fail fast on a broken platform default: nothing can be served without it
        Entry platform = cache.get(Policy.DEFAULT_TENANT);
        if (platform.problem != null) {
            throw platform.problem;
        }
    }

    /**
     * Starts building a repository over {@code store}.
     *
     * @param store where the tenants' documents are read from
     * @return a builder
     */
    public static Builder builder(ConfigurationStore store) {
        return new Builder(store);
    }

    @Override
    public Policy policy(String tenant) {
        String id = tenant == null ? Policy.DEFAULT_TENANT : tenant;
        Entry entry = cache.get(id);
        if (entry.policy == null && entry.problem == null) {
            entry = cache.get(Policy.DEFAULT_TENANT); // a tenant without a document of its own
        }
        if (entry.policy == null) {
            throw entry.problem;
        }
        return entry.policy;
    }

    @Override
    public boolean hasTenant(String tenant) {
        if (tenant == null || Policy.DEFAULT_TENANT.equals(tenant)) {
            return true;
        }
        Entry entry = cache.get(tenant);
        return entry.policy != null || entry.problem != null;
    }

    @Override
    public Set<String> tenants() {
        try {
            Set<String> ids = new TreeSet<>(store.tenants());
            ids.add(Policy.DEFAULT_TENANT);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void reload(String tenant) {
        ConfigurationException failure = refresh(tenant == null ? Policy.DEFAULT_TENANT : tenant);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Why the tenant's latest configuration was rejected, if it was.
     *
     * @param tenant a tenant identifier; null means the platform default
     * @return the problem that kept the tenant's latest document from loading, or empty when it
     *     loaded (or was never read)
     */
    public Optional<ConfigurationException> lastProblem(String tenant) {
        Entry entry = cache.getIfPresent(tenant == null ? Policy.DEFAULT_TENANT : tenant);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.problem);
    }

    private void changed(String tenant) {
        refresh(tenant);
    }

    /** Recompiles; keeps the last good policy on failure. Returns the failure, if any. */
    private ConfigurationException refresh(String tenant) {
        if (Policy.DEFAULT_TENANT.equals(tenant)) {
            // every tenant is laid over the default: recompile all that are cached
            ConfigurationException first = null;
            for (String id : new ArrayList<>(cache.asMap().keySet())) {
                ConfigurationException e = refreshOne(id);
                first = first == null ? e : first;
            }
            if (!cache.asMap().containsKey(Policy.DEFAULT_TENANT)) {
                ConfigurationException e = refreshOne(Policy.DEFAULT_TENANT);
                first = first == null ? e : first;
            }
            return first;
        }
        return refreshOne(tenant);
    }

    private ConfigurationException refreshOne(String tenant) {
        ConfigurationException[] failure = new ConfigurationException[1];
        cache.asMap().compute(tenant, (id, old) -> {
            Entry fresh = load(id);
            if (fresh.problem != null && old != null && old.policy != null) {
                failure[0] = fresh.problem;
                return new Entry(old.policy, fresh.problem); // keep the last good policy
            }
            failure[0] = fresh.problem;
            return fresh;
        });
        return failure[0];
    }

    private Entry load(String tenant) {
        try {
            Optional<List<ConfigurationSource>> found = store.layers(tenant);
            if (found.isEmpty()) {
                return new Entry(null, null); // unknown tenant: served by the platform default
            }
            List<ConfigurationSource> layers = found.get();
            if (layers.isEmpty()) {
                throw new ConfigurationException(List.of(new ConfigurationProblem(Policy.DEFAULT_TENANT + ".json", "$", 0, 0,
                        "there is no platform default configuration in " + store)));
            }
            Policy policy = loader.load(tenant, layers);
            notifyLoaded(tenant, policy);
            return new Entry(policy, null);
        } catch (ConfigurationException e) {
            notifyRejected(tenant, e);
            return new Entry(null, e);
        } catch (IOException | UncheckedIOException e) {
            ConfigurationException wrapped = new ConfigurationException(List.of(new ConfigurationProblem(
                    tenant + ".json", "$", 0, 0, "cannot read: " + e.getMessage())));
            notifyRejected(tenant, wrapped);
            return new Entry(null, wrapped);
        } catch (RuntimeException e) {
            // a document the loader's checks missed: still a rejection, so the last good policy stays and the reason is reported
            LOG.log(Level.WARNING, "loading the configuration of tenant \"" + tenant + "\" failed", e);
            ConfigurationException wrapped = new ConfigurationException(List.of(new ConfigurationProblem(
                    tenant + ".json", "$", 0, 0, "cannot be compiled: " + e.getMessage())));
            notifyRejected(tenant, wrapped);
            return new Entry(null, wrapped);
        }
    }

    private void notifyLoaded(String tenant, Policy policy) {
        try {
            listener.loaded(tenant, policy);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "policy listener failed", e);
        }
    }

    private void notifyRejected(String tenant, Exception problem) {
        LOG.warning("configuration of tenant \"" + tenant + "\" rejected: " + problem.getMessage());
        try {
            listener.rejected(tenant, problem);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "policy listener failed", e);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + store, e);
        }
    }

    @Override
    public String toString() {
        return "CachingPolicyRepository[" + store + "]";
    }

    /** Configures a {@link CachingPolicyRepository}. */
    public static final class Builder {
        private final ConfigurationStore store;
        private PolicyLoader loader = PolicyLoader.create();
        private Listener listener = new Listener() { };
        private long maximumSize = 10_000;
        private boolean watch = true;

        private Builder(ConfigurationStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The loader that compiles documents (its listener, clock and environment).
         *
         * @param loader the loader
         * @return this builder
         */
        public Builder loader(PolicyLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Who hears about loaded and rejected configurations.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How many compiled policies to keep (default 10,000); least used ones are
         * recompiled on demand.
         *
         * @param size the most cached policies, positive
         * @return this builder
         * @throws IllegalArgumentException when {@code size} is not positive
         */
        public Builder maximumSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException("maximum size must be positive: " + size);
            }
            this.maximumSize = size;
            return this;
        }

        /**
         * Whether to watch the store for changes (default true).
         *
         * @param watch false to apply changes only through {@link PolicyRepository#reload}
         * @return this builder
         */
        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * Creates the repository and loads the platform default.
         *
         * @return the repository; thread-safe; close it to stop watching the store
         * @throws ConfigurationException when the platform default does not load
         */
        public CachingPolicyRepository build() {
            return new CachingPolicyRepository(this);
        }
    }
}
