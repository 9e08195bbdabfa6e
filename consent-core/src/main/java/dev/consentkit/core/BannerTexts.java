package dev.consentkit.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exact texts a banner shows for one page type and locale: the bundled texts with the
 * organizer's overrides laid over them, and category labels and descriptions under
 * {@code category.<id>.label} and {@code category.<id>.description}.
 *
 * @param locale the locale tag the texts are in
 * @param direction {@code "ltr"} or {@code "rtl"}
 * @param values text key to text
 * @param hash SHA-256 (hex) of the texts in a canonical form: what the ledger records as proof of
 *     what the visitor was shown
 */
public record BannerTexts(String locale, String direction, Map<String, String> values, String hash) {

    private static final Set<String> RTL_LANGUAGES = Set.of("ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug");

    /**
     * Validates and copies the components; the values are copied into an unmodifiable map
     * sorted by key.
     *
     * @param locale the locale tag the texts are in; not null
     * @param direction {@code "ltr"} or {@code "rtl"}; not null
     * @param values text key to text; copied
     * @param hash SHA-256 (hex) of the texts in canonical form; not null
     */
    public BannerTexts {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(direction, "direction");
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * Builds texts for {@code locale}, deriving the direction and the hash.
     *
     * @param locale the locale tag the texts are in
     * @param values text key to text; copied
     * @return the texts, with {@link #directionOf(String) the direction} and the hash the
     *     ledger records
     */
    public static BannerTexts of(String locale, Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>(values);
        return new BannerTexts(locale, directionOf(locale), sorted, hashOf(locale, sorted));
    }

    /**
     * The text under {@code key}, or {@code ""}.
     *
     * @param key a text key such as {@code title} or {@code category.analytics.label}
     * @return the text, or {@code ""} when there is none
     */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /**
     * {@code "rtl"} for right-to-left languages such as Arabic and Hebrew, else {@code "ltr"}.
     *
     * @param locale a locale tag such as {@code ar} or {@code pt-BR}; only its language is
     *     looked at
     * @return {@code "rtl"} or {@code "ltr"}
     */
    public static String directionOf(String locale) {
        int dash = locale.indexOf('-');
        String language = dash < 0 ? locale : locale.substring(0, dash);
        return RTL_LANGUAGES.contains(language) ? "rtl" : "ltr";
    }

    private static String hashOf(String locale, TreeMap<String, String> sorted) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, locale);
            for (var e : sorted.entrySet()) {
                update(digest, e.getKey());
                update(digest, e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void update(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so that no two different text sets hash alike
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }
}
