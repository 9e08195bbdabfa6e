package dev.consentkit.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for every value the demo's pages write into HTML. */
final class Html {

    private Html() {
    }

    /** Escapes text for element content or a double- or single-quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                default -> null;
            };
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Encodes a query parameter value. */
    static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /**
     * A local path to send the browser back to after a form, or {@code fallback}: only paths of
     * this site ({@code /x}, never {@code //host} or {@code /\host}) pass, so a form cannot be
     * turned into an open redirect.
     */
    static String localPath(String candidate, String fallback) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > 2048 || candidate.charAt(0) != '/') {
            return fallback;
        }
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
            return fallback;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return fallback;
            }
        }
        return candidate;
    }
}
