package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Checks and reads of endpoint requests: origin, content type, body size, page path. */
public final class EndpointRequest {

    /** Longest page path accepted. */
    static final int MAX_PAGE_LENGTH = 2048;

    private EndpointRequest() {
    }

    /**
     * A request ConsentKit cannot use, with a message for the client: answered with a 400. Other
     * exceptions, whatever their type, are internal failures and their messages stay in the log.
     */
    static final class BadRequest extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** A body over the limit. */
    public static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * Whether a state-changing request comes from the page's own origin (or an allowed one):
     * the {@code Origin} header when present, else {@code Sec-Fetch-Site: same-origin}, else a
     * same-origin {@code Referer}. A request with none of them is refused.
     *
     * @param request the request
     * @param allowedOrigins further origins, {@code scheme://host[:port]} in lower case
     * @return true when the request may change state
     */
    public static boolean sameOrigin(HttpServletRequest request, Set<String> allowedOrigins) {
        String own = origin(request);
        String origin = request.getHeader("Origin");
        if (origin != null) {
            String o = origin.trim().toLowerCase(Locale.ROOT);
            return o.equals(own) || allowedOrigins.contains(o);
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equals(site.trim());
        }
        String referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                URI uri = new URI(referer.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return false;
                }
                String refOrigin = origin(uri.getScheme(), uri.getHost(), uri.getPort());
                return refOrigin.equals(own) || allowedOrigins.contains(refOrigin);
            } catch (URISyntaxException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether the request carries any of the headers {@link #sameOrigin} decides on:
     * {@code Origin}, {@code Sec-Fetch-Site} or {@code Referer}.
     *
     * @param request the request
     * @return false when the request says nothing of where it comes from
     */
    public static boolean hasOriginSignal(HttpServletRequest request) {
        return request.getHeader("Origin") != null || request.getHeader("Sec-Fetch-Site") != null
                || request.getHeader("Referer") != null;
    }

    /**
     * The request's own origin, {@code scheme://host[:port]} in lower case, default ports left
     * out.
     *
     * @param request the request
     * @return the origin, such as {@code https://webinars.example}
     */
    public static String origin(HttpServletRequest request) {
        return origin(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]"; // IPv6 literal
        }
        boolean defaultPort = port < 0 || ("http".equals(s) && port == 80) || ("https".equals(s) && port == 443);
        return s + "://" + h + (defaultPort ? "" : ":" + port);
    }

    /**
     * Whether the request declares a JSON body: {@code application/json}, in UTF-8 when a charset
     * is given. Read from the header itself: Jetty's {@code getContentType()} and
     * {@code getCharacterEncoding()} throw on a malformed charset parameter.
     *
     * @param request the request
     * @return true when the body may be parsed as JSON
     */
    public static boolean isJson(HttpServletRequest request) {
        String type = request.getHeader("Content-Type");
        if (type == null) {
            return false;
        }
        String[] parts = type.split(";");
        if (!"application/json".equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.regionMatches(true, 0, "charset=", 0, 8)) {
                String charset = parameter.substring(8).trim();
                if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                    charset = charset.substring(1, charset.length() - 1);
                }
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads the JSON object a state-changing endpoint expects, answering the request itself when
     * there is none: 415 for another content type, 413 for a body over {@code limit} bytes, 400
     * for malformed JSON or a value that is not an object.
     *
     * @param request the request
     * @param response its response, written only when the answer is an error
     * @param limit the largest body accepted, in bytes
     * @param what what the body carries, for the 415 message ("the decision", "the report")
     * @return the object, or null when an error has been answered
     * @throws IOException when the request cannot be read or the error cannot be written
     */
    static ObjectNode readJsonObject(HttpServletRequest request, HttpServletResponse response, int limit, String what)
            throws IOException {
        if (!isJson(request)) {
            Json.error(response, 415, "unsupported-media-type", "send " + what + " as Content-Type: application/json (UTF-8)");
            return null;
        }
        byte[] body;
        try {
            body = body(request, limit);
        } catch (TooLarge e) {
            response.setHeader("Connection", "close");
            Json.error(response, 413, "payload-too-large", "the body is larger than " + limit + " bytes");
            return null;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            Json.error(response, 400, "malformed-json", "the body is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        if (!(root instanceof ObjectNode object)) {
            Json.error(response, 400, "bad-request", "the body must be a JSON object");
            return null;
        }
        return object;
    }

    /** Bytes of an oversized body read and thrown away, so the client receives the 413 rather than a reset. */
    private static final int DRAIN_LIMIT = 1 << 20;

    /**
     * Reads the body, refusing more than {@code limit} bytes without keeping them.
     *
     * @param request the request
     * @param limit the most bytes accepted
     * @return the body
     * @throws IOException when the body cannot be read
     * @throws TooLarge when the body (declared or actual) is longer than {@code limit}; what
     *     was read is thrown away
     */
    public static byte[] body(HttpServletRequest request, int limit) throws IOException, TooLarge {
        long declared = request.getContentLengthLong();
        byte[] buffer = new byte[4096];
        try (InputStream in = request.getInputStream()) {
            if (declared > limit) {
                drain(in, buffer, declared);
                throw new TooLarge();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > limit) {
                    drain(in, buffer, Long.MAX_VALUE);
                    throw new TooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /**
     * Reads and drops what is left of a request body the endpoint did not need (a body sent with
     * a GET, DELETE or a refused request), so the connection stays usable for the client's next
     * request; a body too large to drop closes the connection instead.
     */
    static void discardBody(HttpServletRequest request, HttpServletResponse response, int limit) {
        long declared = request.getContentLengthLong();
        if (declared == 0) {
            return;
        }
        if (declared > DRAIN_LIMIT) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            return;
        }
        try {
            drain(request.getInputStream(), new byte[4096], Math.max(declared, limit));
        } catch (IOException | IllegalStateException e) {
            // the body was read as characters, or the client went away: nothing left to do
        }
    }

    private static void drain(InputStream in, byte[] buffer, long declared) throws IOException {
        if (declared > DRAIN_LIMIT) {
            return; // too much to swallow: the response closes the connection instead
        }
        long read = 0;
        int n;
        while (read < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
            read += n;
        }
    }

    /**
     * A parameter of the query string, decoded as UTF-8; the first when it is repeated, null when
     * absent. The body is never read as a form: the endpoints take JSON bodies, and a form body
     * with a malformed encoding made the containers' {@code getParameter} throw (Jetty's
     * {@code BadMessageException}, Tomcat's {@code InvalidParameterException}), which the
     * endpoints answered with a 500.
     *
     * @param request the request
     * @param name the parameter's name
     * @return the decoded value, or null
     * @throws IllegalArgumentException when the parameter's percent-encoding is malformed
     */
    public static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            if (nameEnd > start && name.equals(decodeName(query.substring(start, nameEnd)))) {
                return nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end), name);
            }
            start = end + 1;
        }
        return null;
    }

    /** A parameter's name, or null when it is malformed: another parameter's encoding is not this one's problem. */
    private static String decodeName(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decode(String s, String parameter) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query parameter \"" + parameter + "\" is not properly percent-encoded");
        }
    }

    /**
     * The application-relative path of the page a request is about: the given {@code page}
     * (a path such as {@code location.pathname}), else the same-origin {@code Referer}'s path,
     * else {@code "/"}.
     *
     * @param request the request, for its {@code Referer}
     * @param page the {@code page} the client sent, or null
     * @return an application-relative path
     * @throws IllegalArgumentException when {@code page} is given but is not a usable path
     */
    public static String pagePath(HttpServletRequest request, String page) {
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        if (page != null) {
            return stripContext(decodePath(page), context);
        }
        String referer = request.getHeader("Referer");
        if (referer != null && referer.length() <= MAX_PAGE_LENGTH) {
            try {
                URI uri = new URI(referer.trim());
                if (uri.getHost() != null && origin(uri.getScheme(), uri.getHost(), uri.getPort()).equals(origin(request))
                        && uri.getRawPath() != null && uri.getRawPath().startsWith("/")) {
                    return stripContext(decodePath(uri.getRawPath()), context);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // an unusable Referer is no page
            }
        }
        return "/";
    }

    private static String stripContext(String path, String context) {
        if (!context.isEmpty() && path.startsWith(context) && (path.length() == context.length() || path.charAt(context.length()) == '/')) {
            String rest = path.substring(context.length());
            return rest.isEmpty() ? "/" : rest;
        }
        return path;
    }

    /** Decodes a page path, dropping a query or fragment; refuses anything that is not a clean path. */
    static String decodePath(String page) {
        if (page.isEmpty() || page.length() > MAX_PAGE_LENGTH || page.charAt(0) != '/' || page.startsWith("//")) {
            throw new BadRequest("\"page\" must be a path starting with a single '/' and at most "
                    + MAX_PAGE_LENGTH + " characters long");
        }
        int cut = page.length();
        int q = page.indexOf('?');
        int h = page.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        String raw = page.substring(0, cut);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadRequest("\"page\" has a malformed percent-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequest("\"page\" has a malformed percent-escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new BadRequest("\"page\" contains a control character or a backslash");
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        String decoded = bytes.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '\uFFFD') {
                throw new BadRequest("\"page\" decodes to a control character, a backslash or invalid UTF-8");
            }
        }
        return normalize(decoded);
    }

    /** Removes {@code .} and {@code ..} segments, as containers do before matching. */
    static String normalize(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        return "/" + String.join("/", segments) + (path.endsWith("/") && !segments.isEmpty() ? "/" : "");
    }
}
