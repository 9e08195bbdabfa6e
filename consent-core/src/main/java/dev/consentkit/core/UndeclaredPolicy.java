package dev.consentkit.core;

import java.util.Optional;

/** What happens to a cookie, storage key, script or iframe that no declaration covers. */
public enum UndeclaredPolicy {
    /** Undeclared names are refused (the default): nothing unknown is written. */
    BLOCK("block"),
    /** Undeclared names are let through (still reported). */
    ALLOW("allow");

    private final String id;

    UndeclaredPolicy(String id) {
        this.id = id;
    }

    /** {@return the identifier used in configuration, {@code "block"} or {@code "allow"}} */
    public String id() {
        return id;
    }

    /**
     * Looks a policy up by its {@linkplain #id() identifier}.
     *
     * @param id {@code "block"} or {@code "allow"}; may be null
     * @return the policy, or empty when {@code id} names none
     */
    public static Optional<UndeclaredPolicy> fromId(String id) {
        for (UndeclaredPolicy p : values()) {
            if (p.id.equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
