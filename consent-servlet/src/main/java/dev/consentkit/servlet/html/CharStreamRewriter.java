package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * The rewriter over characters: each slice of text is projected to bytes (ASCII characters as
 * themselves, every other character as {@code 0x80}) for the shared tokenizer, which then
 * moves the original characters.
 */
final class CharStreamRewriter extends StreamRewriter {

    /** Characters projected per step: bounds the projection buffer whatever the write size. */
    static final int SLICE = 8192;

    private final Writer out;
    private byte[] projected = new byte[256];
    private char[] source;                 // the characters being processed
    private int sourceOffset;              // index in source of projected[0]
    private char[] copied = new char[0];   // slice buffer for strings
    private char[] heldChars = new char[256];
    private long charsWritten;

    CharStreamRewriter(Writer out, ElementPolicy policy) {
        super(policy);
        this.out = out;
    }

    long charsWritten() {
        return charsWritten;
    }

    void write(char[] chars, int off, int len) throws IOException {
        try {
            while (len > 0) {
                int n = Math.min(len, SLICE);
                if (n > projected.length) {
                    projected = new byte[Math.min(SLICE, Math.max(n, projected.length * 2))];
                }
                project(chars, off, n);
                source = chars;
                sourceOffset = off;
                process(projected, 0, n);
                off += n;
                len -= n;
            }
        } finally {
            source = null;
        }
    }

    void write(String text, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, SLICE);
            if (n > copied.length) {
                copied = new char[Math.min(SLICE, Math.max(n, copied.length * 2))];
            }
            text.getChars(off, off + n, copied, 0);
            write(copied, 0, n);
            off += n;
            len -= n;
        }
    }

    private void project(char[] chars, int off, int n) {
        byte[] p = projected;
        for (int k = 0; k < n; k++) {
            char c = chars[off + k];
            p[k] = c < 0x80 ? (byte) c : (byte) 0x80;
        }
    }

    @Override
    void emit(int from, int to) throws IOException {
        if (to > from) {
            out.write(source, sourceOffset + from, to - from);
            charsWritten += to - from;
        }
    }

    @Override
    void holdUnits(int from, int to, int heldAt) {
        int n = to - from;
        if (heldAt + n > heldChars.length) {
            heldChars = Arrays.copyOf(heldChars,
                    Math.max(heldAt + n, Math.min(heldChars.length * 2, HeldTag.MAX_LENGTH)));
        }
        System.arraycopy(source, sourceOffset + from, heldChars, heldAt, n);
    }

    @Override
    void emitHeld(int from, int to) throws IOException {
        if (to > from) {
            out.write(heldChars, from, to - from);
            charsWritten += to - from;
        }
    }

    @Override
    void emitMarkup(String markup) throws IOException {
        out.write(markup);
        charsWritten += markup.length();
    }

    @Override
    void emitMarkup(Markup markup) throws IOException {
        if (markup.isShared() && out instanceof EncodingWriter encoding) {
            encoding.writeEncoded(markup.bytes(encoding.charset()));   // encoded once for all pages
            charsWritten += markup.text().length();
        } else {
            emitMarkup(markup.text());
        }
    }

    @Override
    String heldText(int from, int to) {
        return new String(heldChars, from, to - from);
    }

    /** Capacity of the held characters, for tests of bounded memory. */
    int heldCharsCapacity() {
        return heldChars.length;
    }
}
