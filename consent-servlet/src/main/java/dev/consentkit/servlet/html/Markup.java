package dev.consentkit.servlet.html;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * A piece of markup to insert. A shared piece (the same for many responses, such as the part
 * of the bootstrap that depends only on the page type and the locale) keeps its bytes in the
 * last charset it was written in, so that it is encoded once rather than per response.
 */
public final class Markup {

    private final String text;
    private final boolean shared;
    private volatile Encoded encoded;     // shared pieces only

    private record Encoded(Charset charset, byte[] bytes) {
    }

    private Markup(String text, boolean shared) {
        this.text = Objects.requireNonNull(text, "text");
        this.shared = shared;
    }

    /**
     * Markup written once.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup of(String text) {
        return new Markup(text, false);
    }

    /**
     * Markup written into many responses; its encoded bytes are kept.
     *
     * @param text the markup, already escaped for its context
     * @return the piece
     */
    public static Markup shared(String text) {
        return new Markup(text, true);
    }

    /**
     * The markup.
     *
     * @return the text given when the piece was created
     */
    public String text() {
        return text;
    }

    boolean isShared() {
        return shared;
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
        return text;
    }
}
