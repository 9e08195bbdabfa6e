package dev.consentkit.servlet.testing;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory {@link HttpServletResponse}: records status, headers and body, and
 * "commits" when flushed, like a container with an unbounded buffer.
 */
public final class FakeResponse implements HttpServletResponse {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);   // header names are case-insensitive, as in a container
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;
    private String contentType;
    private String characterEncoding;
    private boolean committed;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /** Forgets everything so the object can be reused (benchmarks). */
    public void recycle() {
        headers.clear();
        body.reset();
        status = 200;
        contentType = null;
        characterEncoding = null;
        committed = false;
        stream = null;
        writer = null;
    }

    public String bodyText() {
        if (writer != null) {
            writer.flush();
        }
        return body.toString(charset());
    }

    public int bodySize() {
        return body.size();
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    private Charset charset() {
        return characterEncoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(characterEncoding);
    }

    @Override public void addCookie(Cookie cookie) { addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue()); }
    @Override public boolean containsHeader(String name) { return headers.containsKey(name); }
    @Override public String encodeURL(String url) { return url; }
    @Override public String encodeRedirectURL(String url) { return url; }
    @Override public void sendError(int sc, String msg) { status = sc; committed = true; }
    @Override public void sendError(int sc) { status = sc; committed = true; }
    @Override public void sendRedirect(String location) { status = 302; setHeader("Location", location); committed = true; }
    @Override public void setDateHeader(String name, long date) { setHeader(name, Long.toString(date)); }
    @Override public void addDateHeader(String name, long date) { addHeader(name, Long.toString(date)); }
    @Override public void setHeader(String name, String value) {
        if (committed) {
            return;
        }
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
    }
    @Override public void addHeader(String name, String value) {
        if (!committed && value != null) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }
    @Override public void setIntHeader(String name, int value) { setHeader(name, Integer.toString(value)); }
    @Override public void addIntHeader(String name, int value) { addHeader(name, Integer.toString(value)); }
    @Override public void setStatus(int sc) { if (!committed) { status = sc; } }
    @Override public int getStatus() { return status; }
    @Override public String getHeader(String name) { List<String> v = headers.get(name); return v == null ? null : v.get(0); }
    @Override public Collection<String> getHeaders(String name) { return headers(name); }
    @Override public Collection<String> getHeaderNames() { return headers.keySet(); }
    @Override public String getCharacterEncoding() { return characterEncoding == null ? "ISO-8859-1" : characterEncoding; }
    @Override public String getContentType() {
        return contentType == null ? null : characterEncoding == null ? contentType : contentType + ";charset=" + characterEncoding;
    }
    @Override public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener writeListener) { throw new UnsupportedOperationException(); }
                @Override public void write(int b) { body.write(b); }
                @Override public void write(byte[] b, int off, int len) { body.write(b, off, len); }
                @Override public void flush() { committed = true; }
            };
        }
        return stream;
    }
    @Override public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, charset()) {
                @Override public void flush() throws java.io.IOException { super.flush(); committed = true; }
            });
        }
        return writer;
    }
    @Override public void setCharacterEncoding(String charset) { if (writer == null) { characterEncoding = charset; } }
    @Override public void setContentLength(int len) { setHeader("Content-Length", Integer.toString(len)); }
    @Override public void setContentLengthLong(long len) { setHeader("Content-Length", Long.toString(len)); }
    @Override public void setContentType(String type) {
        int semi = type == null ? -1 : type.indexOf(';');
        if (semi >= 0) {
            contentType = type.substring(0, semi).trim();
            String params = type.substring(semi + 1).trim();
            if (params.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                setCharacterEncoding(params.substring(8).trim());
            }
        } else {
            contentType = type;
        }
    }
    @Override public void setBufferSize(int size) { }
    @Override public int getBufferSize() { return Integer.MAX_VALUE; }
    @Override public void flushBuffer() { committed = true; }
    @Override public void resetBuffer() { if (!committed) { body.reset(); } }
    @Override public boolean isCommitted() { return committed; }
    @Override public void reset() { if (!committed) { headers.clear(); body.reset(); status = 200; contentType = null; characterEncoding = null; } }
    @Override public void setLocale(Locale loc) { }
    @Override public Locale getLocale() { return Locale.ENGLISH; }
}
