package dev.consentkit.servlet.html;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-level helpers of the tokenizer: a search that looks at eight bytes per step, and the
 * character classes of HTML markup. Every markup character is ASCII, so these work on UTF-8 and
 * other ASCII-compatible encodings as on text projected to bytes.
 */
final class AsciiScan {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Tab, line feed, form feed, carriage return (newlines are normalised to LF) and space. */
    static final int WHITESPACE = 1;
    /** Ends a tag name: whitespace, '/' and '>'. */
    static final int TAG_NAME_END = 2;
    /** Ends an attribute name: whitespace, '/', '>' and '='. */
    static final int ATTRIBUTE_NAME_END = 4;
    /** Ends an unquoted attribute value: whitespace and '>'. */
    static final int UNQUOTED_END = 8;
    /** ASCII letters. */
    static final int ALPHA = 16;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (char c : new char[] {'\t', '\n', '\f', '\r', ' '}) {
            CLASSES[c] = WHITESPACE | TAG_NAME_END | ATTRIBUTE_NAME_END | UNQUOTED_END;
        }
        CLASSES['/'] = TAG_NAME_END | ATTRIBUTE_NAME_END;
        CLASSES['>'] = TAG_NAME_END | ATTRIBUTE_NAME_END | UNQUOTED_END;
        CLASSES['='] = ATTRIBUTE_NAME_END;
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = ALPHA;
            CLASSES[c - 'a' + 'A'] = ALPHA;
        }
    }

    private AsciiScan() {
    }

    /** Whether the byte belongs to all of the given classes. */
    static boolean is(byte b, int classes) {
        return (CLASSES[b & 0xFF] & classes) != 0;
    }

    /** The ASCII lower case of a byte; other bytes unchanged. */
    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    /**
     * The index of the first occurrence of an ASCII byte in {@code bytes[from, to)}, or -1.
     * Eight bytes per step: a byte equal to the target becomes zero after XOR, and the classic
     * "has a zero byte" test finds it; the lowest flagged byte is always a real match.
     */
    static int indexOf(byte[] bytes, int from, int to, byte target) {
        int i = from;
        long pattern = (target & 0xFFL) * ONES;
        for (int last = to - 8; i <= last; i += 8) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
