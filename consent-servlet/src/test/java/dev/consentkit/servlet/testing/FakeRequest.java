package dev.consentkit.servlet.testing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory {@link HttpServletRequest} for driving the filter directly (unit tests and
 * benchmarks). Only what a filter reads is implemented; the rest throws.
 */
public final class FakeRequest implements HttpServletRequest {

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);   // header names are case-insensitive, as in a container
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Cookie[] cookies;
    private byte[] body = new byte[0];
    private String contentType;

    public FakeRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeRequest cookie(String name, String value) {
        List<Cookie> list = new ArrayList<>(cookies == null ? List.of() : List.of(cookies));
        list.add(new Cookie(name, value));
        cookies = list.toArray(Cookie[]::new);
        return this;
    }

    public FakeRequest parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    public FakeRequest body(String contentType, String body) {
        this.contentType = contentType;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Forgets attributes so the same request object can be reused (benchmarks). */
    public void clearAttributes() {
        attributes.clear();
    }

    @Override public String getMethod() { return method; }
    @Override public String getServletPath() { return path; }
    @Override public String getPathInfo() { return null; }
    @Override public String getContextPath() { return ""; }
    @Override public String getRequestURI() { return path; }
    @Override public StringBuffer getRequestURL() { return new StringBuffer("http://localhost:8080" + path); }
    @Override public String getQueryString() { return null; }
    @Override public Cookie[] getCookies() { return cookies; }
    @Override public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }
    @Override public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(headers.getOrDefault(name, List.of()));
    }
    @Override public Enumeration<String> getHeaderNames() { return Collections.enumeration(headers.keySet()); }
    @Override public int getIntHeader(String name) { String v = getHeader(name); return v == null ? -1 : Integer.parseInt(v); }
    @Override public long getDateHeader(String name) { return -1; }
    @Override public Object getAttribute(String name) { return attributes.get(name); }
    @Override public Enumeration<String> getAttributeNames() { return Collections.enumeration(attributes.keySet()); }
    @Override public void setAttribute(String name, Object o) { attributes.put(name, o); }
    @Override public void removeAttribute(String name) { attributes.remove(name); }
    @Override public String getParameter(String name) { return parameters.get(name); }
    @Override public Enumeration<String> getParameterNames() { return Collections.enumeration(parameters.keySet()); }
    @Override public String[] getParameterValues(String name) { String v = parameters.get(name); return v == null ? null : new String[] {v}; }
    @Override public Map<String, String[]> getParameterMap() {
        Map<String, String[]> m = new LinkedHashMap<>();
        parameters.forEach((k, v) -> m.put(k, new String[] {v}));
        return m;
    }
    @Override public String getScheme() { return "http"; }
    @Override public String getServerName() { return "localhost"; }
    @Override public int getServerPort() { return 8080; }
    @Override public boolean isSecure() { return false; }
    @Override public String getProtocol() { return "HTTP/1.1"; }
    @Override public String getContentType() { return contentType; }
    @Override public String getCharacterEncoding() { return contentType == null || !contentType.contains("charset=") ? null : contentType.substring(contentType.indexOf("charset=") + 8); }
    @Override public void setCharacterEncoding(String env) { }
    @Override public int getContentLength() { return body.length; }
    @Override public long getContentLengthLong() { return body.length; }
    @Override public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener readListener) { throw new UnsupportedOperationException(); }
            @Override public int read() { return in.read(); }
            @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
        };
    }
    @Override public BufferedReader getReader() { return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)); }
    @Override public DispatcherType getDispatcherType() { return DispatcherType.REQUEST; }
    @Override public boolean isAsyncStarted() { return false; }
    @Override public boolean isAsyncSupported() { return false; }
    @Override public String getRemoteAddr() { return "127.0.0.1"; }
    @Override public String getRemoteHost() { return "localhost"; }
    @Override public int getRemotePort() { return 50000; }
    @Override public String getLocalName() { return "localhost"; }
    @Override public String getLocalAddr() { return "127.0.0.1"; }
    @Override public int getLocalPort() { return 8080; }
    @Override public Locale getLocale() { return Locale.ENGLISH; }
    @Override public Enumeration<Locale> getLocales() { return Collections.enumeration(List.of(Locale.ENGLISH)); }
    @Override public ServletContext getServletContext() { return null; }
    @Override public String getRequestId() { return "1"; }
    @Override public String getProtocolRequestId() { return ""; }
    @Override public ServletConnection getServletConnection() { throw new UnsupportedOperationException(); }
    @Override public String getAuthType() { return null; }
    @Override public String getPathTranslated() { return null; }
    @Override public String getRemoteUser() { return null; }
    @Override public boolean isUserInRole(String role) { return false; }
    @Override public Principal getUserPrincipal() { return null; }
    @Override public String getRequestedSessionId() { return null; }
    @Override public HttpSession getSession(boolean create) { return null; }
    @Override public HttpSession getSession() { return null; }
    @Override public String changeSessionId() { throw new UnsupportedOperationException(); }
    @Override public boolean isRequestedSessionIdValid() { return false; }
    @Override public boolean isRequestedSessionIdFromCookie() { return false; }
    @Override public boolean isRequestedSessionIdFromURL() { return false; }
    @Override public boolean authenticate(HttpServletResponse response) { return false; }
    @Override public void login(String username, String password) { throw new UnsupportedOperationException(); }
    @Override public void logout() { }
    @Override public Collection<Part> getParts() { return List.of(); }
    @Override public Part getPart(String name) { return null; }
    @Override public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) { throw new UnsupportedOperationException(); }
    @Override public RequestDispatcher getRequestDispatcher(String path) { return null; }
    @Override public AsyncContext startAsync() { throw new IllegalStateException("not async"); }
    @Override public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) { throw new IllegalStateException("not async"); }
    @Override public AsyncContext getAsyncContext() { throw new IllegalStateException("not async"); }
}
