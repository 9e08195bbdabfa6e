package dev.consentkit.servlet.html;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that rewrites the HTML written to it and passes it on; see {@link HtmlRewriter}.
 * Not thread-safe, like a response's writer.
 */
public final class RewritingWriter extends Writer {

    private final Writer out;
    private final CharStreamRewriter rewriter;
    private char[] single;
    private boolean closed;

    RewritingWriter(Writer out, ElementPolicy policy) {
        this.out = out;
        this.rewriter = new CharStreamRewriter(out, policy);
    }

    @Override
    public void write(int c) throws IOException {
        if (single == null) {
            single = new char[1];
        }
        single[0] = (char) c;
        write(single, 0, 1);
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        ensureOpen();
        if ((off | len | (chars.length - off - len)) < 0) {
            throw new IndexOutOfBoundsException("offset " + off + ", length " + len + ", array length " + chars.length);
        }
        rewriter.write(chars, off, len);
        passOn();
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        ensureOpen();
        if ((off | len | (text.length() - off - len)) < 0) {
            throw new IndexOutOfBoundsException("offset " + off + ", length " + len + ", string length " + text.length());
        }
        rewriter.write(text, off, len);
        passOn();
    }

    /** Everything but a held tag reaches the underlying writer before a write returns. */
    private void passOn() throws IOException {
        if (out instanceof EncodingWriter encoding) {
            encoding.passOn();
        }
    }

    /**
     * Passes on everything written so far except an incomplete tag (at most
     * 64 KiB), then flushes the underlying writer.
     */
    @Override
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        out.flush();
    }

    /**
     * Ends the document: passes on an incomplete tag as it is and flushes the underlying writer,
     * leaving it open. Later writes fail; {@link #close()} still closes the underlying writer.
     *
     * @throws IOException when the underlying writer fails
     */
    public void finish() throws IOException {
        if (!rewriter.isFinished()) {
            rewriter.finish();
            out.flush();
        }
    }

    /** Ends the document as {@link #finish()} does, then closes the underlying writer. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            try {
                finish();
            } finally {
                closed = true;
                out.close();
            }
        }
    }

    /**
     * The number of characters passed on to the underlying writer so far.
     *
     * @return the count of characters written downstream
     */
    public long charsWritten() {
        return rewriter.charsWritten();
    }

    int heldCapacity() {
        return rewriter.heldCharsCapacity();
    }

    private void ensureOpen() throws IOException {
        if (rewriter.isFinished()) {
            throw new IOException("Stream closed: the document was finished");
        }
    }
}
