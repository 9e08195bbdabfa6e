package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;

import java.util.Objects;
import java.util.Set;

/**
 * Hands out each tenant's compiled {@link Policy}. A platform serves many organizers (tenants),
 * each the controller of its attendees' data, each with its own configuration over a platform
 * default. A single-site application is simply one tenant, {@value Policy#DEFAULT_TENANT}.
 *
 * <p>Implementations are thread-safe, and {@link #policy} of a tenant already loaded does no I/O.
 */
public interface PolicyRepository extends AutoCloseable {

    /**
     * The policy of a tenant. A tenant the repository does not know gets the platform default's
     * policy (whose {@link Policy#tenant()} is {@value Policy#DEFAULT_TENANT}).
     *
     * @param tenant a tenant identifier; null means the platform default
     * @return the policy, never null
     * @throws ConfigurationException when the tenant's configuration has never loaded
     *     successfully (a later broken change keeps the last good policy instead)
     */
    Policy policy(String tenant);

    /**
     * Whether {@code tenant} has a configuration of its own.
     *
     * @param tenant a tenant identifier
     * @return true when the tenant has a document of its own (else it gets the platform
     *     default)
     */
    boolean hasTenant(String tenant);

    /**
     * {@return every tenant with a configuration of its own, and
     * {@value Policy#DEFAULT_TENANT}}
     */
    Set<String> tenants();

    /**
     * Reloads a tenant's configuration now (a settings screen saved it). A broken configuration
     * keeps the last good policy.
     *
     * @param tenant the tenant, or {@value Policy#DEFAULT_TENANT} to reload every tenant
     * @throws ConfigurationException when the new configuration is broken (the last good
     *     policy stays in force)
     */
    void reload(String tenant);

    @Override
    default void close() {
    }

    /**
     * A repository of one fixed policy, for a single-site application configured in code.
     *
     * @param policy the policy every tenant gets
     * @return a repository that never reloads
     */
    static PolicyRepository of(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        return new PolicyRepository() {
            @Override
            public Policy policy(String tenant) {
                return policy;
            }

            @Override
            public boolean hasTenant(String tenant) {
                return policy.tenant().equals(tenant);
            }

            @Override
            public Set<String> tenants() {
                return Set.of(policy.tenant());
            }

            @Override
            public void reload(String tenant) {
            }

            @Override
            public String toString() {
                return "PolicyRepository.of(" + policy + ")";
            }
        };
    }

    /** Hears about configurations loaded and rejected. Methods must not throw. */
    interface Listener {
        /**
         * A tenant's configuration was (re)loaded and is now in force.
         *
         * @param tenant the tenant, or {@value Policy#DEFAULT_TENANT}
         * @param policy the policy now in force
         */
        default void loaded(String tenant, Policy policy) {
        }

        /**
         * A tenant's configuration could not be loaded; the last good policy, if any,
         * stays.
         *
         * @param tenant the tenant, or {@value Policy#DEFAULT_TENANT}
         * @param problem why; usually a
         *     {@link dev.consentkit.core.config.ConfigurationException}
         */
        default void rejected(String tenant, Exception problem) {
        }
    }
}
