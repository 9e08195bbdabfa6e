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
    private byte[] encoded = new byte[64];

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
        if (n > encoded.length) {
            encoded = new byte[Math.max(n, encoded.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            char c = markup.charAt(i);
            if (c >= 0x80) {
                out.write(markup.getBytes(charset));   // ASCII-compatible: ASCII needs no encoder
                return;
            }
            encoded[i] = (byte) c;
        }
        out.write(encoded, 0, n);
    }

    @Override
    String heldText(int from, int to) {
        return new String(held.units, from, to - from, charset);
    }
}
