package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * The rewriter over the bytes of an ASCII-compatible charset: the tokenizer reads the bytes
 * themselves; only held attribute values are decoded (for classification) and only inserted
 * markup is encoded.
 */
final class ByteStreamRewriter extends StreamRewriter {

    private final OutputStream out;
    private final Charset charset;
    private byte[] chunk;                 // the chunk being processed

    ByteStreamRewriter(OutputStream out, Charset charset, ElementPolicy policy) {
        super(policy);
        this.out = out;
        this.charset = charset;
    }

    void write(byte[] bytes, int off, int len) throws IOException {
        chunk = bytes;
        try {
            process(bytes, off, off + len);
        } finally {
            chunk = null;
        }
    }

    @Override
    void emit(int from, int to) throws IOException {
        if (to > from) {
            out.write(chunk, from, to - from);
        }
    }

    @Override
    void holdUnits(int from, int to, int heldAt) {
        // the held bytes are the units themselves
    }

    @Override
    void emitHeld(int from, int to) throws IOException {
        if (to > from) {
            out.write(held.units, from, to - from);
        }
    }

    @Override
    void emitMarkup(String markup) throws IOException {
        int n = markup.length();
        byte[] encoded = buffers.encoded();   // inserted ASCII markup, a slice at a time
        for (int from = 0; from < n; ) {
            int to = Math.min(n, from + encoded.length);
            for (int i = from; i < to; i++) {
                char c = markup.charAt(i);
                if (c >= 0x80) {
                    out.write(encoded, 0, i - from);
                    out.write(markup.substring(i).getBytes(charset));   // ASCII-compatible: ASCII needs no encoder
                    return;
                }
                encoded[i - from] = (byte) c;
            }
            out.write(encoded, 0, to - from);
            from = to;
        }
    }

    @Override
    void emitMarkup(Markup markup) throws IOException {
        if (markup.isShared()) {
            out.write(markup.bytes(charset));
        } else if (markup.ascii() != null) {
            out.write(markup.ascii(), 0, markup.asciiLength());   // ASCII-compatible: the same bytes
        } else {
            emitMarkup(markup.text());
        }
    }

    /**
     * The text of held bytes: looked up first among the values this thread decoded recently
     * (direct-mapped by a hash of the bytes), since a site's pages carry the same script and
     * iframe sources page after page. Only ASCII values are looked up: they are compared with
     * the remembered text itself, so a miss costs no more than the decoding.
     */
    @Override
    String heldText(int from, int to) {
        byte[] units = held.units;
        int n = to - from;
        if (n > RewriteBuffers.MAX_TEXT_BYTES) {
            return new String(units, from, n, charset);
        }
        int hash = n;
        for (int i = from; i < to; i++) {
            byte b = units[i];
            if (b < 0) {
                return new String(units, from, n, charset);
            }
            hash = 31 * hash + b;
        }
        String[] texts = buffers.texts(charset);
        int slot = (hash ^ (hash >>> 16)) & (texts.length - 1);
        String text = texts[slot];
        if (text != null && sameAscii(text, units, from, n)) {
            return text;
        }
        text = new String(units, from, n, charset);
        texts[slot] = text;
        return text;
    }

    private static boolean sameAscii(String text, byte[] units, int from, int n) {
        if (text.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) != units[from + i]) {
                return false;
            }
        }
        return true;
    }
}
