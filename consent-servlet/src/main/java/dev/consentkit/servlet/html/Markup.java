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
    private final int asciiLength;
    private final boolean shared;
    private volatile Encoded encoded;     // shared pieces only

    private record Encoded(Charset charset, byte[] bytes) {
    }

    private Markup(String text, byte[] ascii, int asciiLength, boolean shared) {
        this.text = text;
        this.ascii = ascii;
        this.asciiLength = asciiLength;
        this.shared = shared;
    }

    /**
     * Markup written once.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup of(String text) {
        return new Markup(Objects.requireNonNull(text, "text"), null, 0, false);
    }

    /**
     * Markup written once, given as ASCII bytes: a rewriter over an ASCII-compatible charset
     * writes them as they are, with no string and no encoding. The bytes are not copied: they
     * are read when the piece is written, so a buffer that is reused afterwards (such as a
     * per-thread one, see {@link ElementPolicy#headInjectionParts()}) may be passed.
     *
     * @param ascii the buffer holding the markup's bytes, every one below {@code 0x80}, already
     *              escaped for its context
     * @param length how many bytes of the buffer, from its start, are the markup
     * @return the piece
     * @throws IllegalArgumentException when a byte is not ASCII or the length is out of range
     */
    public static Markup ofAscii(byte[] ascii, int length) {
        Objects.checkFromIndexSize(0, length, ascii.length);
        for (int i = 0; i < length; i++) {
            if (ascii[i] < 0) {
                throw new IllegalArgumentException("not ASCII at " + i + ": " + (ascii[i] & 0xff));
            }
        }
        return new Markup(null, ascii, length, false);
    }

    /**
     * Markup written into many responses; its encoded bytes are kept.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup shared(String text) {
        return new Markup(Objects.requireNonNull(text, "text"), null, 0, true);
    }

    /**
     * The markup.
     *
     * @return the text given when the piece was created
     */
    public String text() {
        return text != null ? text : new String(ascii, 0, asciiLength, StandardCharsets.US_ASCII);
    }

    boolean isShared() {
        return shared;
    }

    /** The buffer of a piece made by {@link #ofAscii}, else null; never modify. */
    byte[] ascii() {
        return ascii;
    }

    /** How many bytes of {@link #ascii()} are the piece. */
    int asciiLength() {
        return asciiLength;
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
