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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of hostile requests at the filter in a real container: random bodies, headers,
 * methods, cookies and paths. Nothing may produce a 5xx or leak a stack trace; every error of
 * an endpoint is a 4xx JSON object; pages are always served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE"};
    private static final String[] PATHS = {"/consent/state", "/consent/cookies", "/consent/cookies.json", "/consent/report",
            "/consent/assets/x.js", "/consent/", "/consent", "/.well-known/gpc.json", "/webinars/launch/register"};

    private final RecordingLedger ledger = new RecordingLedger();
    private ServletContainer container;
    private Http http;
    private Policy policy;

    @BeforeAll
    void start() throws Exception {
        policy = TestPolicies.example();
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).ledger(ledger).build();
        container = ServletContainer.start("jetty", new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    private static String randomJson(Random r, int depth) {
        return switch (r.nextInt(depth > 3 ? 4 : 9)) {
            case 0 -> "null";
            case 1 -> Boolean.toString(r.nextBoolean());
            case 2 -> Long.toString(r.nextLong());
            case 3 -> "\"" + randomText(r, 20).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 4, 5 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(4);
                String[] keys = {"action", "categories", "page", "items", "kind", "name", "analytics", "necessary", "x"};
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append('"').append(keys[r.nextInt(keys.length)]).append("\":").append(randomJson(r, depth + 1));
                }
                yield sb.append('}').toString();
            }
            case 6 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(randomJson(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
            case 7 -> "\"" + new String[] {"accept-all", "reject-all", "/login", "/webinars/x/register", "cookie"}[r.nextInt(5)] + "\"";
            default -> randomText(r, 50);
        };
    }

    private static String randomText(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            sb.append((char) (kind < 6 ? 32 + r.nextInt(95) : kind < 8 ? r.nextInt(32) : 0x80 + r.nextInt(0x2000)));
        }
        return sb.toString();
    }

    private static String headerSafe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** What a browser can send as a cookie value (RFC 6265 cookie-octet). */
    private static String cookieOctets(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void assertSane(HttpResponse<String> r, String what) throws IOException {
        assertThat(r.statusCode()).as(what).isLessThan(500);
        assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() >= 400 && r.request().uri().getPath().startsWith("/consent") && !"HEAD".equals(r.request().method())) {
            assertThat(type).as(what + " -> " + r.statusCode() + " " + r.body()).startsWith("application/json");
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.get("error").isTextual()).as(what).isTrue();
            assertThat(error.get("message").isTextual()).as(what).isTrue();
        }
    }

    @Test
    void randomBodiesAndMethods_neverMakeA5xx() throws Exception {
        Random r = new Random(8);
        String previous = "";
        for (int i = 0; i < 1500; i++) {
            String method = METHODS[r.nextInt(METHODS.length)];
            String path = PATHS[r.nextInt(PATHS.length)];
            String body = r.nextInt(3) == 0 ? randomText(r, 200) : randomJson(r, 0);
            HttpRequest.Builder b = http.request(path).method(method,
                    "GET".equals(method) || "HEAD".equals(method) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (r.nextBoolean()) {
                b.header("Origin", http.origin());
            }
            if (r.nextInt(4) > 0) {
                b.header("Content-Type", new String[] {"application/json", "application/json; charset=utf-8", "text/plain",
                        "application/json; charset=latin1", "multipart/form-data"}[r.nextInt(5)]);
            }
            if (r.nextBoolean()) {
                b.header("CF-IPCountry", headerSafe(randomText(r, 4)));
            }
            if (r.nextBoolean()) {
                b.header("Accept-Language", headerSafe(randomText(r, 40)));
            }
            HttpResponse<String> response;
            try {
                response = http.send(b.build());
            } catch (IOException e) {
                throw new AssertionError("no response to " + method + " " + path + " " + body + " after " + previous, e);
            }
            previous = method + " " + path + " " + body + " -> " + response.statusCode() + " " + response.headers().map();
            assertSane(response, method + " " + path + " " + body);
        }
    }

    @Test
    void randomConsentCookies_areNoDecision_andNeverBreakThePage() throws Exception {
        Random r = new Random(9);
        String good = policy.tokens().encode(policy.newState(null, Map.of("analytics", true, "marketing", true)));
        for (int i = 0; i < 1000; i++) {
            String value = switch (r.nextInt(3)) {
                case 0 -> {
                    byte[] b = new byte[r.nextInt(200)];
                    r.nextBytes(b);
                    yield Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                }
                case 1 -> {
                    char[] c = good.toCharArray();
                    c[r.nextInt(c.length)] = "ABCxyz019-_".charAt(r.nextInt(11));
                    yield new String(c).equals(good) ? good + "A" : new String(c);
                }
                default -> cookieOctets(randomText(r, 300));
            };
            HttpResponse<String> page = http.get("/webinars/launch/register?cookies=addCookie:utm_attribution",
                    "CF-IPCountry", "DE", "Cookie", "consentkit=" + value);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(Http.cookieNames(page)).as(value).doesNotContain("utm_attribution");
            assertThat(page.body()).contains("\"decided\":false");
        }
    }

    @Test
    void randomPageParameters_areRefusedOrResolved_neverA5xx() throws Exception {
        Random r = new Random(10);
        for (int i = 0; i < 500; i++) {
            String page = r.nextBoolean() ? "/" + randomText(r, 60) : randomText(r, 60);
            String encoded = java.net.URLEncoder.encode(page, StandardCharsets.UTF_8);
            assertSane(http.get("/consent/state?page=" + encoded), page);
            assertSane(http.get("/consent/cookies?page=" + encoded + "&lang=" + encoded), page);
            assertSane(http.postJson("/consent/state", "{\"action\":\"reject-all\",\"page\":" + JSON.writeValueAsString(page) + "}",
                    "Origin", http.origin()), page);
        }
    }

    @Test
    void cookieFloods_areHandled() throws Exception {
        String refusing = policy.tokens().encode(policy.newState(null, Map.of("analytics", false)));
        StringBuilder cookies = new StringBuilder("consentkit=" + refusing);
        for (int i = 0; i < 300; i++) {
            cookies.append("; _mx_").append(i).append("=1; c").append(i).append("=x");
        }
        HttpResponse<String> r = http.get("/webinars/launch/register", "CF-IPCountry", "DE", "Cookie", cookies.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        // refused cookies are expired, a bounded number per response so the headers stay small
        assertThat(Http.setCookies(r).stream().filter(h -> h.startsWith("_mx_")).count())
                .isEqualTo(dev.consentkit.servlet.http.ConsentCookies.MAX_EXPIRIES_PER_RESPONSE);
    }

    @Test
    void headerInjection_throughTheRegionOrLanguage_cannotAddHeaders() throws Exception {
        // the HTTP client refuses CR/LF in headers, so speak raw HTTP
        URI base = container.base();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /consent/state HTTP/1.1\r\nHost: x\r\nCF-IPCountry: DE\r\nAccept-Language: de\r\n X-Injected: 1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).doesNotContain("\r\nX-Injected");
            assertThat(response).startsWith("HTTP/1.1 ");
            assertThat(Integer.parseInt(response.substring(9, 12))).isLessThan(500);
        }
    }

    @Test
    void reflectedValues_areEscapedInTheBootstrap() throws Exception {
        List<String> hostile = new ArrayList<>(List.of("</script><script>alert(1)</script>", "\u2028alert(1)", "'\"><img src=x onerror=alert(1)>"));
        for (String h : hostile) {
            String encoded = java.net.URLEncoder.encode(h, StandardCharsets.UTF_8).replace("+", "%20");
            HttpResponse<String> r = http.get("/webinars/launch/register", "CF-IPCountry", "DE", "Referer", http.origin() + "/" + encoded);
            String body = r.body();
            String bootstrap = body.substring(body.indexOf("application/json\">") + 18, body.indexOf("</script>"));
            assertThat(bootstrap).doesNotContain("<").doesNotContain(">").doesNotContain("\u2028");
        }
    }
}
