package dev.consentkit.servlet.http;

/** Escaping for text that reaches HTML. */
public final class Html {

    private Html() {
    }

    /**
     * Escapes text for an element's content or a quoted attribute value.
     *
     * @param text any text, may be null
     * @return the text with {@code & < > " '} escaped; {@code ""} for null
     */
    public static String escape(String text) {
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

    /**
     * A URL for an {@code href}: http(s) and paths pass (escaped), anything else becomes
     * {@code #}.
     *
     * @param url a URL from the configuration, may be null
     * @return the escaped URL, or {@code #} for null and for any other scheme (such as
     *     {@code javascript:})
     */
    public static String safeUrl(String url) {
        if (url == null) {
            return "#";
        }
        String u = url.trim();
        if (u.startsWith("/") && !u.startsWith("//")) {
            return escape(u);
        }
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return escape(u);
        }
        return "#";
    }
}
