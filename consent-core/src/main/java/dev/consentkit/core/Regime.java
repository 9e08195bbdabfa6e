package dev.consentkit.core;

import java.util.Optional;

/**
 * The legal regime that applies to a visitor, chosen from the visitor's region.
 *
 * <p>Constants are declared from the strictest to the most lenient, so {@link #compareTo}
 * orders by strictness.
 */
public enum Regime {
    /** Nothing non-necessary until the visitor agrees (EEA, UK, Switzerland, unknown regions). */
    OPT_IN("opt-in"),
    /**
     * Non-necessary categories are on until the visitor refuses them; Global Privacy Control
     * refuses the sale/sharing categories (US state laws).
     */
    OPT_OUT("opt-out"),
    /** Information only: the banner informs, nothing is blocked. */
    NOTICE("notice");

    private final String id;

    Regime(String id) {
        this.id = id;
    }

    /** {@return the identifier used in configuration and JSON output, such as {@code "opt-in"}} */
    public String id() {
        return id;
    }

    /**
     * Whether this regime is stricter than {@code other}.
     *
     * @param other another regime
     * @return true when this regime asks more of a visitor before anything is written
     *     ({@code opt-in} over {@code opt-out} over {@code notice})
     */
    public boolean isStricterThan(Regime other) {
        return compareTo(other) < 0;
    }

    /**
     * Looks a regime up by its {@linkplain #id() identifier}.
     *
     * @param id an identifier such as {@code "opt-out"}; may be null
     * @return the regime, or empty when {@code id} names none
     */
    public static Optional<Regime> fromId(String id) {
        for (Regime regime : values()) {
            if (regime.id.equals(id)) {
                return Optional.of(regime);
            }
        }
        return Optional.empty();
    }
}
