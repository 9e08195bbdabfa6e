package dev.consentkit.servlet.html;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The tag names the rewriter treats specially, looked up from lower-case ASCII bytes. */
final class TagNames {

    /** Longest name recorded; every name of interest is shorter. */
    static final int MAX_LENGTH = 16;

    static final int UNKNOWN = 0;
    static final int SCRIPT = 1;
    static final int IFRAME = 2;
    static final int LINK = 3;
    static final int HEAD = 4;
    static final int BODY = 5;
    static final int HTML = 6;
    static final int STYLE = 7;
    static final int META = 8;
    static final int TITLE = 9;
    static final int BASE = 10;
    static final int TEXTAREA = 11;
    static final int XMP = 12;
    static final int NOEMBED = 13;
    static final int NOFRAMES = 14;
    static final int PLAINTEXT = 15;
    static final int NOSCRIPT = 16;
    static final int TEMPLATE = 17;
    static final int SVG = 18;
    static final int MATH = 19;
    static final int FOREIGN_OBJECT = 20;
    static final int DESC = 21;
    static final int MI = 22;
    static final int MO = 23;
    static final int MN = 24;
    static final int MS = 25;
    static final int MTEXT = 26;
    static final int ANNOTATION_XML = 27;
    static final int P = 28;
    static final int BR = 29;
    /** An HTML element that ends foreign (SVG, MathML) content when it starts inside it. */
    static final int BREAKOUT = 30;

    private static final String[] NAMES = new String[BREAKOUT];
    private static final byte[][] BYTES = new byte[BREAKOUT][];

    private static final int SLOTS = 256;
    private static final int[] HASHES = new int[SLOTS];
    private static final byte[][] SLOT_NAMES = new byte[SLOTS][];
    private static final int[] IDS = new int[SLOTS];

    static {
        add("script", SCRIPT);
        add("iframe", IFRAME);
        add("link", LINK);
        add("head", HEAD);
        add("body", BODY);
        add("html", HTML);
        add("style", STYLE);
        add("meta", META);
        add("title", TITLE);
        add("base", BASE);
        add("textarea", TEXTAREA);
        add("xmp", XMP);
        add("noembed", NOEMBED);
        add("noframes", NOFRAMES);
        add("plaintext", PLAINTEXT);
        add("noscript", NOSCRIPT);
        add("template", TEMPLATE);
        add("svg", SVG);
        add("math", MATH);
        add("foreignobject", FOREIGN_OBJECT);
        add("desc", DESC);
        add("mi", MI);
        add("mo", MO);
        add("mn", MN);
        add("ms", MS);
        add("mtext", MTEXT);
        add("annotation-xml", ANNOTATION_XML);
        add("p", P);
        add("br", BR);
        for (String name : new String[] {"b", "big", "blockquote", "center", "code", "dd",
                "div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
                "img", "li", "listing", "menu", "nobr", "ol", "pre", "ruby", "s", "small",
                "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"}) {
            add(name, BREAKOUT);
        }
    }

    private TagNames() {
    }

    private static void add(String name, int id) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (id != BREAKOUT) {
            NAMES[id] = name;
            BYTES[id] = bytes;
        }
        int hash = 0;
        for (byte b : bytes) {
            hash = ForeignElements.hash(hash, b);
        }
        int slot = slot(hash);
        while (IDS[slot] != UNKNOWN) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        HASHES[slot] = hash;
        SLOT_NAMES[slot] = bytes;
        IDS[slot] = id;
    }

    /**
     * The id of a lower-case name.
     *
     * @param name the name's bytes, lower-cased (its first {@link #MAX_LENGTH})
     * @param length the name's length; longer than {@link #MAX_LENGTH} is never known
     * @param hash the name's {@link ForeignElements#hash hash}
     */
    static int lookup(byte[] name, int length, int hash) {
        if (length > MAX_LENGTH) {
            return UNKNOWN;
        }
        for (int slot = slot(hash); ; slot = (slot + 1) & (SLOTS - 1)) {
            int id = IDS[slot];
            if (id == UNKNOWN) {
                return UNKNOWN;
            }
            if (HASHES[slot] == hash && Arrays.equals(SLOT_NAMES[slot], 0, SLOT_NAMES[slot].length, name, 0, length)) {
                return id;
            }
        }
    }

    /** The lower-case name of an id other than {@link #UNKNOWN} and {@link #BREAKOUT}. */
    static String name(int id) {
        return NAMES[id];
    }

    /** The lower-case name's bytes of an id other than {@link #UNKNOWN} and {@link #BREAKOUT}. */
    static byte[] bytes(int id) {
        return BYTES[id];
    }

    /** Whether the start tag ends foreign content (the tree builder pops back to HTML). */
    static boolean breaksOutOfForeignContent(int id) {
        return id == BREAKOUT || id == P || id == BR || id == BODY || id == HEAD || id == META;
    }

    /** Whether the end tag ends foreign content ({@code </p>} and {@code </br>} do). */
    static boolean endTagBreaksOutOfForeignContent(int id) {
        return id == P || id == BR;
    }

    /**
     * Whether HTML parsing rules resume inside the foreign element: SVG {@code foreignObject},
     * {@code desc} and {@code title}; MathML {@code mi}, {@code mo}, {@code mn}, {@code ms} and
     * {@code mtext}. ({@code annotation-xml} is one only with an HTML encoding, which is not
     * tracked: its content is taken as foreign.)
     */
    static boolean isIntegrationPoint(int id, boolean math) {
        if (math) {
            return id == MI || id == MO || id == MN || id == MS || id == MTEXT;
        }
        return id == FOREIGN_OBJECT || id == DESC || id == TITLE;
    }

    /**
     * Whether the bootstrap goes before this start tag in a document that has no {@code <head>}
     * tag (only once an {@code <html>} or doctype showed that this is a whole document).
     */
    static boolean isHeadContent(int id) {
        return id == SCRIPT || id == IFRAME || id == LINK || id == STYLE || id == META
                || id == TITLE || id == BASE;
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 7) ^ (hash >>> 15)) & (SLOTS - 1);
    }
}
