package dev.consentkit.core;

import java.util.Map;
import java.util.Objects;

/**
 * A text in several locales, such as a category's label.
 *
 * @param values text per locale tag ({@code "en"}, {@code "pt"}); never null, may be empty
 */
public record LocalizedText(Map<String, String> values) {

    private static final LocalizedText EMPTY = new LocalizedText(Map.of());

    /**
     * Creates a text; the map is copied.
     *
     * @param values text per locale tag; not null, copied
     */
    public LocalizedText {
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    /** {@return a text with no value in any locale} */
    public static LocalizedText empty() {
        return EMPTY;
    }

    /**
     * A text with one value in one locale.
     *
     * @param locale the locale tag
     * @param value the text in that locale
     * @return the text
     */
    public static LocalizedText of(String locale, String value) {
        return new LocalizedText(Map.of(locale, value));
    }

    /**
     * The text in {@code locale}, else in {@code fallbackLocale}, else any value, else {@code ""}.
     *
     * @param locale the wanted locale tag
     * @param fallbackLocale the locale to fall back to, usually the configuration's default
     * @return the best text, never null
     */
    public String in(String locale, String fallbackLocale) {
        String value = values.get(locale);
        if (value == null) {
            value = values.get(fallbackLocale);
        }
        if (value == null) {
            value = values.isEmpty() ? "" : values.values().iterator().next();
        }
        return value;
    }

    /**
     * Whether there is a value for {@code locale}.
     *
     * @param locale a locale tag
     * @return true when this text has a value for exactly that tag
     */
    public boolean has(String locale) {
        return values.containsKey(locale);
    }

    /**
     * This text with the values of {@code overrides} laid over it, locale by locale.
     *
     * @param overrides the values that win
     * @return the merged text; this one when {@code overrides} is empty
     */
    public LocalizedText with(LocalizedText overrides) {
        if (overrides.values.isEmpty()) {
            return this;
        }
        var merged = new java.util.HashMap<>(values);
        merged.putAll(overrides.values);
        return new LocalizedText(merged);
    }
}
