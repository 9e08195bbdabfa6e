package dev.consentkit.servlet.browser;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fictional webinar site behind the real {@link ConsentFilter} in embedded Jetty 12 (ee10):
 * the pages of the test configuration and demo third-party scripts that each write a cookie,
 * a localStorage key, a sessionStorage key and an IndexedDB database of their category.
 *
 * <p>Every test gets a fresh origin ({@code http://tN.localhost:PORT}, which Chromium resolves to
 * the loopback address), so cookies and storage never leak from one test into the next.
 */
final class TestSite implements AutoCloseable {

    static final String REGISTER = "/webinars/product-launch/register";
    static final String WAITING_ROOM = "/webinars/product-launch/waiting-room";
    static final String THANK_YOU = "/webinars/product-launch/thank-you";
    static final String PROFILE = "/organizers/acme";
    static final String LOGIN = "/login";
    static final String MARKUP = "/markup";

    /** What each demo script writes, by category. */
    static final Map<String, Writes> WRITES = Map.of(
            "preferences", new Writes("chat", "chat_prefs", "chat_history", "chat_open", "chat-drafts"),
            "analytics", new Writes("analytics", "_mx_id", "mx_client", "mx_session", "mx-events"),
            "marketing", new Writes("ads", "_adnet_id", "adnet_segments", "adnet_click", "adnet-conversions"));

    /** The traces of one demo script: its name in {@code window.ran}, its cookie, keys and database. */
    record Writes(String script, String cookie, String localKey, String sessionKey, String database) {
    }

    private final Server server;
    private final int port;
    private final AtomicInteger origins = new AtomicInteger();

    private TestSite(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static TestSite start() throws Exception {
        String config;
        try (InputStream in = TestSite.class.getResourceAsStream("consentkit.json")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return start(config, b -> { });
    }

    /** The site with another configuration and options (a ledger, the admin dashboard). */
    static TestSite start(String config, java.util.function.Consumer<ConsentOptions.Builder> customize) throws Exception {
        Policy policy = TestPolicies.loader(Clock.systemUTC())
                .load(Policy.DEFAULT_TENANT, List.of(ConfigurationSource.of("consentkit.json", config)));
        ConsentOptions.Builder builder = ConsentOptions.builder(PolicyRepository.of(policy));
        customize.accept(builder);
        ConsentOptions options = builder.build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new ConsentFilter(options)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new VendorServlet()), "/demo/vendor/*");
        context.addServlet(new ServletHolder(new PageServlet()), "/");
        server.setHandler(context);
        server.start();
        return new TestSite(server, connector.getLocalPort());
    }

    /** A new origin no test has used. */
    String freshOrigin() {
        return "http://t" + origins.incrementAndGet() + ".localhost:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * The pages. Query parameters: {@code v=full} (default: the demo scripts of every category, in
     * organizer markup and as a plain tag, and an embed), {@code v=empty} (no third-party content),
     * {@code v=inline} (an inline and an external analytics script in organizer markup), {@code v=embed} (embeds only),
     * {@code v=rewritten} (a module script and an iframe with {@code srcdoc} as the server's rewriter neutralises them); {@code csp=1} serves a strict nonce-based Content-Security-Policy.
     */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (path.equals("/favicon.ico")) {
                resp.sendError(404);
                return;
            }
            String nonce = null;
            if ("1".equals(req.getParameter("csp"))) {
                byte[] bytes = new byte[16];
                RANDOM.nextBytes(bytes);
                nonce = Base64.getEncoder().encodeToString(bytes);
                req.setAttribute("cspNonce", nonce);
                resp.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'nonce-" + nonce
                        + "'; style-src 'self' 'nonce-" + nonce + "'; object-src 'none'; base-uri 'none'");
            }
            String n = nonce == null ? "" : " nonce=\"" + nonce + "\"";
            String variant = req.getParameter("v") == null ? "full" : req.getParameter("v");
            StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width\">\n")
                    .append("<title>Product launch webinar</title>\n");
            if (nonce != null) {
                html.append("<script").append(n).append(">window.violations = [];document.addEventListener("
                        + "'securitypolicyviolation', e => violations.push(e.violatedDirective + ' ' + e.blockedURI));</script>\n");
            }
            html.append("</head>\n<body>\n<main>\n<h1>Product launch: register now</h1>\n");
            for (int i = 0; i < 4; i++) {
                html.append("<p>Join our product team live for a 45 minute tour of what is new, followed by questions "
                        + "from attendees. The recording is sent to everyone who registers.</p>\n");
            }
            html.append("<form><label>Email <input name=\"email\" type=\"email\"></label> <button type=\"button\">Register</button></form>\n");
            if (variant.equals("full")) {
                html.append("<script type=\"text/plain\" data-consent=\"preferences\" src=\"/demo/vendor/chat.js\"").append(n).append("></script>\n")
                        .append("<script type=\"text/plain\" data-consent=\"analytics\" src=\"/demo/vendor/analytics.js\"").append(n).append("></script>\n")
                        .append("<script type=\"text/plain\" data-consent=\"marketing\" src=\"/demo/vendor/ads.js\"").append(n).append("></script>\n")
                        .append("<script src=\"/demo/vendor/pixel.js\"").append(n).append("></script>\n");
            }
            if (variant.equals("inline")) {
                html.append("<script type=\"text/plain\" data-consent=\"analytics\"").append(n)
                        .append(">(window.ran = window.ran || []).push('inline analytics');</script>\n")
                        .append("<script type=\"text/plain\" data-consent=\"analytics\" src=\"/demo/vendor/analytics.js\"").append(n).append("></script>\n");
            }
            if (variant.equals("rewritten")) {
                // what the server's HTML rewriter makes of tags of a category not granted
                html.append("<script type=\"text/plain\" data-type=\"module\" data-consent=\"analytics\" data-src=\"/demo/vendor/module.js\"")
                        .append(n).append("></script>\n")
                        .append("<iframe data-consent=\"marketing\" data-src=\"/demo/vendor/video?id=5\" data-srcdoc=\"&lt;p>inline embed&lt;/p>\"")
                        .append(" title=\"Inline embed\"></iframe>\n")
                        // one the rewriter did not see: the runtime neutralises it the same way
                        .append("<script type=\"module\" src=\"/demo/vendor/slow.js\"").append(n).append("></script>\n");
            }
            if (variant.equals("embed")) {
                html.append("<iframe data-consent=\"marketing\" data-src=\"/demo/vendor/video?id=1\" title=\"Launch video\" width=\"480\" height=\"270\"></iframe>\n")
                        .append("<iframe src=\"/demo/vendor/video?id=2\" title=\"Teaser video\" width=\"480\" height=\"270\"></iframe>\n");
            }
            for (int i = 0; i < 12; i++) {
                html.append("<p>Agenda item ").append(i + 1).append(": what changed, why it matters, and a demo.</p>\n");
            }
            html.append("</main>\n</body>\n</html>\n");
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write(html.toString());
        }
    }

    /** Demo third-party scripts and a video player page. */
    static final class VendorServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            String body = switch (name) {
                case "chat.js" -> writer(WRITES.get("preferences"), "");
                case "analytics.js" -> writer(WRITES.get("analytics"), "");
                // bracket assignment and cookieStore on purpose: both must be intercepted too
                case "ads.js" -> writer(WRITES.get("marketing"), "window.cookieStore && cookieStore.set('utm_attribution', 'spring');\n")
                        .replace("localStorage.setItem('adnet_segments', '1')", "localStorage['adnet_segments'] = '1'");
                case "pixel.js" -> "(window.ran = window.ran || []).push('pixel');\n";
                // import.meta only parses in a module: proves the original type came back
                case "module.js" -> "(window.ran = window.ran || []).push(import.meta.url ? 'module' : 'classic');\n";
                case "slow.js" -> {
                    sleep(400);
                    yield "(window.ran = window.ran || []).push('slow');\n";
                }
                case "video" -> null;
                default -> "";
            };
            if (name.equals("video")) {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write("<!DOCTYPE html><html lang=\"en\"><title>Player</title><body>video "
                        + escape(req.getParameter("id")) + " playing</body></html>");
                return;
            }
            if (body.isEmpty()) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("text/javascript;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write(body);
        }

        private static String writer(Writes w, String extra) {
            // a well-behaved library closes its database when asked to, so that deletion can proceed
            return "document.cookie = '" + w.cookie() + "=1; path=/; max-age=3600';\n"
                    + "localStorage.setItem('" + w.localKey() + "', '1');\n"
                    + "sessionStorage." + w.sessionKey() + " = '1';\n"
                    + "indexedDB.open('" + w.database() + "').onsuccess = e => { const db = e.target.result; "
                    + "db.onversionchange = () => db.close(); };\n"
                    + extra
                    + "(window.ran = window.ran || []).push('" + w.script() + "');\n";
        }

        private static String escape(String s) {
            return s == null ? "" : s.replaceAll("[^A-Za-z0-9]", "");
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
