package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.Policy;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests at every ConsentKit endpoint and at a page, in a real container, with fixed
 * seeds: random methods, random JSON and non-JSON bodies (text and raw bytes), random headers of
 * the kinds ConsentKit reads (origin signals, language, region, GPC, content type, encodings,
 * credentials), random cookies and query parameters. Never a 5xx, never an exception escaping
 * the filter (a {@link GuardedFilter} records any), never a stack trace in a body, and nothing
 * logged at SEVERE by ConsentKit. Runs in Jetty ({@link JettyEndpointFuzzIT}) and Tomcat
 * ({@link TomcatEndpointFuzzIT}). Complements {@link HostileInputIT}, which targets specific
 * shapes in Jetty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndpointFuzzContract {

    static final String ADMIN_PASSWORD = "fuzz-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"};
    private static final String[] PATHS = {"/consent/state", "/consent/state", "/consent/report", "/consent/report",
            "/consent/cookies", "/consent/cookies.json", "/consent/assets/", "/consent", "/consent/", "/consent/x",
            "/consent/admin", "/consent/admin/", "/consent/admin/records.jsonl", "/consent/admin/records.csv",
            "/consent/admin/reload", "/consent/admin/undeclared/dismiss", "/.well-known/gpc.json",
            "/webinars/launch/register", "/webinars/launch/thank-you", "/webinars/other"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
            "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "application/json;charset=\"", "*/*", ""};
    private static final String[] KEYS = {"action", "categories", "page", "items", "kind", "name", "analytics", "necessary",
            "marketing", "preferences", "x", "__proto__", "tenant", ""};

    private final String containerKind;
    private final RecordingLedger ledger = new RecordingLedger();
    private ServletContainer container;
    private GuardedFilter guard;
    private Http http;
    private Policy policy;
    private LogCapture log;
    private String assetName;
    private final AtomicInteger staleConnectionRetries = new AtomicInteger(); // see send()

    EndpointFuzzContract(String containerKind) {
        this.containerKind = containerKind;
    }

    @BeforeAll
    void start() throws Exception {
        log = LogCapture.start();
        policy = TestPolicies.example();
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).ledger(ledger)
                .adminAccess(ConsentOptions.AdminAccess.basic("admin", ADMIN_PASSWORD)).build();
        guard = new GuardedFilter(new ConsentFilter(options));
        container = ServletContainer.start(containerKind, guard, Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
        String page = http.get("/webinars/launch/register", "CF-IPCountry", "DE").body();
        int at = page.indexOf("/consent/assets/consentkit.");
        assetName = page.substring(at + "/consent/assets/".length(), page.indexOf('"', at));
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        log.close();
    }

    // ------------------------------------------------------------------ generators

    static String randomJson(Random r, int depth) {
        return switch (r.nextInt(depth > 3 ? 5 : 11)) {
            case 0 -> "null";
            case 1 -> Boolean.toString(r.nextBoolean());
            case 2 -> r.nextBoolean() ? Long.toString(r.nextLong()) : r.nextDouble() * 1e300 + "e" + r.nextInt(400);
            case 3 -> quoted(randomText(r, 30));
            case 4 -> quoted(new String[] {"accept-all", "reject-all", "/login", "/webinars/x/register", "cookie", "localStorage",
                    "script", "/consent/state", "//evil.example/x", "/%2e%2e/%00", "\u2028", "</script>"}[r.nextInt(12)]);
            case 5, 6, 7 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(quoted(KEYS[r.nextInt(KEYS.length)])).append(':').append(randomJson(r, depth + 1));
                }
                yield sb.append('}').toString();
            }
            case 8, 9 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(r.nextInt(10) == 0 ? 60 : 4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(randomJson(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
            default -> "[".repeat(r.nextInt(40)) + "{\"a\":" .repeat(r.nextInt(3)); // deep or unterminated
        };
    }

    static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomText(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(12);
            if (kind < 7) {
                sb.append((char) (32 + r.nextInt(95)));
            } else if (kind < 9) {
                sb.append((char) r.nextInt(32));
            } else if (kind < 11) {
                sb.append((char) (0x80 + r.nextInt(0x3000)));
            } else {
                sb.appendCodePoint(0x1F300 + r.nextInt(200));
            }
        }
        return sb.toString();
    }

    /** What can travel in an HTTP/1.1 header value (visible ASCII and spaces; the client refuses the rest). */
    static String headerSafe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127) {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }

    private String randomCookieHeader(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(r.nextInt(8) == 0 ? 80 : 5);
        for (int i = 0; i < n; i++) {
            String name = switch (r.nextInt(6)) {
                case 0 -> "consentkit";
                case 1 -> "consentkit_" + headerSafe(randomText(r, 6)).replaceAll("[^a-z0-9-]", "");
                case 2 -> new String[] {"_mx_id", "utm_attribution", "_adnet_id", "JSESSIONID", "chat_prefs"}[r.nextInt(5)];
                default -> headerSafe(randomText(r, 20)).replaceAll("[;=, \"\\\\]", "");
            };
            String value = switch (r.nextInt(4)) {
                case 0 -> {
                    String good = policy.tokens().encode(policy.newState(null, Map.of("analytics", r.nextBoolean())));
                    char[] c = good.toCharArray();
                    if (r.nextBoolean()) {
                        c[r.nextInt(c.length)] = "AZaz09-_".charAt(r.nextInt(8));
                    }
                    yield new String(c);
                }
                case 1 -> {
                    byte[] b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    yield Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                }
                default -> headerSafe(randomText(r, 40)).replaceAll("[;,\\\\\" ]", "");
            };
            // stay within the containers' 8 KB of request headers (beyond it they answer 431 before any filter runs)
            if (!name.isEmpty() && sb.length() + name.length() + value.length() < 5000) {
                sb.append(sb.length() > 0 ? "; " : "").append(name).append('=').append(value);
            }
        }
        return sb.toString();
    }

    private String randomQuery(Random r) {
        if (r.nextInt(3) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        int n = 1 + r.nextInt(3);
        String[] names = {"page", "lang", "tenant", "consentId", "subject", "from", "to", "format", "x"};
        for (int i = 0; i < n; i++) {
            String value = switch (r.nextInt(4)) {
                case 0 -> "/webinars/launch/register";
                case 1 -> "/" + randomText(r, 30);
                case 2 -> new String[] {"2026-01-01", "acme", "default", "de", "\u0000", "-1", "99999999999999999999"}[r.nextInt(7)];
                default -> randomText(r, 30);
            };
            sb.append(i > 0 ? "&" : "").append(names[r.nextInt(names.length)]).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private HttpRequest.BodyPublisher randomBody(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> HttpRequest.BodyPublishers.noBody();
            case 1 -> {
                byte[] b = new byte[r.nextInt(r.nextInt(20) == 0 ? 20_000 : 600)];
                r.nextBytes(b);
                yield HttpRequest.BodyPublishers.ofByteArray(b);
            }
            case 2 -> HttpRequest.BodyPublishers.ofString(randomText(r, 300));
            default -> HttpRequest.BodyPublishers.ofString(randomJson(r, 0));
        };
    }

    private void randomHeaders(Random r, HttpRequest.Builder b) {
        if (r.nextBoolean()) {
            b.header("Origin", new String[] {http.origin(), http.origin(), "https://evil.example", "null", headerSafe(randomText(r, 20))}[r.nextInt(5)]);
        }
        if (r.nextInt(4) == 0) {
            b.header("Sec-Fetch-Site", new String[] {"same-origin", "cross-site", "none", headerSafe(randomText(r, 10))}[r.nextInt(4)]);
        }
        if (r.nextInt(3) == 0) {
            b.header("Referer", new String[] {http.origin() + "/webinars/launch/register", "https://evil.example/", http.origin() + "/"
                    + URLEncoder.encode(randomText(r, 40), StandardCharsets.UTF_8), headerSafe(randomText(r, 40))}[r.nextInt(4)]);
        }
        String type = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
        if (!type.isEmpty()) {
            b.header("Content-Type", type);
        }
        if (r.nextBoolean()) {
            b.header("CF-IPCountry", new String[] {"DE", "US", "JP", "XX", "T1", headerSafe(randomText(r, 4))}[r.nextInt(6)]);
        }
        if (r.nextBoolean()) {
            b.header("Accept-Language", r.nextBoolean() ? "de-DE,de;q=0.9,en;q=0.8" : headerSafe(randomText(r, 60)));
        }
        if (r.nextInt(4) == 0) {
            b.header("Sec-GPC", new String[] {"1", "0", headerSafe(randomText(r, 3))}[r.nextInt(3)]);
        }
        if (r.nextInt(4) == 0) {
            b.header("Accept-Encoding", r.nextBoolean() ? "gzip" : headerSafe(randomText(r, 30)));
        }
        if (r.nextInt(5) == 0) {
            b.header("If-None-Match", r.nextBoolean() ? "*" : headerSafe(randomText(r, 30)));
        }
        if (r.nextInt(3) == 0) {
            String credentials = switch (r.nextInt(4)) {
                case 0 -> "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
                case 1 -> "Basic " + Base64.getEncoder().encodeToString(("admin:" + randomText(r, 12)).getBytes(StandardCharsets.UTF_8));
                case 2 -> "Basic " + headerSafe(randomText(r, 30));
                default -> headerSafe(randomText(r, 30));
            };
            if (!credentials.isBlank()) {
                b.header("Authorization", credentials);
            }
        }
        String cookies = randomCookieHeader(r);
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies);
        }
    }

    private String randomPath(Random r) {
        String path = PATHS[r.nextInt(PATHS.length)];
        if (path.equals("/consent/assets/")) {
            // containers refuse encoded control characters and backslashes in paths before any filter runs
            path += r.nextBoolean() ? assetName : URLEncoder.encode(randomText(r, 20).replaceAll("[\\x00-\\x1f\\x7f\\\\/;%]", ""),
                    StandardCharsets.UTF_8);
        }
        return path;
    }

    // ------------------------------------------------------------------ checks

    private void assertSane(HttpResponse<byte[]> r, String what) throws IOException {
        assertThat(r.statusCode()).as(what).isBetween(200, 499);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        String path = r.request().uri().getPath();
        if (!path.startsWith("/consent") && !path.startsWith("/.well-known")) {
            return; // a page: the test application may refuse a malformed form body (Tomcat's error page then shows its exception)
        }
        assertThat(body).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        if (r.statusCode() >= 400 && path.startsWith("/consent") && !"HEAD".equals(r.request().method())) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what + " -> " + r.statusCode() + " " + body)
                    .startsWith("application/json");
            JsonNode error = JSON.readTree(body);
            assertThat(error.path("error").isTextual()).as(what + " " + body).isTrue();
            assertThat(error.path("message").isTextual()).as(what + " " + body).isTrue();
        }
    }

    /**
     * Sends a request, once more when the pooled connection it went out on turned out to be closed
     * before any byte of a response came back: the client's keep-alive race with the server closing
     * a connection after an unread body (browsers retry these too). Each retry is counted, and a run
     * with more than a handful fails: a server that drops requests is not hidden.
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.sendBytes(request);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no bytes") || staleConnectionRetries.incrementAndGet() > 3) {
                throw e;
            }
            return http.sendBytes(request);
        }
    }

    private void assertNothingEscaped() {
        assertThat(guard.escaped.stream().map(EndpointFuzzContract::stackTrace).toList()).as("exceptions that escaped the filter").isEmpty();
        assertThat(log.severe()).as("SEVERE logged by ConsentKit").isEmpty();
    }

    static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void randomRequestsAtEveryEndpoint_neverMakeA5xx_norAnEscapedException() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 1500; i++) {
            String method = METHODS[r.nextInt(METHODS.length)];
            String path = randomPath(r) + randomQuery(r);
            HttpRequest.BodyPublisher body = "GET".equals(method) || "HEAD".equals(method) && r.nextBoolean()
                    ? HttpRequest.BodyPublishers.noBody() : randomBody(r);
            HttpRequest.Builder b = http.request(path).method(method, body);
            randomHeaders(r, b);
            HttpResponse<byte[]> response;
            try {
                response = send(b.build());
            } catch (IOException e) {
                throw new AssertionError("case " + i + ": no response to " + method + " " + path, e);
            }
            assertSane(response, "case " + i + ": " + method + " " + path);
        }
        assertNothingEscaped();
    }

    @Test
    void randomJsonAtTheStateAndReportEndpoints_fromTheOwnOrigin_neverMakeA5xx() throws Exception {
        Random r = new Random(43);
        int accepted = 0;
        for (int i = 0; i < 1500; i++) {
            String path = r.nextBoolean() ? "/consent/state" : "/consent/report";
            String body = r.nextInt(4) == 0 ? reportShaped(r) : r.nextInt(3) == 0 ? stateShaped(r) : randomJson(r, 0);
            HttpRequest.Builder b = http.request(path).header("Content-Type", "application/json").header("Origin", http.origin())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (r.nextBoolean()) {
                b.header("CF-IPCountry", new String[] {"DE", "US", "JP"}[r.nextInt(3)]);
            }
            HttpResponse<byte[]> response = send(b.build());
            assertSane(response, "case " + i + ": POST " + path + " " + body);
            if (response.statusCode() < 300) {
                accepted++;
            }
        }
        assertThat(accepted).as("some random documents are well-formed decisions and reports").isGreaterThan(50);
        assertNothingEscaped();
    }

    private static String stateShaped(Random r) {
        StringBuilder sb = new StringBuilder("{");
        if (r.nextBoolean()) {
            sb.append("\"action\":").append(r.nextInt(3) == 0 ? randomJson(r, 2) : quoted(r.nextBoolean() ? "accept-all" : "reject-all"));
        } else {
            sb.append("\"categories\":{");
            String[] ids = {"necessary", "preferences", "analytics", "marketing", "x", ""};
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                sb.append(i > 0 ? "," : "").append(quoted(ids[r.nextInt(ids.length)] + (i > 0 && r.nextInt(5) == 0 ? i : "")))
                        .append(':').append(r.nextInt(6) == 0 ? randomJson(r, 3) : Boolean.toString(r.nextBoolean()));
            }
            sb.append('}');
        }
        if (r.nextBoolean()) {
            sb.append(",\"page\":").append(r.nextInt(3) == 0 ? quoted("/" + randomText(r, 40)) : quoted("/webinars/launch/register"));
        }
        return sb.append('}').toString();
    }

    private static String reportShaped(Random r) {
        StringBuilder sb = new StringBuilder("{\"page\":").append(quoted(r.nextBoolean() ? "/webinars/launch/register" : "/" + randomText(r, 20)))
                .append(",\"items\":[");
        int n = r.nextInt(r.nextInt(10) == 0 ? 70 : 8);
        String[] kinds = {"cookie", "localStorage", "sessionStorage", "indexedDB", "script", "iframe", "x"};
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("{\"kind\":").append(quoted(kinds[r.nextInt(kinds.length)]))
                    .append(",\"name\":").append(r.nextInt(8) == 0 ? randomJson(r, 3) : quoted(randomText(r, r.nextInt(20) == 0 ? 600 : 30)))
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
