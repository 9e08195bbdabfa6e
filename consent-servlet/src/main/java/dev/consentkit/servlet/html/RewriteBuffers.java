package dev.consentkit.servlet.html;

import java.util.Arrays;

/**
 * The arrays a rewriter works in, lent per thread: a rewriter borrows them when it is made and
 * gives them back when its document ends, so that once a thread has served a page, the next
 * pages it serves cost no rewriter buffers. A rewriter that is never finished (the response
 * failed) simply keeps its arrays, and the thread makes new ones.
 *
 * <p>The thread-local holds JDK arrays only, so a container thread never holds on to the class
 * loader of an application that was stopped or redeployed. Arrays grown beyond the usual size
 * for a long tag are not kept, so a thread holds at most a few kilobytes.
 */
final class RewriteBuffers {

    static final int UNITS = 0;           // byte[]: the held tag's units
    static final int ATTRIBUTES = 1;      // int[]: where the held tag's attributes are
    static final int KINDS = 2;           // int[]: per attribute, its kind
    static final int INSERT_BEFORE = 3;   // String[]: per attribute, markup inserted before it
    static final int RENAME = 4;          // byte[]: per attribute, how its name changes
    static final int REMOVE = 5;          // boolean[]: per attribute, whether it is dropped
    static final int FIRST = 6;           // int[]: per kind, its first attribute
    static final int ENCODED = 7;         // byte[]: inserted ASCII markup, a slice at a time
    static final int TAG_NAME = 8;        // byte[]: the lower-case tag name being read
    static final int TEXTS_CHARSET = 9;   // Charset: what the texts below were decoded from
    static final int TEXTS = 10;          // String[]: recently decoded ASCII attribute values (script and iframe
                                          // sources), so that a source seen on every page is decoded once

    /** Values longer than this are decoded every time. */
    static final int MAX_TEXT_BYTES = 256;
    private static final int TEXT_SLOTS = 16;

    static final int INITIAL_UNITS = 256;
    static final int INITIAL_ATTRIBUTES = 8;
    private static final int MAX_KEPT_UNITS = 4 * 1024;
    private static final int MAX_KEPT_ATTRIBUTES = 64;

    private static final ThreadLocal<Object[]> IDLE = new ThreadLocal<>();

    private RewriteBuffers() {
    }

    /** The thread's idle arrays, or new ones; the caller owns them until it gives them back. */
    static Object[] borrow() {
        Object[] idle = IDLE.get();
        if (idle != null) {
            IDLE.set(null);
            return idle;
        }
        return new Object[] {
                new byte[INITIAL_UNITS], new int[INITIAL_ATTRIBUTES * HeldTag.stride()], new int[16], new String[16],
                new byte[16], new boolean[16], new int[ElementRules.kinds()], new byte[256], new byte[TagNames.MAX_LENGTH],
                null, new String[TEXT_SLOTS]};
    }

    /**
     * Lends the arrays to the next rewriter made on this thread, cleared; the caller must not
     * touch them again. Oversized arrays, and arrays when the thread already has some, are left
     * to the garbage collector.
     */
    static void giveBack(Object[] buffers) {
        byte[] units = (byte[]) buffers[UNITS];
        int[] attributes = (int[]) buffers[ATTRIBUTES];
        String[] insertBefore = (String[]) buffers[INSERT_BEFORE];
        if (units.length > MAX_KEPT_UNITS || attributes.length > MAX_KEPT_ATTRIBUTES * HeldTag.stride()
                || insertBefore.length > MAX_KEPT_ATTRIBUTES || IDLE.get() != null) {
            return;
        }
        Arrays.fill(insertBefore, null);
        Arrays.fill((byte[]) buffers[RENAME], (byte) 0);
        Arrays.fill((boolean[]) buffers[REMOVE], false);
        IDLE.set(buffers);
    }
}
