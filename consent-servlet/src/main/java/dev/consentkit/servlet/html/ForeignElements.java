package dev.consentkit.servlet.html;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The open SVG and MathML elements: what the tokenizer needs of the tree builder to know
 * whether {@code <style>}, {@code <title>}, {@code <script>}... start raw text (HTML) or not
 * (foreign content), and where CDATA sections exist.
 *
 * <p>HTML elements are tracked only inside HTML integration points (their names, not what
 * closes them implicitly), so this approximates the tree builder for markup that nests oddly;
 * where it errs, it tends to take raw text for markup, where scripts are still found. Elements are known
 * by a {@linkplain #key key} of their lower-case name; nesting deeper than
 * {@link #MAX_RECORDED} is counted but not recorded.
 */
final class ForeignElements {

    private static final int MAX_RECORDED = 256;
    private static final byte MATHML = 1;
    private static final byte INTEGRATION_POINT = 2;

    /** HTML elements that have no end tag. */
    private static final long[] VOID_NAMES = keys("area", "base", "basefont", "bgsound", "br", "col", "embed",
            "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr");

    private static final long[] NO_LONGS = {};
    private static final byte[] NO_BYTES = {};
    private static final int[] NO_INTS = {};

    // empty until a foreign element opens: most pages have none (grown by copying, never written while shared)
    private long[] names = NO_LONGS;
    private byte[] flags = NO_BYTES;
    private int[] htmlChildren = NO_INTS;      // HTML elements open inside an integration point
    private int depth;
    private long[] htmlNames = NO_LONGS;       // the names of those HTML elements, innermost last
    private int[] htmlOwners = NO_INTS;        // the index of the foreign element each is in
    private int htmlDepth;

    /** The key of a lower-case name: a hash of all its bytes, and its length. */
    static long key(int nameHash, int nameLength) {
        return ((long) nameHash << 32) | (nameLength & 0xFFFFFFFFL);
    }

    /** The hash {@link #key} expects, folded one lower-case byte at a time from 0. */
    static int hash(int hash, byte lowerCase) {
        return 31 * hash + lowerCase;
    }

    private static long[] keys(String... names) {
        long[] keys = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            int h = 0;
            for (byte b : names[i].getBytes(StandardCharsets.US_ASCII)) {
                h = hash(h, b);
            }
            keys[i] = key(h, names[i].length());
        }
        Arrays.sort(keys);
        return keys;
    }

    static boolean isVoid(long name) {
        return Arrays.binarySearch(VOID_NAMES, name) >= 0;
    }

    boolean isEmpty() {
        return depth == 0;
    }

    /** Inside SVG or MathML and not at an HTML integration point. */
    boolean inForeignContent() {
        return depth > 0 && (topFlags() & INTEGRATION_POINT) == 0;
    }

    /** Whether the current element is MathML. */
    boolean isMathMl() {
        return depth > 0 && (topFlags() & MATHML) != 0;
    }

    /** Opens an element (the caller skips self-closing ones). */
    void push(long name, boolean mathMl, boolean integrationPoint) {
        if (depth < MAX_RECORDED) {
            if (depth == names.length) {
                int size = Math.min(MAX_RECORDED, Math.max(8, depth * 2));
                names = Arrays.copyOf(names, size);
                flags = Arrays.copyOf(flags, size);
                htmlChildren = Arrays.copyOf(htmlChildren, size);
            }
            names[depth] = name;
            flags[depth] = (byte) ((mathMl ? MATHML : 0) | (integrationPoint ? INTEGRATION_POINT : 0));
            htmlChildren[depth] = 0;
        }
        depth++;
    }

    /** An HTML start tag at an integration point: an HTML element opens inside it. */
    void openHtmlChild(long name) {
        if (depth > 0 && depth <= MAX_RECORDED && !isVoid(name) && htmlDepth < MAX_RECORDED) {
            if (htmlDepth == htmlNames.length) {
                htmlNames = Arrays.copyOf(htmlNames, Math.min(MAX_RECORDED, Math.max(8, htmlDepth * 2)));
                htmlOwners = Arrays.copyOf(htmlOwners, htmlNames.length);
            }
            htmlOwners[htmlDepth] = depth - 1;
            htmlNames[htmlDepth++] = name;
            htmlChildren[depth - 1]++;
        }
    }

    /** An HTML start tag in foreign content (or {@code </p>}, {@code </br>}) pops back to HTML. */
    void popToHtml() {
        while (inForeignContent()) {
            depth--;
            if (depth < MAX_RECORDED) {
                htmlDepth -= htmlChildren[depth];
                htmlChildren[depth] = 0;
            }
        }
    }

    /**
     * An end tag, outside raw text. At an integration point with HTML elements open, it closes
     * the one of its name, if any. Otherwise it closes the nearest open foreign element of its
     * name, or else an HTML element of that name open inside an outer integration point; with
     * none it is ignored. (A browser would also close foreign content for an HTML element open
     * around the outermost {@code <svg>}; not tracking those, this errs on the side of staying
     * in foreign content, where script and iframe tags are still found.)
     */
    void endTag(long name) {
        if (depth == 0) {
            return;
        }
        if (depth > MAX_RECORDED) {
            depth--;
            return;
        }
        int children = htmlChildren[depth - 1];
        if ((flags[depth - 1] & INTEGRATION_POINT) != 0 && children > 0) {
            // HTML rules: close the open HTML element of that name; the integration point
            // element, special in HTML, stops the search, so other names are ignored
            for (int i = htmlDepth - 1; i >= htmlDepth - children; i--) {
                if (htmlNames[i] == name) {
                    htmlChildren[depth - 1] -= htmlDepth - i;
                    htmlDepth = i;
                    return;
                }
            }
            return;
        }
        for (int i = depth - 1; i >= 0; i--) {
            if (names[i] == name) {
                dropHtmlChildren(i);
                depth = i;
                return;
            }
        }
        // an HTML element the foreign content is in: it closes everything inside it
        for (int i = htmlDepth - 1; i >= 0; i--) {
            if (htmlNames[i] == name) {
                int owner = htmlOwners[i];
                dropHtmlChildren(owner + 1);
                depth = owner + 1;
                htmlChildren[owner] -= htmlDepth - i;
                htmlDepth = i;
                return;
            }
        }
    }

    /** Forgets the HTML elements open inside the foreign elements from index {@code from} up. */
    private void dropHtmlChildren(int from) {
        for (int i = from; i < depth && i < MAX_RECORDED; i++) {
            htmlDepth -= htmlChildren[i];
            htmlChildren[i] = 0;
        }
    }

    private byte topFlags() {
        return depth <= MAX_RECORDED ? flags[depth - 1] : (byte) (flags[MAX_RECORDED - 1] & MATHML);
    }
}
