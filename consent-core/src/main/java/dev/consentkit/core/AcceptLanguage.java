package dev.consentkit.core;

import java.util.Collection;
import java.util.Locale;

/**
 * Picks the locale to show from an HTTP {@code Accept-Language} header: entries by descending
 * quality ({@code q}), each tried as a full tag ({@code pt-br}) then as its language
 * ({@code pl-PL} falls back to {@code pl}), else the default locale.
 */
public final class AcceptLanguage {

    /** Headers longer than this are cut; nobody prefers their 100th language. */
    private static final int MAX_HEADER_LENGTH = 512;

    private AcceptLanguage() {
    }

    /**
     * Negotiates a locale.
     *
     * @param header the {@code Accept-Language} value; null or malformed yields the default
     * @param available the locale tags that have texts, lower case
     * @param defaultLocale the answer when nothing else fits
     * @return one of {@code available}, or {@code defaultLocale}
     */
    public static String negotiate(String header, Collection<String> available, String defaultLocale) {
        if (header == null || header.isBlank()) {
            return defaultLocale;
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            header = header.substring(0, MAX_HEADER_LENGTH);
        }
        String best = null;
        double bestQ = 0;
        int order = 0;
        for (String part : header.split(",")) {
            order++;
            String[] pieces = part.split(";", -1);
            String tag = pieces[0].trim().toLowerCase(Locale.ROOT).replace('_', '-');
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim();
                if (param.startsWith("q=") || param.startsWith("Q=")) {
                    q = parseQuality(param.substring(2));
                }
            }
            if (q <= bestQ || tag.isEmpty()) {
                continue; // strictly greater q wins, so earlier entries win ties
            }
            String match = "*".equals(tag) ? defaultLocale : match(tag, available);
            if (match != null) {
                best = match;
                bestQ = q;
            }
        }
        return best == null ? defaultLocale : best;
    }

    private static String match(String tag, Collection<String> available) {
        if (available.contains(tag)) {
            return tag;
        }
        int dash = tag.indexOf('-');
        String language = dash < 0 ? tag : tag.substring(0, dash);
        if (available.contains(language)) {
            return language;
        }
        // Norwegian: Bokmål and Nynorsk browsers ask for nb / nn, the texts are under "no"
        if (("nb".equals(language) || "nn".equals(language)) && available.contains("no")) {
            return "no";
        }
        return null;
    }

    private static double parseQuality(String value) {
        try {
            double q = Double.parseDouble(value.trim());
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
