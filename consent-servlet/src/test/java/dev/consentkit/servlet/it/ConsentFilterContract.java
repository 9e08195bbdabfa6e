package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Policy;
import dev.consentkit.core.ledger.ConsentAction;
import dev.consentkit.core.ledger.DecisionMethod;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in real containers, spoken to over real HTTP: every test runs in Jetty 12
 * ({@link JettyConsentFilterIT}) and in Tomcat 11 ({@link TomcatConsentFilterIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsentFilterContract {

    private static final String REGISTER = "/webinars/launch/register";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String containerKind;

    private final MutableClock clock = new MutableClock();
    private final RecordingLedger ledger = new RecordingLedger();
    private Policy policy;
    private ServletContainer container;
    private Http http;

    ConsentFilterContract(String containerKind) {
        this.containerKind = containerKind;
    }

    @BeforeAll
    void start() throws Exception {
        policy = TestPolicies.example(clock);
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).ledger(ledger).clock(clock).build();
        container = ServletContainer.start(containerKind, new ConsentFilter(options), Map.of("/webinars/*", new TestApp(), "/other/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    @BeforeEach
    void reset() {
        clock.now = Instant.now();
        ledger.records.clear();
        ledger.failing = false;
    }

    private String token(Map<String, Boolean> choices) {
        return policy.tokens().encode(policy.newState(null, choices));
    }

    private static String consentCookie(String token) {
        return "consentkit=" + token;
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    // ------------------------------------------------------------------ Set-Cookie

    @Test
    void withoutDecision_inOptIn_nonNecessaryServerCookiesAreDropped_everyWay() throws Exception {
        for (String way : new String[] {"addCookie", "addHeader", "setHeader", "lower"}) {
            HttpResponse<String> r = http.get(REGISTER + "?cookies=" + way + ":_mx_abc", "CF-IPCountry", "DE");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Http.cookieNames(r)).as(way).doesNotContain("_mx_abc");
        }
    }

    @Test
    void grantedCategories_letTheirCookiesThrough_everyWay() throws Exception {
        String cookie = consentCookie(token(Map.of("analytics", true)));
        for (String way : new String[] {"addCookie", "addHeader", "setHeader", "lower"}) {
            HttpResponse<String> r = http.get(REGISTER + "?cookies=" + way + ":_mx_abc", "CF-IPCountry", "DE", "Cookie", cookie);
            assertThat(Http.cookieNames(r)).as(way).contains("_mx_abc");
        }
    }

    @Test
    void refusedAndUndeclaredCookiesAreDropped_necessaryOnesPass() throws Exception {
        String cookie = consentCookie(token(Map.of("analytics", true, "marketing", false)));
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addCookie:_mx_abc,addHeader:utm_attribution,addCookie:mystery,addCookie:JSESSIONID",
                "CF-IPCountry", "DE", "Cookie", cookie);
        assertThat(Http.cookieNames(r)).contains("_mx_abc", "JSESSIONID").doesNotContain("utm_attribution", "mystery");
    }

    @Test
    void cookieAttributes_SameSiteSecurePartitioned_areKeptIntact() throws Exception {
        String cookie = consentCookie(token(Map.of("analytics", true)));
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addHeader:_mx_abc", "CF-IPCountry", "DE", "Cookie", cookie);
        assertThat(Http.setCookies(r)).contains("_mx_abc=v; Path=/; SameSite=None; Secure; Partitioned");
    }

    @Test
    void theContainersSessionCookie_alwaysPasses() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=session", "CF-IPCountry", "DE");
        assertThat(Http.cookieNames(r)).contains("JSESSIONID");
    }

    @Test
    void cookiesOfAWithdrawnCategory_thatTheRequestCarries_areExpired() throws Exception {
        String consent = consentCookie(token(Map.of("analytics", false, "marketing", false)));
        HttpResponse<String> r = http.get("/other/page", "CF-IPCountry", "DE",
                "Cookie", consent + "; _mx_abc=1; utm_attribution=x; JSESSIONID=s; unrelated=1");
        assertThat(Http.setCookies(r)).contains(
                "_mx_abc=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                "utm_attribution=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
        assertThat(Http.cookieNames(r)).doesNotContain("JSESSIONID", "unrelated", "consentkit");
    }

    @Test
    void withoutADecision_carriedCookiesAreLeftAlone_onlyNewOnesAreDropped() throws Exception {
        HttpResponse<String> r = http.get("/other/page?cookies=addCookie:utm_attribution", "CF-IPCountry", "DE",
                "Cookie", "_mx_abc=1; utm_attribution=x");
        assertThat(Http.setCookies(r)).isEmpty();
    }

    @Test
    void gpcInAnOptOutRegion_expiresCarriedSaleOrSharingCookies() throws Exception {
        HttpResponse<String> r = http.get("/other/page", "CF-IPCountry", "US", "Sec-GPC", "1", "Cookie", "_mx_abc=1; utm_attribution=x");
        assertThat(Http.setCookies(r)).containsExactly("utm_attribution=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
    }

    @Test
    void cookieEnforcement_appliesOutsideConfiguredPagesToo() throws Exception {
        HttpResponse<String> r = http.get("/other/page?cookies=addCookie:utm_attribution", "CF-IPCountry", "FR");
        assertThat(Http.cookieNames(r)).doesNotContain("utm_attribution");
        assertThat(r.body()).doesNotContain("consentkit-bootstrap"); // not a configured page: not rewritten
    }

    // ------------------------------------------------------------------ regimes and GPC

    @Test
    void optOut_withoutDecision_allowsEverything_butGpcRefusesMarketing() throws Exception {
        HttpResponse<String> plain = http.get(REGISTER + "?cookies=addCookie:_mx_abc,addCookie:utm_attribution", "CF-IPCountry", "US");
        assertThat(Http.cookieNames(plain)).contains("_mx_abc", "utm_attribution");
        HttpResponse<String> gpc = http.get(REGISTER + "?cookies=addCookie:_mx_abc,addCookie:utm_attribution", "CF-IPCountry", "US", "Sec-GPC", "1");
        assertThat(Http.cookieNames(gpc)).contains("_mx_abc").doesNotContain("utm_attribution");
    }

    @Test
    void gpc_isExactlyTheValue1() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addCookie:utm_attribution", "CF-IPCountry", "US", "Sec-GPC", "true");
        assertThat(Http.cookieNames(r)).contains("utm_attribution");
    }

    @Test
    void optIn_gpcNeverCountsAsConsent() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "Sec-GPC", "1");
        assertThat(Http.cookieNames(r)).doesNotContain("_mx_abc");
    }

    @Test
    void unknownRegion_isOptIn() throws Exception {
        for (String region : new String[] {null, "XX", "T1", "<script>"}) {
            HttpResponse<String> r = region == null ? http.get(REGISTER + "?cookies=addCookie:_mx_abc")
                    : http.get(REGISTER + "?cookies=addCookie:_mx_abc", "CF-IPCountry", region);
            assertThat(Http.cookieNames(r)).as(String.valueOf(region)).doesNotContain("_mx_abc");
        }
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void tamperedTokens_countAsNoDecision() throws Exception {
        String good = token(Map.of("analytics", true));
        char last = good.charAt(good.length() - 1);
        String tampered = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "Cookie", consentCookie(tampered));
        assertThat(Http.cookieNames(r)).doesNotContain("_mx_abc");
        HttpResponse<String> garbage = http.get(REGISTER + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "Cookie", "consentkit=%%%%");
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(Http.cookieNames(garbage)).doesNotContain("_mx_abc");
    }

    @Test
    void expiredTokens_countAsNoDecision() throws Exception {
        String token = token(Map.of("analytics", true));
        clock.now = clock.now.plus(Duration.ofDays(200));
        HttpResponse<String> r = http.get(REGISTER + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "Cookie", consentCookie(token));
        assertThat(Http.cookieNames(r)).doesNotContain("_mx_abc");
    }

    // ------------------------------------------------------------------ state endpoints

    @Test
    void acceptAll_setsTheSignedCookie_recordsProof_andAnswersTheState() throws Exception {
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + REGISTER + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE", "Accept-Language", "de-DE,de;q=0.9");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        String setCookie = Http.setCookies(r).stream().filter(h -> h.startsWith("consentkit=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("; HttpOnly").contains("; SameSite=Lax").contains("; Path=/").doesNotContain("Secure");
        JsonNode body = json(r);
        assertThat(body.get("decided").asBoolean()).isTrue();
        assertThat(body.get("choices").toString()).isEqualTo("{\"necessary\":true,\"preferences\":true,\"analytics\":true,\"marketing\":true}");
        assertThat(body.get("pageType").asText()).isEqualTo("registration");
        assertThat(ledger.records).hasSize(1);
        var record = ledger.last();
        assertThat(record.action()).isEqualTo(ConsentAction.GRANT);
        assertThat(record.method()).isEqualTo(DecisionMethod.ACCEPT_ALL);
        assertThat(record.region()).isEqualTo("DE");
        assertThat(record.locale()).isEqualTo("de");
        assertThat(record.pageType()).isEqualTo("registration");
        assertThat(record.bannerTextHash()).isEqualTo(policy.texts(policy.pageType("registration"), "de").hash());
        assertThat(record.consentId().toString()).isEqualTo(body.get("consentId").asText());
        // the new cookie is honoured on the next page
        String token = Http.cookieValue(r, "consentkit");
        HttpResponse<String> next = http.get(REGISTER + "?cookies=addCookie:utm_attribution", "CF-IPCountry", "DE", "Cookie", "consentkit=" + token);
        assertThat(Http.cookieNames(next)).contains("utm_attribution");
    }

    @Test
    void acceptAll_onAPage_grantsOnlyWhatThatPageOffers() throws Exception {
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"/login\"}", "Origin", http.origin());
        assertThat(json(r).get("choices").toString()).isEqualTo("{\"necessary\":true,\"preferences\":false,\"analytics\":true,\"marketing\":false}");
    }

    @Test
    void customChoices_updateTheSameConsentId() throws Exception {
        HttpResponse<String> first = http.postJson("/consent/state", "{\"categories\":{\"analytics\":true},\"page\":\"" + REGISTER + "\"}",
                "Origin", http.origin());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String token = Http.cookieValue(first, "consentkit");
        HttpResponse<String> second = http.postJson("/consent/state", "{\"categories\":{\"marketing\":true},\"page\":\"" + REGISTER + "\"}",
                "Origin", http.origin(), "Cookie", "consentkit=" + token);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode body = json(second);
        assertThat(body.get("choices").get("analytics").asBoolean()).isTrue();
        assertThat(body.get("choices").get("marketing").asBoolean()).isTrue();
        assertThat(body.get("consentId").asText()).isEqualTo(json(first).get("consentId").asText());
        assertThat(ledger.records).extracting(r -> r.action()).containsExactly(ConsentAction.GRANT, ConsentAction.UPDATE);
        assertThat(ledger.last().method()).isEqualTo(DecisionMethod.CUSTOM);
    }

    @Test
    void withdraw_refusesEverything_expiresCarriedCookies_andIsRecorded() throws Exception {
        String token = token(Map.of("analytics", true, "marketing", true));
        HttpRequest delete = http.request("/consent/state?page=" + REGISTER).DELETE()
                .header("Origin", http.origin()).header("Cookie", consentCookie(token) + "; _mx_abc=1; utm_attribution=2").build();
        HttpResponse<String> r = http.send(delete);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("choices").toString()).isEqualTo("{\"necessary\":true,\"preferences\":false,\"analytics\":false,\"marketing\":false}");
        assertThat(body.get("allowed").toString()).isEqualTo("[\"necessary\"]");
        assertThat(Http.setCookies(r)).anyMatch(h -> h.startsWith("_mx_abc=; Max-Age=0"))
                .anyMatch(h -> h.startsWith("utm_attribution=; Max-Age=0"));
        assertThat(ledger.last().action()).isEqualTo(ConsentAction.WITHDRAW);
    }

    @Test
    void getState_reportsTheDecisionForThePage() throws Exception {
        HttpResponse<String> none = http.get("/consent/state?page=" + REGISTER, "CF-IPCountry", "DE");
        assertThat(json(none).get("decided").asBoolean()).isFalse();
        assertThat(json(none).get("allowed").toString()).isEqualTo("[\"necessary\"]");
        assertThat(json(none).get("regime").asText()).isEqualTo("opt-in");
        HttpResponse<String> some = http.get("/consent/state?page=/login", "CF-IPCountry", "DE",
                "Cookie", consentCookie(token(Map.of("analytics", true, "marketing", true))));
        assertThat(json(some).get("allowed").toString()).isEqualTo("[\"necessary\",\"analytics\"]"); // login offers analytics only
        assertThat(some.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void stateChanges_fromAnotherOrigin_areRefused() throws Exception {
        for (String[] headers : new String[][] {
                {"Origin", "https://evil.example"},
                {"Origin", "null"},
                {"Sec-Fetch-Site", "cross-site"},
                {"Referer", "https://evil.example/page"},
                {"X-Nothing", "1"}}) {
            HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\"}", headers);
            assertThat(r.statusCode()).as(String.join(":", headers)).isEqualTo(403);
            assertThat(json(r).get("error").asText()).isEqualTo("forbidden-origin");
            assertThat(Http.cookieNames(r)).doesNotContain("consentkit");
            assertThat(json(r).get("message").asText()).as("the message says what to send when there is no origin signal at all")
                    .contains(headers[0].equals("X-Nothing") ? "send the Origin header" : "is not this site");
        }
        HttpResponse<String> delete = http.send(http.request("/consent/state").DELETE().header("Origin", "https://evil.example").build());
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(ledger.records).isEmpty();
    }

    @Test
    void sameOriginSignals_otherThanOrigin_areAccepted() throws Exception {
        assertThat(http.postJson("/consent/state", "{\"action\":\"reject-all\"}", "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
        assertThat(http.postJson("/consent/state", "{\"action\":\"reject-all\"}", "Referer", http.origin() + REGISTER).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRequests_getA4xxJsonError_neverA500() throws Exception {
        String[][] cases = {
                {"not json", "400", "malformed-json"},
                {"[1,2]", "400", "bad-request"},
                {"{}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"categories\":{}}", "400", "bad-request"},
                {"{\"action\":\"accept-some\"}", "400", "bad-request"},
                {"{\"action\":7}", "400", "bad-request"},
                {"{\"categories\":{\"tracking\":true}}", "400", "unknown-category"},
                {"{\"categories\":{\"analytics\":\"yes\"}}", "400", "bad-request"},
                {"{\"categories\":{\"necessary\":false}}", "400", "bad-request"},
                {"{\"categories\":[]}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"extra\":1}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"page\":\"https://evil/\"}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"page\":\"//evil/x\"}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"page\":\"/%zz\"}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"page\":7}", "400", "bad-request"},
                {"{\"action\":\"accept-all\",\"action\":\"reject-all\"}", "400", "malformed-json"},
                {"{\"action\":\"accept-all\"} {}", "400", "malformed-json"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = http.postJson("/consent/state", c[0], "Origin", http.origin());
            assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(json(r).get("error").asText()).as(c[0]).isEqualTo(c[2]);
            assertThat(json(r).get("message").asText()).as(c[0]).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(ledger.records).isEmpty();
    }

    @Test
    void wrongContentType_is415_andOversizedBodies_are413() throws Exception {
        HttpResponse<String> form = http.send(http.request("/consent/state").header("Origin", http.origin())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=accept-all")).build());
        assertThat(form.statusCode()).isEqualTo(415);
        String huge = "{\"action\":\"accept-all\",\"page\":\"/" + "a".repeat(20_000) + "\"}";
        HttpResponse<String> big = http.postJson("/consent/state", huge, "Origin", http.origin());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).get("error").asText()).isEqualTo("payload-too-large");
    }

    @Test
    void aLedgerOutage_isA503_andTheDecisionIsNotAcknowledged() throws Exception {
        ledger.failing = true;
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\"}", "Origin", http.origin());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Http.cookieNames(r)).doesNotContain("consentkit");
    }

    @Test
    void unknownEndpoints_are404_andWrongMethods_are405_asJson() throws Exception {
        HttpResponse<String> missing = http.get("/consent/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("not-found");
        HttpResponse<String> put = http.send(http.request("/consent/state").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST, DELETE");
        assertThat(json(put).get("error").asText()).isEqualTo("method-not-allowed");
    }

    // ------------------------------------------------------------------ declaration, GPC, assets

    @Test
    void cookiesJson_listsCategoriesAndDeclarations() throws Exception {
        JsonNode all = json(http.get("/consent/cookies.json"));
        assertThat(all.get("categories")).extracting(c -> c.get("id").asText())
                .containsExactly("necessary", "preferences", "analytics", "marketing");
        JsonNode analytics = all.get("categories").get(2);
        assertThat(analytics.get("required").asBoolean()).isFalse();
        assertThat(analytics.get("declarations").get(1).toString()).contains("\"kind\":\"cookie\"", "\"name\":\"_mx_\"", "\"match\":\"prefix\"");
        JsonNode login = json(http.get("/consent/cookies.json?page=/login"));
        assertThat(login.get("categories")).extracting(c -> c.get("id").asText()).containsExactly("necessary", "analytics");
    }

    @Test
    void cookiesPage_isAReadableLocalisedDeclaration() throws Exception {
        HttpResponse<String> r = http.get("/consent/cookies", "Accept-Language", "fr");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(r.body()).contains("<html lang=\"fr\"", "<table>", "<code>utm_attribution</code>", "AdNet (demo)")
                .doesNotContain("<script");
        assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    }

    @Test
    void gpcJson_isServed() throws Exception {
        HttpResponse<String> r = http.get("/.well-known/gpc.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("gpc").asBoolean()).isTrue();
    }

    @Test
    void runtimeAssets_areContentHashed_immutable_gzipped_andRevalidated() throws Exception {
        HttpResponse<String> page = http.get(REGISTER, "CF-IPCountry", "DE");
        var m = java.util.regex.Pattern.compile("/consent/assets/(consentkit\\.[0-9a-f]{12}\\.js)").matcher(page.body());
        assertThat(m.find()).isTrue();
        String js = "/consent/assets/" + m.group(1);
        HttpResponse<byte[]> plain = http.sendBytes(http.request(js).GET().build());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(plain.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
        HttpResponse<byte[]> gz = http.sendBytes(http.request(js).header("Accept-Encoding", "gzip").GET().build());
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = http.sendBytes(http.request(js).header("If-None-Match", etag).GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(http.get("/consent/assets/consentkit.000000000000.js").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ HTML

    @Test
    void configuredPages_getTheBootstrapFirstInHead_bothWriterAndStream() throws Exception {
        for (String body : new String[] {"writer", "stream"}) {
            HttpResponse<String> r = http.get(REGISTER + "?body=" + body, "CF-IPCountry", "DE");
            assertThat(r.body()).as(body).contains("<head><script id=\"consentkit-bootstrap\" type=\"application/json\">")
                    .contains("Grüße aus Köln: ünïcödé text ✓");
            assertThat(r.headers().firstValue("Cache-Control")).as(body).contains("private, no-cache");
            assertThat(r.headers().allValues("Vary")).as(body).anyMatch(v -> v.contains("Cookie"));
        }
    }

    @Test
    void theBootstrap_carriesStateAndEscapesEverything() throws Exception {
        HttpResponse<String> r = http.get(REGISTER, "CF-IPCountry", "de");
        String bootstrap = r.body().substring(r.body().indexOf("type=\"application/json\">") + 24, r.body().indexOf("</script>"));
        JsonNode b = JSON.readTree(bootstrap);
        assertThat(b.get("v").asInt()).isEqualTo(1);
        assertThat(b.get("tenant").asText()).isEqualTo("default");
        assertThat(b.get("pageType").asText()).isEqualTo("registration");
        assertThat(b.get("regime").asText()).isEqualTo("opt-in");
        assertThat(b.get("region").asText()).isEqualTo("DE");
        assertThat(b.get("decided").asBoolean()).isFalse();
        assertThat(b.get("allowed").toString()).isEqualTo("[\"necessary\"]");
        assertThat(b.get("endpoint").asText()).isEqualTo("/consent");
        assertThat(b.get("texts").get("title").asText()).isEqualTo("Before you register");
        assertThat(bootstrap).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    }

    @Test
    void theNonce_fromTheRequestAttribute_isOnTheInjectedElements() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?nonce=R4nd0mN0nce", "CF-IPCountry", "DE");
        assertThat(r.body()).contains("consentkit.css\"".substring(0, 0) + "nonce=\"R4nd0mN0nce\"");
        HttpResponse<String> hostile = http.get(REGISTER + "?nonce=%22%3E%3Cscript%3E", "CF-IPCountry", "DE");
        assertThat(hostile.body()).doesNotContain("nonce=\"\"><script>").doesNotContain("nonce=");
    }

    @Test
    void gzipEncodedBodies_passThroughUntouched() throws Exception {
        HttpResponse<byte[]> r = http.sendBytes(http.request(REGISTER + "?mode=gzip").header("CF-IPCountry", "DE").GET().build());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(expected)) {
            gz.write(TestApp.PAGE.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(r.body()).isEqualTo(expected.toByteArray());
    }

    @Test
    void nonHtmlResponses_passThroughUntouched() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=json", "CF-IPCountry", "DE");
        assertThat(r.body()).isEqualTo("{\"script\": \"<script src=/demo/vendor/analytics.js></script>\"}");
    }

    @Test
    void aContentLengthSetByTheApplication_isCorrectedOrDropped() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=length", "CF-IPCountry", "DE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("consentkit-bootstrap").endsWith("</html>\n");
        r.headers().firstValue("Content-Length").ifPresent(length ->
                assertThat(Long.parseLong(length)).isEqualTo(r.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void head_hasNoBody_andNoWrongLength() throws Exception {
        HttpResponse<String> r = http.send(http.request(REGISTER + "?mode=length").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("CF-IPCountry", "DE").build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        r.headers().firstValue("Content-Length").ifPresent(length ->
                assertThat(Long.parseLong(length)).isNotEqualTo(TestApp.PAGE.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void notModified_errors_andRedirects_passThrough() throws Exception {
        assertThat(http.get(REGISTER + "?mode=notmodified", "CF-IPCountry", "DE").statusCode()).isEqualTo(304);
        HttpResponse<String> error = http.get(REGISTER + "?mode=error", "CF-IPCountry", "DE");
        assertThat(error.statusCode()).isEqualTo(404);
        HttpResponse<String> redirect = http.get(REGISTER + "?mode=redirect&cookies=addCookie:utm_attribution", "CF-IPCountry", "DE");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).get().asString().endsWith("/webinars/launch/thank-you");
        assertThat(Http.cookieNames(redirect)).doesNotContain("utm_attribution");
    }

    @Test
    void tagsSplitAtEveryByteBoundary_areRewrittenAsIfWhole_writerAndStream() throws Exception {
        String expected = null;
        int length = TestApp.PAGE.getBytes(StandardCharsets.UTF_8).length;
        for (String body : new String[] {"stream", "writer"}) {
            int max = "stream".equals(body) ? length : TestApp.PAGE.length();
            for (int split = 0; split <= max; split++) {
                HttpResponse<String> r = http.get(REGISTER + "?body=" + body + "&split=" + split, "CF-IPCountry", "DE");
                String normalised = r.body().replaceAll("nonce=\"[^\"]*\"", "");
                if (expected == null) {
                    expected = normalised;
                    assertThat(expected).contains("data-src=\"/demo/vendor/analytics.js\"").contains("data-src=\"/demo/vendor/video?id=42\"");
                }
                assertThat(normalised).as("%s split at %d", body, split).isEqualTo(expected);
            }
        }
    }

    @Test
    void aFiveMegabytePage_streamsThrough_completelyRewritten() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=big&size=5000000", "CF-IPCountry", "DE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<!DOCTYPE html><html><head><script id=\"consentkit-bootstrap\"").endsWith("</body></html>\n");
        assertThat(r.body().length()).isGreaterThan(5_000_000);
        assertThat(r.body()).doesNotContain("<script src=\"/demo/vendor/ads.js\">");
        int neutralised = r.body().split("data-src=\"/demo/vendor/ads.js\"", -1).length - 1;
        assertThat(neutralised).isGreaterThan(30_000);
    }

    @Test
    void theBody_reachesTheClientBeforeTheApplicationHasFinished() throws Exception {
        String id = containerKind + "-" + System.nanoTime();
        var response = http.sendStream(http.request(REGISTER + "?mode=held&id=" + id).header("CF-IPCountry", "DE").GET().build());
        try (var in = response.body()) {
            byte[] start = in.readNBytes(4096); // arrives while the servlet is still waiting: nothing buffers the whole page
            assertThat(new String(start, StandardCharsets.UTF_8)).contains("consentkit-bootstrap");
            TestApp.HELD.computeIfAbsent(id, k -> new java.util.concurrent.CountDownLatch(1)).countDown();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("second part</p></body></html>\n");
        }
    }

    @Test
    void flushBuffer_mideway_stillRewritesTheRest() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=flush", "CF-IPCountry", "DE");
        assertThat(r.body()).contains("consentkit-bootstrap").contains("</html>");
    }

    @Test
    void asyncServlets_areRewritten() throws Exception {
        HttpResponse<String> r = http.get(REGISTER + "?mode=async", "CF-IPCountry", "DE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("consentkit-bootstrap").contains("</html>");
    }

    @Test
    void nonBlockingWrites_areRewrittenWhole() throws Exception {
        String page = http.get(REGISTER, "CF-IPCountry", "DE").body().replaceAll("nonce=\"[^\"]*\"", "");
        HttpResponse<String> r = http.get(REGISTER + "?mode=nonblocking", "CF-IPCountry", "DE");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(page).contains("consentkit-bootstrap").contains("data-src=\"/demo/vendor/analytics.js\"");
        assertThat(r.body().replaceAll("nonce=\"[^\"]*\"", ""))
                .isEqualTo(page.replace("</body>", TestApp.NON_BLOCKING_FILLER + "</body>"));
    }

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
