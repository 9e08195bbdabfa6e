package dev.consentkit.servlet.html;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A piece of markup to insert. A shared piece (the same for many responses, such as the part
 * of the bootstrap that depends only on the page type and the locale) keeps its bytes in the
 * last charset it was written in, so that it is encoded once rather than per response.
 */
public final class Markup {

    private final String text;            // null for ASCII pieces
    private final byte[] ascii;           // ASCII pieces only
    private final boolean shared;
    private volatile Encoded encoded;     // shared pieces only

    private record Encoded(Charset charset, byte[] bytes) {
    }

    private Markup(String text, byte[] ascii, boolean shared) {
        this.text = text;
        this.ascii = ascii;
        this.shared = shared;
    }

    /**
     * Markup written once.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup of(String text) {
        return new Markup(Objects.requireNonNull(text, "text"), null, false);
    }

    /**
     * Markup written once, given as ASCII bytes: a rewriter over an ASCII-compatible charset
     * writes them as they are, with no string and no encoding.
     *
     * @param ascii the markup's bytes, every one below {@code 0x80}, already escaped for its
     *              context; kept, not copied: not to be modified afterwards
     * @return the piece
     * @throws IllegalArgumentException when a byte is not ASCII
     */
    public static Markup ofAscii(byte[] ascii) {
        for (byte b : ascii) {
            if (b < 0) {
                throw new IllegalArgumentException("not ASCII: " + (b & 0xff));
            }
        }
        return new Markup(null, ascii, false);
    }

    /**
     * Markup written into many responses; its encoded bytes are kept.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup shared(String text) {
        return new Markup(Objects.requireNonNull(text, "text"), null, true);
    }

    /**
     * The markup.
     *
     * @return the text given when the piece was created
     */
    public String text() {
        return text != null ? text : new String(ascii, StandardCharsets.US_ASCII);
    }

    boolean isShared() {
        return shared;
    }

    /** The bytes of a piece made by {@link #ofAscii}, else null; never modify. */
    byte[] ascii() {
        return ascii;
    }

    /** The text in a charset, unmappable characters replaced as {@link String#getBytes(Charset)} does; never modify. */
    byte[] bytes(Charset charset) {
        Encoded e = encoded;
        if (e == null || !e.charset().equals(charset)) {
            e = new Encoded(charset, text.getBytes(charset));
            encoded = e;
        }
        return e.bytes();
    }

    @Override
    public String toString() {
        return text();
    }
}
