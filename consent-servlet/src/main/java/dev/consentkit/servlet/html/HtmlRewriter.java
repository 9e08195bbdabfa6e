package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streaming HTML rewriter: it inserts the consent bootstrap first in {@code <head>} and
 * neutralises the {@code <script>}, {@code <iframe>} and preloading {@code <link>} tags of
 * categories the visitor has not granted, while everything else passes through unchanged.
 *
 * <ul>
 *   <li>Insertion: right after the {@code <head>} start tag; without one, before the first
 *       {@code <body>}; without that either, before the first {@code <script>},
 *       {@code <iframe>}, {@code <link>}, {@code <style>}, {@code <meta>}, {@code <title>} or
 *       {@code <base>} if an {@code <html>} tag or doctype came before it; in a fragment,
 *       nowhere. Never inside comments, raw text, {@code <noscript>}, {@code <template>}, SVG
 *       or MathML.
 *   <li>Neutralising a script: {@code type="text/plain"} (an original type is kept in
 *       {@code data-type}), every {@code src} renamed {@code data-src}, and
 *       {@code data-consent="category"} added. An iframe: {@code src} and {@code srcdoc} renamed
 *       {@code data-src}, {@code data-srcdoc}, and {@code data-consent} added. A
 *       {@code <link rel=preload|modulepreload|prefetch>}: {@code href} renamed
 *       {@code data-href}. Activating a granted, neutral tag undoes exactly that.
 *   <li>Streaming: text passes through as it is written; only an incomplete tag is held back,
 *       and a script or iframe tag longer than 64 KiB is passed on neutralised before it ends.
 * </ul>
 *
 * <p>The rewriter never throws on malformed HTML, and an exception from the
 * {@link ElementPolicy} counts as "not granted" for that tag.
 */
public final class HtmlRewriter {

    private static final Map<Charset, Boolean> ASCII_COMPATIBLE = new ConcurrentHashMap<>();
    private static final String ASCII_PROBE = "<>\"'=/!?-[] \t\n\f\r&#;:.,_"
            + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** Characters from many scripts: an ASCII-compatible charset encodes each without ASCII bytes. */
    private static final String NON_ASCII_PROBE = "\u00A0\u00E9\u00FC\u00DF\u0152\u20AC\u2019\u0416\u044F"
            + "\u03A9\u05D0\u0627\u0E01\u3042\u30A2\u65E5\u672C\u8A9E\u4E2D\uAC00\uD55C\uFF21";

    private HtmlRewriter() {
    }

    /**
     * Wraps a writer: everything written is rewritten and passed on.
     *
     * @param out where the rewritten HTML goes
     * @param policy answers about the page
     * @return the rewriting writer; {@code close()} closes {@code out}
     */
    public static RewritingWriter rewriting(Writer out, ElementPolicy policy) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(policy, "policy");
        return new RewritingWriter(out, policy);
    }

    /**
     * A writer whose characters are rewritten and encoded into an output stream: what a
     * response's writer does, with inserted markup that is the same for many pages
     * ({@link Markup#shared}) encoded once rather than per page. In an ASCII-compatible charset
     * the characters are encoded first and the bytes rewritten; in any other, the characters are
     * rewritten and then encoded. Unmappable characters are replaced.
     *
     * @param out where the encoded, rewritten HTML goes
     * @param charset the charset to encode with
     * @param policy answers about the page
     * @return the rewriting writer; {@code close()} closes {@code out}
     */
    public static Writer rewritingInto(OutputStream out, Charset charset, ElementPolicy policy) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(policy, "policy");
        if (isAsciiCompatible(charset)) {
            // encode first, then tokenize the bytes: one pass over the page instead of projecting the
            // characters for the tokenizer and encoding them afterwards
            return new EncodingWriter(new RewritingOutputStream(out, charset, policy), charset, true);
        }
        return new RewritingWriter(new EncodingWriter(out, charset, false), policy);
    }

    /**
     * A writer that encodes into an output stream, as {@link #rewritingInto} does, without
     * rewriting: for a body that turned out not to need rewriting once the stream was taken.
     *
     * @param out where the encoded text goes
     * @param charset the charset to encode with; unmappable characters are replaced
     * @return the writer; {@code close()} closes {@code out}
     */
    public static Writer encodingInto(OutputStream out, Charset charset) {
        return new EncodingWriter(Objects.requireNonNull(out, "out"), Objects.requireNonNull(charset, "charset"), true);
    }

    /**
     * Wraps an output stream carrying the given charset. For ASCII-compatible charsets (UTF-8,
     * ISO-8859-x, windows-125x, US-ASCII, EUC...) the bytes are scanned directly; others are
     * decoded and encoded again.
     *
     * @param out where the rewritten HTML goes
     * @param charset the charset of the bytes written
     * @param policy answers about the page
     * @return the rewriting stream, which counts the bytes it passes on; {@code close()} closes
     *     {@code out}
     */
    public static RewritingOutputStream rewriting(OutputStream out, Charset charset, ElementPolicy policy) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(policy, "policy");
        return new RewritingOutputStream(out, charset, policy);
    }

    /**
     * One-shot rewrite of a whole document (for tests and small bodies).
     *
     * @param html the document
     * @param policy answers about the page
     * @return the rewritten document
     */
    public static String rewrite(String html, ElementPolicy policy) {
        StringWriter result = new StringWriter(html.length() + 256);
        try (RewritingWriter writer = rewriting(result, policy)) {
            writer.write(html);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return result.toString();
    }

    /**
     * Whether every markup character of HTML is, in this charset, the same single byte as in
     * ASCII, and no other character uses a byte below 0x80: then the byte stream can be
     * tokenized without decoding.
     */
    static boolean isAsciiCompatible(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
                || charset.equals(StandardCharsets.US_ASCII)) {
            return true;
        }
        return ASCII_COMPATIBLE.computeIfAbsent(charset, HtmlRewriter::probe);
    }

    private static boolean probe(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        try {
            CharsetEncoder encoder = charset.newEncoder();
            ByteBuffer ascii = encoder.encode(CharBuffer.wrap(ASCII_PROBE));
            byte[] expected = ASCII_PROBE.getBytes(StandardCharsets.US_ASCII);
            byte[] actual = Arrays.copyOfRange(ascii.array(), ascii.arrayOffset() + ascii.position(),
                    ascii.arrayOffset() + ascii.limit());
            if (!Arrays.equals(expected, actual)) {
                return false;
            }
            for (int i = 0; i < NON_ASCII_PROBE.length(); i++) {
                char c = NON_ASCII_PROBE.charAt(i);
                if (!encoder.canEncode(c)) {
                    continue;
                }
                ByteBuffer encoded = encoder.encode(CharBuffer.wrap(String.valueOf(c)));
                while (encoded.hasRemaining()) {
                    if ((encoded.get() & 0x80) == 0) {
                        return false;         // e.g. ISO-2022-JP, Shift_JIS, UTF-7: decode instead
                    }
                }
            }
            return true;
        } catch (CharacterCodingException | RuntimeException e) {
            return false;
        }
    }
}
