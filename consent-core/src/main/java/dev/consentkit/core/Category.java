package dev.consentkit.core;

import java.util.List;
import java.util.Objects;

/**
 * A purpose the visitor can agree to or refuse, such as {@code analytics}. The category
 * {@value #NECESSARY} is always granted and cannot be refused.
 *
 * @param id the identifier, lower case ({@code "marketing"})
 * @param index the position in the policy's category list; stable for one compiled policy
 * @param label the name shown on the switch, per locale
 * @param description what the category is for, per locale
 * @param declarations what it covers
 * @param consentModeSignals Google Consent Mode v2 parameters this category grants, such as
 *     {@code analytics_storage}
 * @param refusedByGpc whether a Global Privacy Control signal refuses it in an opt-out regime
 *     (a "sale or sharing" category)
 */
public record Category(String id, int index, LocalizedText label, LocalizedText description,
                       List<Declaration> declarations, List<String> consentModeSignals,
                       boolean refusedByGpc) {

    /** The identifier of the category that is always granted. */
    public static final String NECESSARY = "necessary";

    /**
     * Validates and copies the components.
     *
     * @param id the identifier; not null
     * @param index the position in the policy's category list, 0 to 62
     * @param label the switch label per locale; null means none (the bundled label is used)
     * @param description the description per locale; null means none
     * @param declarations what the category covers; copied
     * @param consentModeSignals the Google Consent Mode v2 parameters it grants; copied
     * @param refusedByGpc whether Global Privacy Control refuses it in an opt-out regime
     * @throws IllegalArgumentException when {@code index} is out of range
     */
    public Category {
        Objects.requireNonNull(id, "id");
        label = label == null ? LocalizedText.empty() : label;
        description = description == null ? LocalizedText.empty() : description;
        declarations = List.copyOf(declarations);
        consentModeSignals = List.copyOf(consentModeSignals);
        if (index < 0 || index >= 63) {
            throw new IllegalArgumentException("category index " + index + " is out of range [0, 62]");
        }
    }

    /** {@return whether this is {@value #NECESSARY}: always granted, never refusable} */
    public boolean required() {
        return NECESSARY.equals(id);
    }
}
