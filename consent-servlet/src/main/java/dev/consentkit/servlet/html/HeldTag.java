package dev.consentkit.servlet.html;

import java.util.Arrays;

/**
 * The start tag being held back for rewriting ({@code <script>}, {@code <iframe>},
 * {@code <link>}): its units as bytes, and where each attribute's parts are. Positions are
 * relative to the tag's {@code '<'}.
 *
 * <p>The units are the tag's bytes themselves for the byte variant, and its characters
 * projected to bytes (non-ASCII as {@code 0x80}) for the char variant: exact for every markup
 * character, which is all the tokenizer and the attribute names need.
 */
final class HeldTag {

    /** Longest tag held back; a longer tag is passed on (a script or iframe fails closed). */
    static final int MAX_LENGTH = 64 * 1024;
    /** Most attributes recorded; a tag with more is handled as too long. */
    static final int MAX_ATTRIBUTES = 512;

    /** Where the attribute's span starts: the end of the previous attribute or of the name. */
    static final int SPAN = 0;
    static final int NAME = 1;
    static final int NAME_END = 2;
    /** Value start (after an opening quote), or -1 without '='. */
    static final int VALUE = 3;
    static final int VALUE_END = 4;
    /** End of the attribute (after a closing quote). */
    static final int END = 5;
    private static final int STRIDE = 6;

    byte[] units;
    int length;
    int id;                           // TagNames id
    int nameEnd;                      // position after the tag name
    private int[] attributes;
    int count;                        // attributes recorded

    /** A tag working in borrowed arrays; they may be replaced by bigger ones as it grows. */
    HeldTag(RewriteBuffers buffers) {
        units = buffers.units();
        attributes = buffers.attributes();
    }

    /**
     * Puts the arrays in use, grown or not, back into {@code buffers} and lets go of them: a use
     * after this fails instead of reaching the arrays of the next page.
     */
    void returnArrays(RewriteBuffers buffers) {
        buffers.keepTagArrays(units, attributes);
        units = null;
        attributes = null;
        length = 0;
        count = 0;
    }

    /** The ints per attribute, for {@link RewriteBuffers}. */
    static int stride() {
        return STRIDE;
    }

    void begin(int tagId, int tagNameEnd) {
        id = tagId;
        nameEnd = tagNameEnd;
        count = 0;
    }

    /** Appends units; never beyond {@link #MAX_LENGTH} plus a name's length. */
    void append(byte[] source, int from, int to) {
        int n = to - from;
        if (length + n > units.length) {
            units = Arrays.copyOf(units, Math.max(length + n, Math.min(units.length * 2, MAX_LENGTH)));
        }
        System.arraycopy(source, from, units, length, n);
        length += n;
    }

    /** Starts an attribute whose name begins at {@code at}; false when there are too many. */
    boolean startAttribute(int at) {
        if (count == MAX_ATTRIBUTES) {
            return false;
        }
        int base = count * STRIDE;
        if (base + STRIDE > attributes.length) {
            attributes = Arrays.copyOf(attributes, attributes.length * 2);
        }
        attributes[base + SPAN] = count == 0 ? nameEnd : attributes[base - STRIDE + END];
        attributes[base + NAME] = at;
        attributes[base + NAME_END] = at;
        attributes[base + VALUE] = -1;
        attributes[base + VALUE_END] = -1;
        attributes[base + END] = at;
        count++;
        return true;
    }

    void nameEnded(int at) {
        int base = (count - 1) * STRIDE;
        attributes[base + NAME_END] = at;
        attributes[base + END] = at;
    }

    /** An '=' ended at {@code after}: the value is empty until one starts. */
    void equalsSign(int after) {
        int base = (count - 1) * STRIDE;
        attributes[base + VALUE] = after;
        attributes[base + VALUE_END] = after;
        attributes[base + END] = after;
    }

    void valueStarts(int at) {
        int base = (count - 1) * STRIDE;
        attributes[base + VALUE] = at;
        attributes[base + VALUE_END] = at;
    }

    void valueEnded(int at, int end) {
        int base = (count - 1) * STRIDE;
        attributes[base + VALUE_END] = at;
        attributes[base + END] = end;
    }

    int get(int attribute, int field) {
        return attributes[attribute * STRIDE + field];
    }

    /** Whether the attribute's name is {@code name} (lower-case ASCII), ignoring ASCII case. */
    boolean nameIs(int attribute, String name) {
        int from = get(attribute, NAME);
        int n = get(attribute, NAME_END) - from;
        if (n != name.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (AsciiScan.lower(units[from + i]) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Capacity of the held buffers, for tests of bounded memory. */
    int capacity() {
        return units == null ? 0 : units.length;
    }
}
