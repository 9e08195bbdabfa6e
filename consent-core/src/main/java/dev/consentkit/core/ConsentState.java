package dev.consentkit.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A visitor's decision, as carried by the signed consent cookie. Immutable.
 *
 * @param consentId a random identifier of this visitor's consent, the key to its ledger records
 * @param choices the decision per category identifier; {@value Category#NECESSARY} is always true
 * @param revision the policy revision the decision was made under
 * @param decidedAt when the visitor decided (second precision)
 * @param expiresAt when the decision lapses and the visitor is asked again
 */
public record ConsentState(UUID consentId, Map<String, Boolean> choices, long revision,
                           Instant decidedAt, Instant expiresAt) {

    /**
     * Validates and copies the components; {@value Category#NECESSARY} is always recorded as
     * granted.
     *
     * @param consentId the visitor's consent id; not null
     * @param choices the decision per category identifier; copied, a
     *     {@value Category#NECESSARY} entry is forced to true
     * @param revision the policy revision, not negative
     * @param decidedAt when the visitor decided; not null
     * @param expiresAt when the decision lapses; not null, not before {@code decidedAt}
     * @throws IllegalArgumentException when the revision is negative or the decision expires
     *     before it was made
     */
    public ConsentState {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative: " + revision);
        }
        if (expiresAt.isBefore(decidedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is before decidedAt " + decidedAt);
        }
        var copy = new java.util.LinkedHashMap<String, Boolean>();
        copy.put(Category.NECESSARY, Boolean.TRUE);
        for (var e : choices.entrySet()) {
            if (!Category.NECESSARY.equals(e.getKey())) {
                copy.put(Objects.requireNonNull(e.getKey(), "category id"),
                        Objects.requireNonNull(e.getValue(), "choice"));
            }
        }
        choices = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Whether the visitor granted {@code categoryId}; {@value Category#NECESSARY} always is.
     *
     * @param categoryId a category identifier
     * @return true when the visitor granted it
     */
    public boolean grants(String categoryId) {
        return Boolean.TRUE.equals(choices.get(categoryId));
    }

    /**
     * Whether the visitor explicitly refused {@code categoryId}.
     *
     * @param categoryId a category identifier
     * @return true when the decision refuses it; false when it grants it or does not mention it
     */
    public boolean refuses(String categoryId) {
        return Boolean.FALSE.equals(choices.get(categoryId));
    }

    /**
     * Whether the decision has lapsed at {@code now}.
     *
     * @param now the instant to check at
     * @return true when {@code now} is at or after {@link #expiresAt()}
     */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
