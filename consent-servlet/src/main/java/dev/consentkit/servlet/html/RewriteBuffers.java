package dev.consentkit.servlet.html;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The arrays a rewriter works in, lent per thread: a rewriter borrows them when it is made and
 * gives them back when its document ends, so that once a thread has served a page, the next
 * pages it serves cost no rewriter buffers. A rewriter that is never finished (the response
 * failed) simply keeps its arrays, and the thread makes new ones.
 *
 * <p>The thread-local holds JDK arrays only (an {@code Object[]} of arrays, not this class), so
 * a container thread never holds on to the class loader of an application that was stopped or
 * redeployed. Arrays grown beyond the usual size for a long tag are not kept, so a thread holds
 * at most a few kilobytes. Once given back, this object refuses every access.
 *
 * <p>The reuse is per platform thread, as containers pool them. Where every request runs on a
 * new virtual thread nothing is reused: each page borrows new arrays, as it did before they were
 * lent.
 */
final class RewriteBuffers {

    private static final int UNITS = 0;           // byte[]: the held tag's units
    private static final int ATTRIBUTES = 1;      // int[]: where the held tag's attributes are
    private static final int KINDS = 2;           // int[]: per attribute, its kind
    private static final int INSERT_BEFORE = 3;   // String[]: per attribute, markup inserted before it
    private static final int RENAME = 4;          // byte[]: per attribute, how its name changes
    private static final int REMOVE = 5;          // boolean[]: per attribute, whether it is dropped
    private static final int FIRST = 6;           // int[]: per kind, its first attribute
    private static final int ENCODED = 7;         // byte[]: inserted ASCII markup, a slice at a time
    private static final int TAG_NAME = 8;        // byte[]: the lower-case tag name being read
    private static final int TEXTS_CHARSET = 9;   // Charset: what the texts below were decoded from
    private static final int TEXTS = 10;          // String[]: recently decoded attribute values

    /** Attribute values longer than this are not remembered. */
    static final int MAX_TEXT_BYTES = 256;
    private static final int TEXT_SLOTS = 16;
    private static final int INITIAL_UNITS = 256;
    private static final int INITIAL_ATTRIBUTES = 8;
    private static final int INITIAL_EDITS = 16;
    private static final int MAX_KEPT_UNITS = 4 * 1024;
    private static final int MAX_KEPT_ATTRIBUTES = 64;

    private static final ThreadLocal<Object[]> IDLE = new ThreadLocal<>();

    private Object[] arrays;      // null once given back

    private RewriteBuffers(Object[] arrays) {
        this.arrays = arrays;
    }

    /** {@return the thread's idle arrays, or new ones; the caller owns them until it gives them back} */
    static RewriteBuffers borrow() {
        Object[] idle = IDLE.get();
        if (idle != null) {
            IDLE.set(null);
            return new RewriteBuffers(idle);
        }
        return new RewriteBuffers(new Object[] {
                new byte[INITIAL_UNITS], new int[INITIAL_ATTRIBUTES * HeldTag.stride()], new int[INITIAL_EDITS],
                new String[INITIAL_EDITS], new byte[INITIAL_EDITS], new boolean[INITIAL_EDITS], new int[ElementRules.kinds()],
                new byte[256], new byte[TagNames.MAX_LENGTH], null, new String[TEXT_SLOTS]});
    }

    /**
     * Lends the arrays to the next rewriter made on this thread, cleared. Oversized arrays, and
     * arrays when the thread already has some, are left to the garbage collector.
     */
    void giveBack() {
        Object[] lent = arrays;
        arrays = null;
        byte[] units = (byte[]) lent[UNITS];
        int[] attributes = (int[]) lent[ATTRIBUTES];
        String[] insertBefore = (String[]) lent[INSERT_BEFORE];
        if (units.length > MAX_KEPT_UNITS || attributes.length > MAX_KEPT_ATTRIBUTES * HeldTag.stride()
                || insertBefore.length > MAX_KEPT_ATTRIBUTES || IDLE.get() != null) {
            return;
        }
        Arrays.fill(insertBefore, null);
        Arrays.fill((byte[]) lent[RENAME], (byte) 0);
        Arrays.fill((boolean[]) lent[REMOVE], false);
        IDLE.set(lent);
    }

    byte[] units() {
        return (byte[]) arrays[UNITS];
    }

    int[] attributes() {
        return (int[]) arrays[ATTRIBUTES];
    }

    /** Keeps the held tag's arrays, which it may have replaced by bigger ones. */
    void keepTagArrays(byte[] units, int[] attributes) {
        arrays[UNITS] = units;
        arrays[ATTRIBUTES] = attributes;
    }

    int[] kinds() {
        return (int[]) arrays[KINDS];
    }

    String[] insertBefore() {
        return (String[]) arrays[INSERT_BEFORE];
    }

    byte[] rename() {
        return (byte[]) arrays[RENAME];
    }

    boolean[] remove() {
        return (boolean[]) arrays[REMOVE];
    }

    /** Keeps the per-attribute arrays of the element rules, which they may have replaced by bigger ones. */
    void keepEditArrays(int[] kinds, String[] insertBefore, byte[] rename, boolean[] remove) {
        arrays[KINDS] = kinds;
        arrays[INSERT_BEFORE] = insertBefore;
        arrays[RENAME] = rename;
        arrays[REMOVE] = remove;
    }

    int[] first() {
        return (int[]) arrays[FIRST];
    }

    byte[] encoded() {
        return (byte[]) arrays[ENCODED];
    }

    byte[] tagName() {
        return (byte[]) arrays[TAG_NAME];
    }

    /**
     * The remembered texts of attribute values decoded in {@code charset} (a power-of-two number
     * of slots, each null or a text); forgotten when the charset is not the last one asked for.
     */
    String[] texts(Charset charset) {
        String[] texts = (String[]) arrays[TEXTS];
        if (arrays[TEXTS_CHARSET] != charset) {
            Arrays.fill(texts, null);
            arrays[TEXTS_CHARSET] = charset;
        }
        return texts;
    }
}
