package dev.consentkit.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The banner texts that ship with ConsentKit: the 24 official EU languages plus Norwegian
 * ({@code no}) and Icelandic ({@code is}). Every locale has every {@linkplain #keys() key}.
 */
public final class BundledTexts {

    /** The bundled locale tags. */
    public static final List<String> LOCALES = List.of(
            "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
            "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "no", "is");

    private static final Map<String, Map<String, String>> TEXTS = loadAll();

    private BundledTexts() {
    }

    /** {@return the bundled locale tags, as a set} */
    public static Set<String> locales() {
        return TEXTS.keySet();
    }

    /** {@return the text keys, in the order of the English file} */
    public static List<String> keys() {
        return List.copyOf(TEXTS.get("en").keySet());
    }

    /**
     * The texts of a bundled locale.
     *
     * @param locale a tag from {@link #LOCALES}
     * @return text key to text; empty when the locale is not bundled
     */
    public static Map<String, String> of(String locale) {
        return TEXTS.getOrDefault(locale, Map.of());
    }

    private static Map<String, Map<String, String>> loadAll() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String locale : LOCALES) {
            String resource = "texts/" + locale + ".json";
            try (InputStream in = BundledTexts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    continue; // a locale that is not bundled in this build
                }
                Map<String, String> texts = mapper.readValue(in, new TypeReference<LinkedHashMap<String, String>>() { });
                all.put(locale, java.util.Collections.unmodifiableMap(texts));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled texts " + resource, e);
            }
        }
        if (!all.containsKey("en")) {
            throw new IllegalStateException("bundled English texts are missing from the class path");
        }
        return java.util.Collections.unmodifiableMap(all);
    }
}
