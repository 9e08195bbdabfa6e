package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Encodes characters into a byte stream, like {@link java.io.OutputStreamWriter}, but also takes
 * markup that is already encoded ({@link #writeEncoded}). It holds at most {@value #BUFFER}
 * bytes and one high surrogate, and passes the bytes on at the end of every write when it writes
 * through, else when {@link #passOn()} is called: a response body must have reached the container
 * when the application's write returns, since an asynchronous request may complete right after.
 * Unmappable and malformed characters are replaced, never thrown.
 */
final class EncodingWriter extends Writer {

    static final int BUFFER = 1024;

    private final OutputStream out;
    private final Charset charset;
    private final CharsetEncoder encoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final char[] pair = new char[2];
    private final char[] slice = new char[256];
    private final CharBuffer sliceBuffer = CharBuffer.wrap(slice);
    private CharBuffer wrapped;            // the last array written, wrapped: writers reuse theirs
    private char highSurrogate;            // the first half of a pair split between two writes, or 0
    private final boolean writeThrough;   // pass bytes on at the end of every write
    private boolean closed;

    EncodingWriter(OutputStream out, Charset charset, boolean writeThrough) {
        this.out = out;
        this.writeThrough = writeThrough;
        this.charset = charset;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    Charset charset() {
        return charset;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        ensureOpen();
        if (len <= 0) {
            return;
        }
        if (highSurrogate != 0) {
            pair[0] = highSurrogate;
            pair[1] = chars[off];
            highSurrogate = 0;
            encode(CharBuffer.wrap(pair, 0, 2), false);
            off++;
            len--;
        }
        encode(wrap(chars, off, len), false);
        if (writeThrough) {
            drain();
        }
    }

    private CharBuffer wrap(char[] chars, int off, int len) {
        CharBuffer buffer = chars == slice ? sliceBuffer : wrapped;
        if (buffer == null || !buffer.hasArray() || buffer.array() != chars) {
            buffer = CharBuffer.wrap(chars);
            wrapped = buffer;
        }
        buffer.limit(off + len).position(off);
        return buffer;
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        while (len > 0) {                  // through an array: the encoders' fast paths need one
            int n = Math.min(len, slice.length);
            text.getChars(off, off + n, slice, 0);
            write(slice, 0, n);
            off += n;
            len -= n;
        }
    }

    /** Passes bytes already in this writer's charset on, after the characters written before them. */
    void writeEncoded(byte[] encoded) throws IOException {
        ensureOpen();
        endPendingCharacter();
        drain();
        out.write(encoded);
    }

    /** Passes on the bytes of everything written so far (except half a surrogate pair), without flushing the stream. */
    void passOn() throws IOException {
        drain();
    }

    private void encode(CharBuffer chars, boolean endOfInput) throws IOException {
        for (;;) {
            CoderResult result = encoder.encode(chars, bytes, endOfInput);
            if (result.isOverflow()) {
                drain();
            } else {
                break;
            }
        }
        if (chars.hasRemaining()) {
            highSurrogate = chars.get();   // underflow leaves only the first half of a pair
        }
    }

    /** A high surrogate whose pair never came: replaced, as a malformed character. */
    private void endPendingCharacter() throws IOException {
        if (highSurrogate != 0) {
            pair[0] = highSurrogate;
            highSurrogate = 0;
            encode(CharBuffer.wrap(pair, 0, 1), true);
            encoder.reset();
        }
    }

    private void drain() throws IOException {
        if (bytes.position() > 0) {
            out.write(bytes.array(), 0, bytes.position());
            bytes.clear();
        }
    }

    /** Passes on everything written (except half a surrogate pair), then flushes the stream. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        drain();
        out.flush();
    }

    /** Ends the text (half a surrogate pair becomes a replacement), passes it on and closes the stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            try {
                endPendingCharacter();
                encode(CharBuffer.wrap(pair, 0, 0), true);
                while (encoder.flush(bytes).isOverflow()) {
                    drain();
                }
                drain();
            } finally {
                closed = true;
                out.close();
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
    }
}
