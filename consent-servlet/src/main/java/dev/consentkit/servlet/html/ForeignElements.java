package dev.consentkit.servlet.html;

import java.util.Arrays;

/**
 * The open SVG and MathML elements: what the tokenizer needs of the tree builder to know
 * whether {@code <style>}, {@code <title>}, {@code <script>}... start raw text (HTML) or not
 * (foreign content), and where CDATA sections exist. HTML elements are not tracked, so this is
 * an approximation for markup that nests HTML inside integration points in odd ways.
 *
 * <p>Elements are known by a key of their lower-case name; nesting deeper than
 * {@link #MAX_RECORDED} is counted but not recorded.
 */
final class ForeignElements {

    private static final int MAX_RECORDED = 256;
    private static final byte MATHML = 1;
    private static final byte INTEGRATION_POINT = 2;

    private long[] names = new long[0];
    private byte[] flags = new byte[0];
    private int depth;

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

    /** Opens an element, unless it was self-closing. */
    void push(long name, boolean mathMl, boolean integrationPoint) {
        if (depth < MAX_RECORDED) {
            if (depth == names.length) {
                int size = Math.min(MAX_RECORDED, Math.max(8, depth * 2));
                names = Arrays.copyOf(names, size);
                flags = Arrays.copyOf(flags, size);
            }
            names[depth] = name;
            flags[depth] = (byte) ((mathMl ? MATHML : 0) | (integrationPoint ? INTEGRATION_POINT : 0));
        }
        depth++;
    }

    /** An HTML start tag (or {@code </p>}, {@code </br>}) pops back to HTML content. */
    void popToHtml() {
        while (inForeignContent()) {
            depth--;
        }
    }

    /** An end tag pops to the nearest open element of its name; none open, it is ignored. */
    void popTo(long name) {
        if (depth > MAX_RECORDED) {
            depth--;
            return;
        }
        for (int i = depth - 1; i >= 0; i--) {
            if (names[i] == name) {
                depth = i;
                return;
            }
        }
    }

    private byte topFlags() {
        return depth <= MAX_RECORDED ? flags[depth - 1] : (byte) (flags[MAX_RECORDED - 1] & MATHML);
    }
}
