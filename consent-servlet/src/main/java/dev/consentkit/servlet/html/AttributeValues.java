package dev.consentkit.servlet.html;

import java.util.HashMap;
import java.util.Map;

/**
 * Attribute values as the browser sees them: character references decoded the way the HTML
 * tokenizer decodes them inside attribute values, and URLs cleaned the way the URL parser
 * cleans them. Used for classification only; the page's bytes are never re-encoded.
 */
final class AttributeValues {

    /** Named references decoded: the basics, and every one that stands for ASCII punctuation. */
    private static final Map<String, String> NAMED = new HashMap<>();
    /** Names that decode without ';' (those of them in {@link #NAMED}), longest first. */
    private static final String[] LEGACY = {"nbsp", "quot", "QUOT", "amp", "AMP", "lt", "LT", "gt", "GT"};
    /** Longest key of {@link #NAMED}. */
    private static final int LONGEST_NAME;

    /** Characters of numeric references 0x80 to 0x9F, read as windows-1252 as browsers do. */
    private static final char[] C1 = {
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178'};

    static {
        String[] pairs = {
            "amp", "&", "AMP", "&", "lt", "<", "LT", "<", "gt", ">", "GT", ">",
            "quot", "\"", "QUOT", "\"", "apos", "'", "nbsp", "\u00A0", "NonBreakingSpace", "\u00A0",
            "Tab", "\t", "NewLine", "\n", "excl", "!", "num", "#", "dollar", "$", "percnt", "%",
            "lpar", "(", "rpar", ")", "ast", "*", "midast", "*", "plus", "+", "comma", ",",
            "period", ".", "sol", "/", "colon", ":", "semi", ";", "equals", "=", "quest", "?",
            "commat", "@", "lsqb", "[", "lbrack", "[", "bsol", "\\", "rsqb", "]", "rbrack", "]",
            "Hat", "^", "lowbar", "_", "UnderBar", "_", "grave", "`", "DiacriticalGrave", "`",
            "lcub", "{", "lbrace", "{", "verbar", "|", "vert", "|", "VerticalLine", "|",
            "rcub", "}", "rbrace", "}"};
        int longest = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            NAMED.put(pairs[i], pairs[i + 1]);
            longest = Math.max(longest, pairs[i].length());
        }
        LONGEST_NAME = longest;
    }

    private AttributeValues() {
    }

    /** Decodes the character references of an attribute value. */
    static String decode(String raw) {
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, amp);
        int i = amp;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int next = i + 1 < n && raw.charAt(i + 1) == '#'
                    ? numeric(raw, i, out)
                    : named(raw, i, out);
            if (next < 0) {
                out.append('&');
                i++;
            } else {
                i = next;
            }
        }
        return out.toString();
    }

    /** Decodes {@code &#NN;} or {@code &#xHH;} (the ';' is optional) at i; -1 when it is none. */
    private static int numeric(String raw, int i, StringBuilder out) {
        int n = raw.length();
        int j = i + 2;
        boolean hex = j < n && (raw.charAt(j) == 'x' || raw.charAt(j) == 'X');
        if (hex) {
            j++;
        }
        int digitsFrom = j;
        int value = 0;
        for (; j < n; j++) {
            int digit = digit(raw.charAt(j), hex);
            if (digit < 0) {
                break;
            }
            // saturate: anything above U+10FFFF becomes U+FFFD anyway
            value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit;
        }
        if (j == digitsFrom) {
            return -1;
        }
        if (j < n && raw.charAt(j) == ';') {
            j++;
        }
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
            out.append('\uFFFD');
        } else if (value >= 0x80 && value <= 0x9F) {
            out.append(C1[value - 0x80]);
        } else {
            out.appendCodePoint(value);
        }
        return j;
    }

    /**
     * Decodes a named reference at i; -1 when it is none. Without ';', only the legacy names
     * decode, and not when an alphanumeric or '=' follows (a query string such as
     * {@code ?a=1&lt=2} stays as written, as in browsers).
     */
    private static int named(String raw, int i, StringBuilder out) {
        int n = raw.length();
        int j = i + 1;
        while (j < n && j - i - 1 <= LONGEST_NAME && isAlphanumeric(raw.charAt(j))) {
            j++;
        }
        if (j == i + 1) {
            return -1;
        }
        if (j < n && raw.charAt(j) == ';') {
            String value = NAMED.get(raw.substring(i + 1, j));
            if (value != null) {
                out.append(value);
                return j + 1;
            }
        }
        for (String legacy : LEGACY) {
            if (raw.startsWith(legacy, i + 1)) {
                int end = i + 1 + legacy.length();
                if (end < n && (isAlphanumeric(raw.charAt(end)) || raw.charAt(end) == '=')) {
                    return -1;
                }
                out.append(NAMED.get(legacy));
                return end;
            }
        }
        return -1;
    }

    private static int digit(char c, boolean hex) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (hex && c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (hex && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * A decoded URL cleaned as the URL parser cleans it before fetching: ASCII tabs and newlines
     * removed anywhere, C0 controls and spaces trimmed at both ends.
     */
    static String url(String decoded) {
        int from = 0;
        int to = decoded.length();
        while (from < to && decoded.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && decoded.charAt(to - 1) <= ' ') {
            to--;
        }
        StringBuilder out = null;
        for (int i = from; i < to; i++) {
            char c = decoded.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                if (out == null) {
                    out = new StringBuilder(to - from).append(decoded, from, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out != null ? out.toString() : decoded.substring(from, to);
    }

    /** Whitespace-trimmed, as for {@code data-consent} and {@code type} values. */
    static String trim(String decoded) {
        int from = 0;
        int to = decoded.length();
        while (from < to && isHtmlSpace(decoded.charAt(from))) {
            from++;
        }
        while (to > from && isHtmlSpace(decoded.charAt(to - 1))) {
            to--;
        }
        return decoded.substring(from, to);
    }

    static boolean isHtmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** Escapes a value for a double-quoted attribute. */
    static String escape(String value) {
        if (value.indexOf('&') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return value.replace("&", "&amp;").replace("\"", "&quot;");
    }
}
