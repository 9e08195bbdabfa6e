package dev.consentkit.servlet.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A small JSON writer for the few objects built on every request (the visitor's part of the page
 * bootstrap, the state endpoint's answer), writing ASCII bytes with no intermediate strings.
 *
 * <p>Its output is safe where {@link Json#htmlSafe} output is: inside an HTML {@code <script>}
 * element or attribute. Every character outside printable ASCII, and {@code < > & '}, is written
 * as a {@code \\uXXXX} escape, so the bytes are the same in every ASCII-compatible charset and
 * nothing in a string can end the element. Commas are placed by the writer: call
 * {@link #name} before each value in an object.
 *
 * <p>Not thread-safe; a buffer kept per thread is reused through {@link #AsciiJson(byte[])} and
 * {@link #buffer()}.
 */
public final class AsciiJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Instants written digit by digit: years 0 to 9999, the ones {@link Instant#toString()} writes without a sign. */
    private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private byte[] bytes;
    private int length;
    private boolean comma;      // a value came before: the next name or array element needs a comma

    /**
     * An empty writer.
     *
     * @param capacity bytes to start with; the buffer grows as needed
     */
    public AsciiJson(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /**
     * An empty writer over a buffer, such as one kept per thread; when it is too small a bigger
     * one replaces it, so take the buffer back from {@link #buffer()}.
     *
     * @param buffer the buffer to write into; its content is overwritten
     */
    public AsciiJson(byte[] buffer) {
        bytes = buffer.length == 0 ? new byte[16] : buffer;
    }

    /**
     * Appends ASCII text as it is, such as markup around the JSON.
     *
     * @param ascii text of characters below U+0080 only, already safe where it goes
     * @return this writer
     * @throws IllegalArgumentException when the text has a character outside ASCII
     */
    public AsciiJson raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = ascii.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("not ASCII at " + i);
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    /** {@return this writer, after the brace that opens an object} */
    public AsciiJson startObject() {
        separate();
        put('{');
        comma = false;
        return this;
    }

    /** {@return this writer, after the brace that closes an object} */
    public AsciiJson endObject() {
        put('}');
        comma = true;
        return this;
    }

    /** {@return this writer, after the bracket that opens an array} */
    public AsciiJson startArray() {
        separate();
        put('[');
        comma = false;
        return this;
    }

    /** {@return this writer, after the bracket that closes an array} */
    public AsciiJson endArray() {
        put(']');
        comma = true;
        return this;
    }

    /**
     * Writes a member name and its colon; the value follows.
     *
     * @param name the member name
     * @return this writer
     */
    public AsciiJson name(String name) {
        string(name);
        put(':');
        comma = false;
        return this;
    }

    /**
     * Writes a string, or {@code null}.
     *
     * @param value the string, or null
     * @return this writer
     */
    public AsciiJson string(CharSequence value) {
        separate();
        if (value == null) {
            return literal("null");
        }
        put('"');
        escaped(value);
        put('"');
        comma = true;
        return this;
    }

    private void escaped(CharSequence value) {
        int n = value.length();
        ensure(n + 1);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != '\'') {
                if (length == bytes.length) {
                    ensure(n - i + 1);
                }
                bytes[length++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                ensure(2);
                bytes[length++] = '\\';
                bytes[length++] = (byte) c;
            } else {
                ensure(6);
                bytes[length++] = '\\';
                bytes[length++] = 'u';
                bytes[length++] = HEX[c >>> 12];
                bytes[length++] = HEX[(c >>> 8) & 0xf];
                bytes[length++] = HEX[(c >>> 4) & 0xf];
                bytes[length++] = HEX[c & 0xf];
            }
        }
    }

    /**
     * Writes a URL ending in a query value, as a string: {@code base + path} as they are (escaped as
     * {@link #string} escapes), then {@code value} encoded as
     * {@link java.net.URLEncoder#encode(String, java.nio.charset.Charset)} encodes it in UTF-8.
     *
     * @param base the start of the URL, such as the endpoint prefix
     * @param path what follows it, up to the value, such as {@code "/cookies?page="}
     * @param value the query value to encode
     * @return this writer
     */
    public AsciiJson url(String base, String path, String value) {
        separate();
        put('"');
        escaped(base);
        escaped(path);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    queryByte(b & 0xff);
                }
                break;
            }
            queryByte(c);
        }
        put('"');
        comma = true;
        return this;
    }

    private void queryByte(int c) {
        ensure(3);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '*' || c == '_') {
            bytes[length++] = (byte) c;
        } else if (c == ' ') {
            bytes[length++] = '+';
        } else {
            bytes[length++] = '%';
            bytes[length++] = HEX_UPPER[c >>> 4];
            bytes[length++] = HEX_UPPER[c & 0xf];
        }
    }

    /**
     * Writes an instant as {@link Instant#toString()} does ({@code 2026-11-29T10:15:00Z}, with a
     * fraction of 3, 6 or 9 digits when there is one), as a string; null as {@code null}.
     *
     * @param instant the instant, or null
     * @return this writer
     */
    public AsciiJson instant(Instant instant) {
        if (instant == null) {
            separate();
            return literal("null");
        }
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return string(instant.toString());
        }
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // the civil date of a day count (proleptic Gregorian, eras of 400 years), without allocating
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;           // March is 0
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        separate();
        ensure(32);
        bytes[length++] = '"';
        digits(year, 4);
        bytes[length++] = '-';
        digits(month, 2);
        bytes[length++] = '-';
        digits(day, 2);
        bytes[length++] = 'T';
        digits(secondOfDay / 3_600, 2);
        bytes[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        bytes[length++] = ':';
        digits(secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            bytes[length++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(nano / 1_000, 6);
            } else {
                digits(nano, 9);
            }
        }
        bytes[length++] = 'Z';
        bytes[length++] = '"';
        comma = true;
        return this;
    }

    /**
     * Writes a UUID in its canonical form ({@link java.util.UUID#toString()}), as a string.
     *
     * @param uuid the UUID, not null
     * @return this writer
     */
    public AsciiJson uuid(java.util.UUID uuid) {
        separate();
        ensure(38);
        bytes[length++] = '"';
        long high = uuid.getMostSignificantBits();
        long low = uuid.getLeastSignificantBits();
        hex(high >>> 32, 8);
        bytes[length++] = '-';
        hex(high >>> 16, 4);
        bytes[length++] = '-';
        hex(high, 4);
        bytes[length++] = '-';
        hex(low >>> 48, 4);
        bytes[length++] = '-';
        hex(low, 12);
        bytes[length++] = '"';
        comma = true;
        return this;
    }

    private void hex(long value, int count) {
        for (int i = length + count - 1; i >= length; i--) {
            bytes[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        length += count;
    }

    private void digits(int value, int count) {
        for (int i = length + count - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += count;
    }

    /**
     * Writes a number.
     *
     * @param value the number
     * @return this writer
     */
    public AsciiJson number(long value) {
        separate();
        if (value == Long.MIN_VALUE) {
            return literal(Long.toString(value));
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int count = 1;
        for (long v = value; v >= 10; v /= 10) {
            count++;
        }
        for (int i = length + count - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += count;
        comma = true;
        return this;
    }

    /**
     * Writes {@code true} or {@code false}.
     *
     * @param value the value
     * @return this writer
     */
    public AsciiJson bool(boolean value) {
        separate();
        return literal(value ? "true" : "false");
    }

    /** {@return this writer, after {@code null}} */
    public AsciiJson nullValue() {
        separate();
        return literal("null");
    }

    private AsciiJson literal(String text) {
        raw(text);
        comma = true;
        return this;
    }

    private void separate() {
        if (comma) {
            put(',');
            comma = false;
        }
    }

    private void put(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }

    /** {@return the number of bytes written} */
    public int length() {
        return length;
    }

    /**
     * The buffer itself, without a copy: its first {@link #length()} bytes are what was written,
     * until the next write.
     *
     * @return the buffer; not to be modified
     */
    public byte[] buffer() {
        return bytes;
    }

    /** {@return the text written} */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
