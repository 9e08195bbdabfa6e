package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * An output stream that rewrites the HTML written to it, in a given charset, and passes it on;
 * see {@link HtmlRewriter}. It counts the bytes it passes on, so that a response's
 * {@code Content-Length} can be set from the real output. Not thread-safe, like a response's
 * output stream.
 */
public final class RewritingOutputStream extends OutputStream {

    private final CountingOutputStream out;
    private final Charset charset;
    private final ByteStreamRewriter bytes;            // ASCII-compatible charsets
    private final TranscodingRewriter transcoding;     // other charsets
    private byte[] single;
    private boolean finished;
    private boolean closed;

    RewritingOutputStream(OutputStream out, Charset charset, ElementPolicy policy) {
        this.out = new CountingOutputStream(out);
        this.charset = charset;
        if (HtmlRewriter.isAsciiCompatible(charset)) {
            bytes = new ByteStreamRewriter(this.out, charset, policy);
            transcoding = null;
        } else {
            bytes = null;
            transcoding = new TranscodingRewriter(this.out, charset, policy);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (single == null) {
            single = new byte[1];
        }
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        if ((off | len | (b.length - off - len)) < 0) {
            throw new IndexOutOfBoundsException("offset " + off + ", length " + len + ", array length " + b.length);
        }
        if (bytes != null) {
            bytes.write(b, off, len);
        } else {
            transcoding.write(b, off, len);
        }
    }

    /**
     * Passes on everything written so far except an incomplete tag (at most 64 KiB) and, for
     * charsets that are not ASCII-compatible, an incomplete character; then flushes the
     * underlying stream.
     */
    @Override
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        if (bytes != null) {
            out.flush();
        } else {
            transcoding.flush();
        }
    }

    /**
     * Ends the document: passes on an incomplete tag as it is, and flushes the underlying stream,
     * leaving it open. Later writes fail; {@link #close()} still closes the underlying stream.
     *
     * @throws IOException when the underlying stream fails
     */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (bytes != null) {
                bytes.finish();
                out.flush();
            } else {
                transcoding.finish();
            }
        }
    }

    /** Ends the document as {@link #finish()} does, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            try {
                finish();
            } finally {
                closed = true;
                if (bytes != null) {
                    out.close();
                } else {
                    transcoding.close();
                }
            }
        }
    }

    /**
     * The number of bytes passed on to the underlying stream so far, in the stream's charset:
     * after {@link #finish()} or {@link #close()}, the length of the whole rewritten body. For
     * charsets that are not ASCII-compatible, bytes still in the encoder are counted only once
     * {@link #flush()}, {@code finish()} or {@code close()} has passed them on.
     *
     * @return the count of bytes written downstream
     */
    public long bytesWritten() {
        return out.count();
    }

    /**
     * The charset the stream carries.
     *
     * @return the charset given when the stream was created
     */
    public Charset charset() {
        return charset;
    }

    int heldCapacity() {
        return bytes != null ? bytes.heldCapacity() : transcoding.heldCapacity();
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("Stream closed: the document was finished");
        }
    }
}
