package dev.consentkit.servlet.it;

import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site requests (CSRF) on every state-changing endpoint: deciding, withdrawing, reporting
 * and both admin forms refuse every cross-site signal (a foreign or null {@code Origin},
 * {@code Sec-Fetch-Site: cross-site} or {@code same-site}, a foreign {@code Referer}, no signal at
 * all), also as a "simple" request a cross-site form can send, and change nothing; the admin
 * forms also need the dashboard's token, even from the own origin and with valid credentials.
 * The same requests from the own origin succeed (the control). Jetty
 * ({@link JettyCrossSiteRequestIT}) and Tomcat ({@link TomcatCrossSiteRequestIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossSiteRequestContract {

    private static final String PASSWORD = "csrf-admin-password";
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String PAGE = "/webinars/launch/register";

    private final String containerKind;
    private final RecordingLedger ledger = new RecordingLedger();
    private ServletContainer container;
    private Http http;

    CrossSiteRequestContract(String containerKind) {
        this.containerKind = containerKind;
    }

    @BeforeAll
    void start() throws Exception {
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(TestPolicies.example())).ledger(ledger)
                .adminAccess(ConsentOptions.AdminAccess.basic("admin", PASSWORD)).build();
        container = ServletContainer.start(containerKind, new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    private static final String[][] CROSS_SITE = {
            {"Origin", "https://evil.example"},
            {"Origin", "null"},
            {"Origin", "http://127.0.0.1.evil.example"},
            {"Sec-Fetch-Site", "cross-site"},
            {"Sec-Fetch-Site", "same-site"},
            {"Referer", "https://evil.example/webinars/launch/register"},
            {}};

    private record Attempt(String method, String path, String contentType, String body) {
    }

    private String csrfToken() throws Exception {
        String page = http.get("/consent/admin?tenant=default", "Authorization", AUTH).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("the dashboard carries its form token").isTrue();
        return m.group(1);
    }

    private List<Attempt> attempts(String token) {
        String form = "tenant=default&kind=localStorage&name=promo_seen&csrf=" + token;
        return List.of(
                new Attempt("POST", "/consent/state", "application/json", "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}"),
                new Attempt("POST", "/consent/state", "text/plain", "{\"action\":\"accept-all\"}"), // what a cross-site form can send
                new Attempt("DELETE", "/consent/state?page=" + PAGE, null, null),
                new Attempt("POST", "/consent/report", "application/json", "{\"page\":\"" + PAGE + "\",\"items\":[{\"kind\":\"cookie\",\"name\":\"forged\"}]}"),
                new Attempt("POST", "/consent/admin/reload", "application/x-www-form-urlencoded", "tenant=default&csrf=" + token),
                new Attempt("POST", "/consent/admin/undeclared/dismiss", "application/x-www-form-urlencoded", form));
    }

    private HttpResponse<String> send(Attempt a, String[] headers, boolean admin) throws Exception {
        HttpRequest.Builder b = http.request(a.path).method(a.method, a.body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(a.body));
        if (a.contentType != null) {
            b.header("Content-Type", a.contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (admin) {
            b.header("Authorization", AUTH); // even with the operator's credentials, which a browser would send along
        }
        return http.send(b.build());
    }

    @Test
    void everyStateChangingEndpoint_refusesEveryCrossSiteSignal_andChangesNothing() throws Exception {
        String token = csrfToken();
        ledger.records.clear();
        List<String> outcomes = new ArrayList<>();
        for (Attempt a : attempts(token)) {
            for (String[] signal : CROSS_SITE) {
                HttpResponse<String> r = send(a, signal, a.path.startsWith("/consent/admin"));
                outcomes.add(a.method + " " + a.path + " " + String.join(":", signal) + " -> " + r.statusCode());
                assertThat(r.statusCode()).as(a.method + " " + a.path + " with " + String.join(": ", signal)).isEqualTo(403);
                assertThat(r.body()).contains("forbidden-origin");
                assertThat(Http.cookieNames(r)).doesNotContain("consentkit");
            }
        }
        assertThat(ledger.records).as("no decision was recorded").isEmpty();
        assertThat(outcomes).hasSize(attempts(token).size() * CROSS_SITE.length);
    }

    @Test
    void adminForms_needTheDashboardsToken_evenFromTheOwnOrigin() throws Exception {
        for (Attempt a : attempts("forged-token").subList(4, 6)) {
            HttpResponse<String> r = send(a, new String[] {"Origin", http.origin()}, true);
            assertThat(r.statusCode()).as(a.path).isEqualTo(403);
            assertThat(r.body()).contains("bad-csrf-token");
        }
    }

    @Test
    void theSameRequestsFromTheOwnOrigin_succeed() throws Exception {
        String token = csrfToken();
        List<Attempt> all = attempts(token);
        int[] expected = {200, 415, 200, 204, 303, 303};
        for (int i = 0; i < all.size(); i++) {
            Attempt a = all.get(i);
            HttpResponse<String> r = send(a, new String[] {"Origin", http.origin()}, a.path.startsWith("/consent/admin"));
            assertThat(r.statusCode()).as(a.method + " " + a.path + " " + r.body()).isEqualTo(expected[i]);
        }
        HttpResponse<String> viaFetchMetadata = http.postJson("/consent/state", "{\"action\":\"reject-all\"}", "Sec-Fetch-Site", "same-origin");
        assertThat(viaFetchMetadata.statusCode()).isEqualTo(200);
    }
}
