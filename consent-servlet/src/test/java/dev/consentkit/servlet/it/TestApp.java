package dev.consentkit.servlet.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The application under the filter in the integration tests: one servlet whose behaviour the
 * query string picks, so every container runs exactly the same app.
 *
 * <ul>
 *   <li>{@code cookies=way:name,...}: sets cookies with {@code addCookie}, {@code addHeader},
 *       {@code setHeader}, {@code lower} (header name in lower case)</li>
 *   <li>{@code body=writer|stream}, {@code chunk=N} (write in pieces of N chars/bytes),
 *       {@code charset=...}</li>
 *   <li>{@code mode=gzip|async|nonblocking|error|redirect|notmodified|length|json|big|session|flush}</li>
 * </ul>
 */
public final class TestApp extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The page every HTML test starts from. */
    public static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Register for the product launch – Webinar</title>
            <script src="/demo/vendor/analytics.js"></script>
            <script src="/app.js"></script>
            <script type="text/plain" data-consent="marketing" src="/demo/vendor/ads.js"></script>
            </head>
            <body>
            <h1>Product launch — register now</h1>
            <p>Grüße aus Köln: ünïcödé text ✓</p>
            <iframe src="/demo/vendor/video?id=42" title="Launch video"></iframe>
            <script>console.log("inline app script");</script>
            </body>
            </html>
            """;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // read the request body as an application reading its form would; a body left unread
        // makes the container close the connection, which the test client would see as a reset
        req.getInputStream().readAllBytes();
        String mode = param(req, "mode", "page");
        setCookies(req, resp);
        if (req.getAttribute("consentkit.test.nonce") == null && req.getParameter("nonce") != null) {
            req.setAttribute("cspNonce", req.getParameter("nonce"));
        }
        switch (mode) {
            case "gzip" -> gzip(resp);
            case "async" -> async(req);
            case "nonblocking" -> nonBlocking(req);
            case "error" -> resp.sendError(404, "no such webinar");
            case "redirect" -> resp.sendRedirect(req.getContextPath() + "/webinars/launch/thank-you");
            case "notmodified" -> resp.setStatus(304);
            case "json" -> {
                resp.setContentType("application/json");
                resp.getWriter().write("{\"script\": \"<script src=/demo/vendor/analytics.js></script>\"}");
            }
            case "length" -> {
                byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
                resp.setContentLength(bytes.length);
                resp.setContentType("text/html;charset=UTF-8");
                resp.getOutputStream().write(bytes);
            }
            case "big" -> big(req, resp);
            case "held" -> held(req, resp);
            case "session" -> {
                req.getSession(true);
                page(req, resp);
            }
            case "flush" -> {
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter w = resp.getWriter();
                w.write(PAGE.substring(0, 40));
                resp.flushBuffer();
                w.write(PAGE.substring(40));
            }
            default -> page(req, resp);
        }
    }

    private static String param(HttpServletRequest req, String name, String fallback) {
        String v = req.getParameter(name);
        return v == null ? fallback : v;
    }

    private static void setCookies(HttpServletRequest req, HttpServletResponse resp) {
        String spec = req.getParameter("cookies");
        if (spec == null) {
            return;
        }
        for (String item : spec.split(",")) {
            String[] wayName = item.split(":", 2);
            String name = wayName[1];
            switch (wayName[0]) {
                case "addCookie" -> {
                    Cookie c = new Cookie(name, "v");
                    c.setPath("/");
                    resp.addCookie(c);
                }
                case "addHeader" -> resp.addHeader("Set-Cookie", name + "=v; Path=/; SameSite=None; Secure; Partitioned");
                case "setHeader" -> resp.setHeader("Set-Cookie", name + "=v; Path=/");
                case "lower" -> resp.addHeader("set-cookie", name + "=v; Path=/");
                default -> throw new IllegalArgumentException(item);
            }
        }
    }

    static void page(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String charsetName = param(req, "charset", "UTF-8");
        Charset charset = Charset.forName(charsetName);
        resp.setContentType("text/html;charset=" + charsetName);
        int chunk = Integer.parseInt(param(req, "chunk", "0"));
        int split = Integer.parseInt(param(req, "split", "-1"));
        String page = req.getParameter("page") != null ? req.getParameter("page") : PAGE;
        if ("stream".equals(param(req, "body", "writer"))) {
            ServletOutputStream out = resp.getOutputStream();
            byte[] bytes = page.getBytes(charset);
            if (split >= 0) {
                out.write(bytes, 0, split);
                out.flush();
                out.write(bytes, split, bytes.length - split);
            } else if (chunk <= 0) {
                out.write(bytes);
            } else {
                for (int i = 0; i < bytes.length; i += chunk) {
                    out.write(bytes, i, Math.min(chunk, bytes.length - i));
                    out.flush();
                }
            }
        } else {
            PrintWriter out = resp.getWriter();
            if (split >= 0) {
                out.write(page, 0, split);
                out.flush();
                out.write(page, split, page.length() - split);
            } else if (chunk <= 0) {
                out.write(page);
            } else {
                for (int i = 0; i < page.length(); i += chunk) {
                    out.write(page, i, Math.min(chunk, page.length() - i));
                    out.flush();
                }
            }
        }
    }

    private static void gzip(HttpServletResponse resp) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(PAGE.getBytes(StandardCharsets.UTF_8));
        }
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Content-Encoding", "gzip");
        resp.setContentLength(bytes.size());
        resp.getOutputStream().write(bytes.toByteArray());
    }

    private static void async(HttpServletRequest req) {
        AsyncContext async = req.startAsync();
        async.start(() -> {
            try {
                HttpServletResponse resp = (HttpServletResponse) async.getResponse();
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write(PAGE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                async.complete();
            }
        });
    }

    /** The page {@code mode=nonblocking} writes: {@link #PAGE} with a body of about 4 MB. */
    public static final String NON_BLOCKING_FILLER = "<p>Agenda: keynote, demo, questions and answers.</p>\n".repeat(80_000);
    public static final String NON_BLOCKING_PAGE = PAGE.replace("</body>", NON_BLOCKING_FILLER + "</body>");

    /**
     * Writes {@link #NON_BLOCKING_PAGE} with non-blocking I/O: a write listener writes 8 KiB
     * pieces for as long as {@code isReady()} says so, and returns to be called again when the
     * client has read enough, as the servlet specification prescribes.
     */
    private static void nonBlocking(HttpServletRequest req) throws IOException {
        AsyncContext async = req.startAsync();
        async.setTimeout(60_000);
        HttpServletResponse resp = (HttpServletResponse) async.getResponse();
        resp.setContentType("text/html;charset=UTF-8");
        byte[] page = NON_BLOCKING_PAGE.getBytes(StandardCharsets.UTF_8);
        ServletOutputStream out = resp.getOutputStream();
        out.setWriteListener(new jakarta.servlet.WriteListener() {
            private int at;

            @Override
            public void onWritePossible() throws IOException {
                while (out.isReady()) {
                    if (at == page.length) {
                        async.complete();
                        return;
                    }
                    int n = Math.min(8192, page.length - at);
                    out.write(page, at, n);
                    at += n;
                }
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }

    /** Released by a test once it has read the start of a {@code mode=held} page. */
    public static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CountDownLatch> HELD =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Writes the head and a first part, flushes, and waits for the test before writing the rest. */
    private static void held(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        java.util.concurrent.CountDownLatch latch = HELD.computeIfAbsent(req.getParameter("id"), k -> new java.util.concurrent.CountDownLatch(1));
        resp.setContentType("text/html;charset=UTF-8");
        ServletOutputStream out = resp.getOutputStream();
        out.write(("<!DOCTYPE html><html><head><title>held</title></head><body>\n" + "<p>first part</p>\n".repeat(2000))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException("the test never read the first part");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        out.write("<p>second part</p></body></html>\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A page of {@code size} bytes: the test page's head, then many paragraphs and scripts, written in 8 KiB pieces. */
    private static void big(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long size = Long.parseLong(param(req, "size", "5000000"));
        resp.setContentType("text/html;charset=UTF-8");
        ServletOutputStream out = resp.getOutputStream();
        out.write("<!DOCTYPE html><html><head><title>big</title></head><body>\n".getBytes(StandardCharsets.UTF_8));
        byte[] block = ("<p>Attendee question about the launch, with some text to fill the page.</p>\n"
                + "<script src=\"/demo/vendor/ads.js\"></script>\n").repeat(64).getBytes(StandardCharsets.UTF_8);
        long written = 0;
        while (written < size) {
            out.write(block);
            written += block.length;
        }
        out.write("</body></html>\n".getBytes(StandardCharsets.UTF_8));
    }
}
