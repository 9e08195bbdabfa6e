package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rewriter over the bytes of a charset that is not ASCII-compatible (UTF-16, UTF-32...):
 * decoded to characters, rewritten by {@link CharStreamRewriter}, encoded again. For UTF-16 and
 * UTF-32, whose Java encoders would add or drop a byte order mark, the byte order is read from
 * the first bytes and a byte order mark passes through as the character U+FEFF.
 */
final class TranscodingRewriter {

    private static final int BUFFER = 2048;

    private final Charset charset;
    private final OutputStream out;
    private final ElementPolicy policy;
    private final ByteBuffer input = ByteBuffer.allocate(BUFFER);
    private final CharBuffer decoded = CharBuffer.allocate(BUFFER);
    private CharsetDecoder decoder;        // null while the byte order is being read
    private Writer encoder;
    private CharStreamRewriter rewriter;

    TranscodingRewriter(OutputStream out, Charset charset, ElementPolicy policy) {
        this.out = out;
        this.charset = charset;
        this.policy = policy;
    }

    void write(byte[] bytes, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, input.remaining());
            input.put(bytes, off, n);
            off += n;
            len -= n;
            if (decoder == null) {
                if (input.position() < byteOrderMarkLength()) {
                    continue;
                }
                start();
            }
            input.flip();
            decode(false);
            input.compact();
        }
    }

    /** Flushes what is decoded and encoded; an incomplete character or tag stays. */
    void flush() throws IOException {
        if (encoder != null) {
            encoder.flush();
        } else {
            out.flush();
        }
    }

    /** Decodes the rest (a truncated character becomes U+FFFD) and writes out what is held. */
    void finish() throws IOException {
        if (decoder == null) {
            start();
        }
        input.flip();
        decode(true);
        input.clear();
        while (decoder.flush(decoded).isOverflow()) {
            drain();
        }
        drain();
        rewriter.finish();
        encoder.flush();
    }

    /** After {@link #finish}: closes the encoder (ending an incomplete surrogate pair) and the stream. */
    void close() throws IOException {
        encoder.close();
    }

    int heldCapacity() {
        return rewriter == null ? 0 : rewriter.heldCharsCapacity();
    }

    private int byteOrderMarkLength() {
        String name = charset.name();
        return name.equals("UTF-16") ? 2 : name.equals("UTF-32") ? 4 : 0;
    }

    private void start() {
        Charset actual = charset;
        int n = input.position();
        String name = charset.name();
        if (name.equals("UTF-16")) {
            boolean little = n >= 2 && input.get(0) == (byte) 0xFF && input.get(1) == (byte) 0xFE;
            actual = little ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        } else if (name.equals("UTF-32")) {
            boolean little = n >= 4 && input.get(0) == (byte) 0xFF && input.get(1) == (byte) 0xFE
                    && input.get(2) == 0 && input.get(3) == 0;
            actual = Charset.forName(little ? "UTF-32LE" : "UTF-32BE");
        }
        decoder = actual.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharsetEncoder charsetEncoder = actual.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        encoder = new OutputStreamWriter(out, charsetEncoder);
        rewriter = new CharStreamRewriter(encoder, policy);
    }

    private void decode(boolean endOfInput) throws IOException {
        while (decoder.decode(input, decoded, endOfInput).isOverflow()) {
            drain();
        }
        drain();
    }

    private void drain() throws IOException {
        if (decoded.position() > 0) {
            decoded.flip();
            rewriter.write(decoded.array(), 0, decoded.limit());
            decoded.clear();
        }
    }
}
