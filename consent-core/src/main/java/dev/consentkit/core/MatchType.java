package dev.consentkit.core;

import java.util.Optional;

/** How a {@link Declaration}'s name is compared with an observed cookie name, key or URL. */
public enum MatchType {
    /** The observed name equals the declared name. */
    EXACT("exact"),
    /** The observed name starts with the declared name (declared as {@code _ga_}). */
    PREFIX("prefix"),
    /** The whole observed name matches the declared regular expression. */
    REGEX("regex");

    private final String id;

    MatchType(String id) {
        this.id = id;
    }

    /** {@return the identifier used in configuration and JSON output, such as {@code "prefix"}} */
    public String id() {
        return id;
    }

    /**
     * Looks a match type up by its {@linkplain #id() identifier}.
     *
     * @param id an identifier such as {@code "exact"}; may be null
     * @return the match type, or empty when {@code id} names none
     */
    public static Optional<MatchType> fromId(String id) {
        for (MatchType type : values()) {
            if (type.id.equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
