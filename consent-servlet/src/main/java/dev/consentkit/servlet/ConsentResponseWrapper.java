package dev.consentkit.servlet;

import dev.consentkit.servlet.html.ElementPolicy;
import dev.consentkit.servlet.html.HtmlRewriter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps the application's response: drops {@code Set-Cookie} headers of categories the visitor
 * has not allowed, whichever way they are set, and streams HTML through the rewriter.
 *
 * <p>Whether to rewrite is decided at the first write (or flush, or the end), not when
 * wrapping: only then are status, content type and encoding known. A {@code Content-Length}
 * the application sets is held until that decision and dropped when the body is rewritten.
 */
final class ConsentResponseWrapper extends HttpServletResponseWrapper {

    private static final Logger LOG = Logger.getLogger(ConsentResponseWrapper.class.getName());

    private final SetCookieGate gate;
    private final List<String> expiries;     // Set-Cookie values that expire refused cookies
    private final ElementPolicy elements;    // null: never rewrite (not a configured page, or fail-closed)
    private final boolean headRequest;

    private Boolean rewriting;               // null until decided
    private long heldContentLength = -1;     // set by the application before the decision
    private LazyStream stream;
    private PrintWriter writer;
    private LazyWriter lazyWriter;
    private boolean finished;

    ConsentResponseWrapper(HttpServletResponse response, SetCookieGate gate, List<String> expiries,
                           ElementPolicy elements, boolean headRequest) {
        super(response);
        this.gate = gate;
        this.expiries = expiries;
        this.elements = elements;
        this.headRequest = headRequest;
        addExpiries();
    }

    private void addExpiries() {
        for (int i = 0; i < expiries.size(); i++) {       // no iterator for the usual empty list
            super.addHeader("Set-Cookie", expiries.get(i));
        }
    }

    // ------------------------------------------------------------------ cookies

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie != null && gate.allows(cookie.getName())) {
            super.addCookie(cookie);
        }
    }

    private static boolean isSetCookie(String name) {
        return name != null && name.equalsIgnoreCase("Set-Cookie");
    }

    private static boolean isContentLength(String name) {
        return name != null && name.equalsIgnoreCase("Content-Length");
    }

    @Override
    public void addHeader(String name, String value) {
        if (isSetCookie(name)) {
            if (gate.allowsHeader(value)) {
                super.addHeader(name, value);
            }
        } else if (isContentLength(name)) {
            holdContentLength(parseLength(value));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (isSetCookie(name)) {
            if (value != null && !gate.allowsHeader(value)) {
                return;
            }
            super.setHeader(name, value); // replaces every Set-Cookie, ours included: put ours back
            addExpiries();
        } else if (isContentLength(name)) {
            holdContentLength(value == null ? -1 : parseLength(value));
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isContentLength(name)) {
            holdContentLength(value);
        } else if (!isSetCookie(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isContentLength(name)) {
            holdContentLength(value);
        } else if (!isSetCookie(name)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!isSetCookie(name) && !isContentLength(name)) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!isSetCookie(name) && !isContentLength(name)) {
            super.addDateHeader(name, date);
        }
    }

    // ------------------------------------------------------------------ content length

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void setContentLength(int len) {
        holdContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        holdContentLength(len);
    }

    private void holdContentLength(long length) {
        if (rewriting == null) {
            heldContentLength = length;
        } else if (!rewriting) {
            super.setContentLengthLong(length);
        }
        // rewriting: the body's length changes, the container counts or chunks it
    }

    // ------------------------------------------------------------------ the decision

    /** Decides once whether the body is rewritten; applies or drops the held length. */
    private boolean decide() {
        if (rewriting != null) {
            return rewriting;
        }
        boolean rewrite = false;
        try {
            rewrite = elements != null && isRewritable();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot inspect the response; passing the body through", e);
        }
        rewriting = rewrite;
        if (rewrite) {
            // a rewritten page embeds this visitor's state: no shared cache may keep it
            String cacheControl = getHeader("Cache-Control");
            if (cacheControl == null || !(cacheControl.contains("no-store") || cacheControl.contains("private"))) {
                super.setHeader("Cache-Control", "private, no-cache");
            }
            super.addHeader("Vary", "Cookie");
        } else if (heldContentLength >= 0) {
            super.setContentLengthLong(heldContentLength);
        }
        return rewrite;
    }

    private boolean isRewritable() {
        if (isCommitted()) {
            return false;
        }
        int status = getStatus();
        if (status < 200 || status == 204 || status == 205 || status == 304) {
            return false;
        }
        String type = getContentType();
        if (type == null) {
            return false;
        }
        if (!(type.regionMatches(true, 0, "text/html", 0, 9) || type.regionMatches(true, 0, "application/xhtml+xml", 0, 21))) {
            return false;
        }
        String encoding = getHeader("Content-Encoding");
        return encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity");
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    // ------------------------------------------------------------------ body

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        if (stream == null) {
            stream = new LazyStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (stream != null) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
        if (writer == null) {
            // a page that may be rewritten takes the container's writer or stream at its first write,
            // when the decision is made; anything else gets the container's writer now, as is
            lazyWriter = elements == null ? new LazyWriter(super.getWriter(), null) : new LazyWriter(null, charset());
            writer = new PrintWriter(lazyWriter, false);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        decide();
        if (writer != null) {
            writer.flush();
        } else if (stream != null) {
            stream.flush();
        }
        super.flushBuffer();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        restartBody();
    }

    @Override
    public void reset() {
        super.reset();
        restartBody();
        heldContentLength = -1;
        addExpiries();
    }

    /** After a reset nothing has been written: the decision and the rewriter start over. */
    private void restartBody() {
        if (!isCommitted()) {
            rewriting = null;
            if (stream != null) {
                stream.restart();
            }
            if (lazyWriter != null) {
                lazyWriter.restart();
            }
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandonBody();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandonBody();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandonBody();
        super.sendRedirect(location);
    }

    /** The container writes its own body now; whatever the rewriter holds is discarded. */
    private void abandonBody() {
        rewriting = Boolean.FALSE;
        finished = true;
        if (stream != null) {
            stream.abandon();
        }
        if (lazyWriter != null) {
            lazyWriter.abandon();
        }
    }

    /**
     * Completes the response after the application is done: flushes what the rewriter holds,
     * and applies a held length when nothing was written. Never throws.
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            boolean rewrite = decide();
            if (writer != null) {
                lazyWriter.finish();
            } else if (stream != null) {
                stream.finish();
            } else if (rewrite && headRequest) {
                // HEAD of a rewritten page: the GET body's length is unknown, so none is sent
                super.setHeader("Content-Length", null);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away while the response was completed", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "completing the response failed", e);
        }
    }

    // ------------------------------------------------------------------ lazy body streams

    /** A stream that decides at its first write whether bytes go through the rewriter. */
    private final class LazyStream extends ServletOutputStream {
        private final ServletOutputStream target;
        private OutputStream sink;  // target, or the rewriter in front of it
        private NonClosing unclosed; // between the rewriter and target
        private boolean abandoned;
        private boolean nonBlocking; // the application set a write listener

        LazyStream(ServletOutputStream target) {
            this.target = target;
        }

        private OutputStream sink() {
            if (sink == null) {
                sink = decide() ? rewriter() : target;
            }
            return sink;
        }

        private OutputStream rewriter() {
            try {
                unclosed = new NonClosing(target);
                return HtmlRewriter.rewriting(unclosed, charset(), elements);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot start the HTML rewriter; passing the body through", e);
                return target;
            }
        }

        void restart() {
            sink = null;
        }

        void abandon() {
            abandoned = true;
        }

        void finish() throws IOException {
            if (!abandoned && sink != null && sink != target) {
                // passes a held partial tag on; NonClosing keeps the target open and, since the
                // container completes the response, unflushed (it may then still set Content-Length)
                unclosed.endOfResponse();
                sink.close();
            }
        }

        /** Whether the rewriter's output is gathered into one container write per call: non-blocking output. */
        private boolean batched(OutputStream s) {
            return nonBlocking && s != target && unclosed != null;
        }

        /**
         * Runs one operation of the application on the rewriter, its output gathered and then
         * written to the container at once (dropped when the operation fails).
         *
         * @return whether anything was written
         */
        private boolean batch(Operation operation) throws IOException {
            unclosed.startBatch();
            boolean done = false;
            boolean wrote;
            try {
                operation.run();
                done = true;
            } finally {
                wrote = unclosed.endBatch(done);
            }
            return wrote;
        }

        @Override
        public void write(int b) throws IOException {
            if (!abandoned) {
                OutputStream s = sink();
                if (batched(s)) {
                    batch(() -> s.write(b));
                } else {
                    s.write(b);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!abandoned) {
                OutputStream s = sink();
                if (batched(s)) {
                    batch(() -> s.write(b, off, len));
                } else {
                    s.write(b, off, len);
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (!abandoned && sink != null) {
                OutputStream s = sink;
                if (batched(s)) {
                    if (batch(s::flush)) {
                        return;            // one operation per isReady(): the write just made sends
                    }
                } else {
                    s.flush();
                }
            }
            target.flush();
        }

        @Override
        public void close() throws IOException {
            if (!abandoned) {
                OutputStream s = sink();
                if (batched(s)) {
                    batch(s::close);
                } else {
                    s.close();
                }
            }
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
            nonBlocking = true;
        }
    }

    /**
     * A writer that decides at its first write whether chars go through the rewriter. A rewritten
     * page is encoded here, in the charset the response had when the application asked for the
     * writer, into the container's output stream (some containers' writers encode a character
     * at a time, and the inserted markup is then encoded once for all pages); otherwise the
     * chars go to the container's writer.
     */
    private final class LazyWriter extends Writer {
        private final Charset charset;        // fixed when the application took the writer; null: target given
        private PrintWriter target;           // the container's writer, once taken
        private ServletOutputStream bytes;    // the container's stream, once taken for a rewritten page
        private NonClosing unclosedBytes;     // between the sink and bytes
        private NonClosingWriter unclosedChars; // between the rewriter and target
        private Writer sink;
        private boolean abandoned;

        LazyWriter(PrintWriter target, Charset charset) {
            this.target = target;
            this.charset = charset;
        }

        private PrintWriter target() throws IOException {
            if (target == null) {
                if (charset != null && !charset.equals(charset())) {
                    setCharacterEncoding(charset.name());   // changed after getWriter(): ignored, as the container would
                }
                target = ConsentResponseWrapper.super.getWriter();
            }
            return target;
        }

        private Writer sink() throws IOException {
            if (sink == null) {
                Writer rewritten = null;
                if (decide()) {
                    try {
                        rewritten = rewriter();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot start the HTML rewriter; passing the body through", e);
                    }
                }
                sink = rewritten != null ? rewritten : plain();
            }
            return sink;
        }

        private Writer rewriter() throws IOException {
            if (target == null && charset != null) {
                try {
                    if (bytes == null) {
                        setCharacterEncoding(charset.name());       // what the container's getWriter() declares
                        bytes = ConsentResponseWrapper.super.getOutputStream();
                    }
                    unclosedBytes = new NonClosing(bytes);
                    return HtmlRewriter.rewritingInto(unclosedBytes, charset, elements);
                } catch (IllegalStateException e) {
                    // the container's writer was taken around this wrapper: rewrite into it instead
                    LOG.log(Level.FINE, "the container's stream is not available; rewriting through its writer", e);
                }
            }
            unclosedChars = new NonClosingWriter(target());
            return HtmlRewriter.rewriting(unclosedChars, elements);
        }

        /** Where chars go unchanged: the container's writer, or, once its stream was taken, an encoder into it. */
        private Writer plain() throws IOException {
            if (bytes != null) {
                unclosedBytes = new NonClosing(bytes);
                return HtmlRewriter.encodingInto(unclosedBytes, charset);
            }
            return target();
        }

        void restart() {
            sink = null;
        }

        void abandon() {
            abandoned = true;
        }

        void finish() throws IOException {
            if (!abandoned && sink != null && sink != target) {
                // as LazyStream.finish(): passed on, left for the container to flush as it completes
                if (unclosedBytes != null) {
                    unclosedBytes.endOfResponse();
                }
                if (unclosedChars != null) {
                    unclosedChars.endOfResponse();
                }
                sink.close();
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (!abandoned) {
                sink().write(cbuf, off, len);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            if (!abandoned) {
                sink().write(str, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!abandoned && sink != null) {
                sink.flush();
            }
            if (bytes != null) {
                bytes.flush();
            } else {
                target().flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!abandoned) {
                sink().close();
            }
            if (bytes != null) {
                bytes.close();
            } else {
                target().close();
            }
        }
    }

    /** An output operation of the application. */
    @FunctionalInterface
    private interface Operation {
        void run() throws IOException;
    }

    /**
     * Between the rewriter and the container's stream: keeps the container's stream open when
     * the rewriter is closed, and, with non-blocking output, gathers what the rewriter makes of
     * one write of the application (the page's bytes, the bootstrap, held tags) into one write to
     * the container, which accepts one write each time {@code isReady()} returns true.
     */
    private static final class NonClosing extends OutputStream {
        private final OutputStream target;
        private boolean ending;
        private boolean batching;   // inside one write of the application, with non-blocking output
        private byte[] batch;       // a new array per batch: the container may keep it until the write completes
        private int batched;

        NonClosing(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            if (batching) {
                ensure(1);
                batch[batched++] = (byte) b;
            } else {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (batching) {
                ensure(len);
                System.arraycopy(b, off, batch, batched, len);
                batched += len;
            } else {
                target.write(b, off, len);
            }
        }

        private void ensure(int more) {
            if (batch == null) {
                batch = new byte[more + 512];    // usually all of it: the write's bytes, a held tag
            } else if (batched + more > batch.length) {
                batch = Arrays.copyOf(batch, Math.max(batched + more, batch.length * 2));
            }
        }

        /** Gathers what follows, until {@link #endBatch}. */
        void startBatch() {
            batching = true;
        }

        /**
         * Writes what was gathered to the container in one write, or drops it when the
         * application's write failed.
         *
         * @return whether anything was written
         */
        boolean endBatch(boolean write) throws IOException {
            batching = false;
            byte[] bytes = batch;
            int n = batched;
            batch = null;
            batched = 0;
            if (write && n > 0) {
                target.write(bytes, 0, n);
                return true;
            }
            return false;
        }

        /** The response ends: the container flushes as it completes it, and a flush now would commit it early. */
        void endOfResponse() {
            ending = true;
        }

        @Override
        public void flush() throws IOException {
            if (!ending && !batching) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!ending && !batching) {
                target.flush();
            }
        }
    }

    private static final class NonClosingWriter extends Writer {
        private final Writer target;
        private boolean ending;

        NonClosingWriter(Writer target) {
            this.target = target;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            target.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            target.write(str, off, len);
        }

        /** The response ends: the container flushes as it completes it, and a flush now would commit it early. */
        void endOfResponse() {
            ending = true;
        }

        @Override
        public void flush() throws IOException {
            if (!ending) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!ending) {
                target.flush();
            }
        }
    }
}
