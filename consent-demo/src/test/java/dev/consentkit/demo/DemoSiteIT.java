package dev.consentkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo site over real HTTP, in-process on a free port with a fresh data folder. */
class DemoSiteIT {

    private static final String PASSWORD = "it-admin-password";
    private static final String REGISTER = "/webinars/product-launch/register";
    private static final String GLOBEX_REGISTER = "/webinars/quarterly-briefing/register";

    @TempDir
    static Path data;
    static DemoServer demo;
    static URI site;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServer.start(DemoOptions.parse("--port", "0", "--data", data.toString(), "--admin-password", PASSWORD));
        site = demo.uri();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static Browser browser() {
        return new Browser(site);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} ({1}, {2})")
    @CsvSource({
            "/login, default, login",
            "/webinars/product-launch/register, acme, registration",
            "/webinars/product-launch/waiting-room, acme, waiting-room",
            "/webinars/product-launch/thank-you, acme, thank-you",
            "/organizers/acme, acme, profile",
            "/webinars/quarterly-briefing/register, globex, registration",
            "/webinars/quarterly-briefing/waiting-room, globex, waiting-room",
            "/webinars/quarterly-briefing/thank-you, globex, thank-you",
            "/organizers/globex, globex, profile",
    })
    void everyPublicPage_answers200_withTheBootstrapOfItsOrganizer(String path, String tenant, String pageType) throws Exception {
        HttpResponse<String> r = browser().get(path);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        JsonNode b = Browser.bootstrap(r.body());
        assertThat(b).as("bootstrap on " + path).isNotNull();
        assertThat(b.get("tenant").asText()).isEqualTo(tenant);
        assertThat(b.get("pageType").asText()).isEqualTo(pageType);
        assertThat(b.get("decided").asBoolean()).isFalse();
        assertThat(r.body()).contains("<footer", "/consent/cookies?page=", "Demo tool:</strong> pretend to be in");
    }

    @Test
    void platformPagesWithoutThirdPartyContent_areServedAsTheyAre() throws Exception {
        for (String path : List.of("/", "/privacy")) {
            HttpResponse<String> r = browser().get(path);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain("consentkit-bootstrap", "/demo/vendor/").contains("/consent/cookies?page=");
        }
    }

    @Test
    void unknownPage_is404() throws Exception {
        assertThat(browser().get("/webinars/nope/register").statusCode()).isEqualTo(404);
    }

    @Test
    void registrationPage_withoutConsent_dropsTheServersAnalyticsAndMarketingCookies() throws Exception {
        HttpResponse<String> r = browser().get(REGISTER + "?utm_source=newsletter");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Browser.setCookieNames(r)).doesNotContain("srv_visit", "utm_attribution");
    }

    @Test
    void registrationPage_afterAcceptingAll_setsTheServersCookies() throws Exception {
        Browser b = browser();
        HttpResponse<String> decision = b.decide("accept-all", REGISTER);
        assertThat(Browser.setCookieNames(decision)).contains("consentkit_acme");

        HttpResponse<String> r = b.get(REGISTER + "?utm_source=newsletter");

        assertThat(Browser.setCookie(r, "srv_visit")).isNotNull();
        assertThat(Browser.setCookie(r, "utm_attribution")).startsWith("utm_attribution=newsletter;");
        assertThat(Browser.bootstrap(r.body()).get("decided").asBoolean()).isTrue();
    }

    @Test
    void registrationPage_afterRejectingAll_dropsThemAndExpiresOnesAlreadySet() throws Exception {
        Browser b = browser();
        b.decide("accept-all", REGISTER);
        b.get(REGISTER);
        assertThat(b.cookies()).containsKeys("srv_visit", "utm_attribution");

        HttpResponse<String> rejected = b.decide("reject-all", REGISTER);
        HttpResponse<String> r = b.get(REGISTER + "?utm_source=ads");

        assertThat(Browser.setCookie(rejected, "srv_visit")).as("expired by the decision").containsIgnoringCase("Max-Age=0");
        assertThat(Browser.setCookie(rejected, "utm_attribution")).containsIgnoringCase("Max-Age=0");
        assertThat(Browser.setCookieNames(r)).doesNotContain("srv_visit", "utm_attribution");
        assertThat(b.cookies()).doesNotContainKeys("srv_visit", "utm_attribution");
    }

    @Test
    void vendorScriptsAndTheVideo_areNeutralisedByTheServer_untilTheirCategoryIsAllowed() throws Exception {
        Browser b = browser();
        String before = b.get("/organizers/acme").body();

        assertThat(before).doesNotContain("<script src=\"/demo/vendor/", "<iframe src=\"/demo/vendor/video")
                .contains("<script type=\"text/plain\" data-consent=\"marketing\" data-src=\"/demo/vendor/ads.js\">")
                .contains("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"/demo/vendor/analytics.js\">")
                .contains("<iframe data-consent=\"marketing\" data-src=\"/demo/vendor/video?v=acme");

        b.postJson("/consent/state", "{\"categories\":{\"analytics\":true},\"page\":\"/organizers/acme\"}");
        String after = b.get("/organizers/acme").body();

        assertThat(after).contains("<script src=\"/demo/vendor/analytics.js\"></script>")
                .contains("data-src=\"/demo/vendor/ads.js\"", "data-src=\"/demo/vendor/video?v=acme")
                .doesNotContain("<script src=\"/demo/vendor/ads.js\">");
    }

    @Test
    void consent_isKeptApartPerOrganizer() throws Exception {
        Browser b = browser();
        b.decide("accept-all", REGISTER);

        JsonNode acme = Browser.bootstrap(b.get(REGISTER).body());
        JsonNode globex = Browser.bootstrap(b.get(GLOBEX_REGISTER).body());

        assertThat(acme.get("tenant").asText()).isEqualTo("acme");
        assertThat(acme.get("decided").asBoolean()).isTrue();
        assertThat(globex.get("tenant").asText()).isEqualTo("globex");
        assertThat(globex.get("decided").asBoolean()).as("acme's consent does not count for globex").isFalse();
        assertThat(Browser.setCookieNames(b.get(GLOBEX_REGISTER + "?utm_source=x"))).doesNotContain("srv_visit", "utm_attribution");
    }

    @Test
    void globex_offersNoMarketing_evenAfterAcceptAll() throws Exception {
        Browser b = browser();
        JsonNode state = Browser.json(b.decide("accept-all", GLOBEX_REGISTER).body());

        assertThat(state.get("allowed")).extracting(JsonNode::asText).containsExactlyInAnyOrder("necessary", "preferences", "analytics");
        HttpResponse<String> r = b.get(GLOBEX_REGISTER + "?utm_source=x");
        assertThat(Browser.setCookie(r, "srv_visit")).isNotNull();
        assertThat(Browser.setCookieNames(r)).doesNotContain("utm_attribution");
        assertThat(Browser.bootstrap(r.body()).get("layout").asText()).isEqualTo("modal");
    }

    @Test
    void regionSwitch_setsTheRegionForThisVisitorOnly() throws Exception {
        Browser us = browser();
        HttpResponse<String> switched = us.postForm("/demo/region", Map.of("region", "US", "back", REGISTER + "?utm_source=x"));
        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(switched.headers().firstValue("Location")).hasValue(REGISTER + "?utm_source=x");
        assertThat(Browser.setCookie(switched, "demo_region")).startsWith("demo_region=US;");

        HttpResponse<String> page = us.get(REGISTER + "?utm_source=x");
        JsonNode b = Browser.bootstrap(page.body());
        assertThat(b.get("region").asText()).isEqualTo("US");
        assertThat(b.get("regime").asText()).isEqualTo("opt-out");
        assertThat(Browser.setCookieNames(page)).as("opt-out: on until refused").contains("srv_visit", "utm_attribution");
        assertThat(Browser.bootstrap(us.get(GLOBEX_REGISTER).body()).get("regime").asText()).as("globex is opt-in in the US").isEqualTo("opt-in");
        assertThat(Browser.bootstrap(browser().get(REGISTER).body()).get("regime").asText()).isEqualTo("opt-in");
    }

    @Test
    void regionSwitch_onAnOrganizersPage_keepsTheCookiesItsVisitorAllowed() throws Exception {
        Browser b = browser();
        b.decide("accept-all", REGISTER);
        b.get(REGISTER);

        HttpResponse<String> switched = b.postForm("/demo/region", Map.of("region", "DE", "back", REGISTER));

        assertThat(Browser.setCookieNames(switched)).containsExactly("demo_region");
        assertThat(b.cookies()).containsKeys("srv_visit", "utm_attribution", "consentkit_acme");
    }

    @Test
    void regionSwitch_aRealRegionHeaderWins() throws Exception {
        Browser b = browser().header("CF-IPCountry", "DE");
        b.postForm("/demo/region", Map.of("region", "US", "back", "/"));

        JsonNode boot = Browser.bootstrap(b.get(REGISTER).body());

        assertThat(boot.get("region").asText()).isEqualTo("DE");
        assertThat(boot.get("regime").asText()).isEqualTo("opt-in");
    }

    @Test
    void regionSwitch_refusesUnknownRegionsAndForeignRedirects() throws Exception {
        Browser b = browser();
        assertThat(b.postForm("/demo/region", Map.of("region", "ZZ", "back", "/")).statusCode()).isEqualTo(400);
        assertThat(b.postForm("/demo/region", Map.of("region", "FR", "back", "//evil.example/")).headers().firstValue("Location"))
                .hasValue("/");
    }

    @Test
    void admin_needsCredentials() throws Exception {
        HttpResponse<String> anonymous = browser().get("/consent/admin");
        HttpResponse<String> wrong = browser().get("/consent/admin", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> operator = browser().get("/consent/admin?tenant=globex", "Authorization", admin());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'", "style-src 'nonce-").doesNotContain("script-src"));
        assertThat(operator.body()).contains("Globex Corporation", "<svg", "Chain verification", "Published cookie declaration")
                .doesNotContain("<script");
        assertThat(browser().get("/consent/admin?tenant=initech", "Authorization", admin()).statusCode()).isEqualTo(404);
        assertThat(browser().get("/consent/admin?tenant=..%2Fx", "Authorization", admin()).statusCode()).isEqualTo(400);
        assertThat(browser().get("/consent/admin/records.jsonl").statusCode()).isEqualTo(401);
    }

    @Test
    void recordsJsonl_listsTheDecisionsOfEachOrganizer() throws Exception {
        String acmeId = Browser.json(browser().decide("accept-all", REGISTER).body()).get("consentId").asText();
        String globexId = Browser.json(browser().decide("reject-all", "/organizers/globex").body()).get("consentId").asText();

        String acme = eventually(() -> export("?tenant=acme"), s -> s.contains(acmeId));
        String globex = eventually(() -> export("?tenant=globex"), s -> s.contains(globexId));
        String all = export("");

        assertThat(acme.lines()).allSatisfy(l -> assertThat(Browser.json(l).get("tenant").asText()).isEqualTo("acme"));
        assertThat(acme).doesNotContain(globexId);
        assertThat(globex.lines()).allSatisfy(l -> assertThat(Browser.json(l).get("tenant").asText()).isEqualTo("globex"));
        assertThat(globex).contains("\"method\":\"reject-all\"").doesNotContain(acmeId);
        assertThat(all).contains(acmeId, globexId);
        HttpResponse<String> csv = browser().get("/consent/admin/records.csv?tenant=acme&consentId=" + acmeId, "Authorization", admin());
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().count()).as("a header and one record").isEqualTo(2);
    }

    private static String export(String query) throws Exception {
        HttpResponse<String> r = browser().get("/consent/admin/records.jsonl" + query, "Authorization", admin());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void withdrawal_isRecorded_andTheDashboardShowsIt() throws Exception {
        Browser b = browser();
        String id = Browser.json(b.decide("accept-all", "/organizers/acme").body()).get("consentId").asText();
        HttpResponse<String> withdrawn = b.delete("/consent/state?page=%2Forganizers%2Facme");
        assertThat(withdrawn.statusCode()).isEqualTo(200);

        String page = eventually(() -> browser().get("/consent/admin?tenant=acme&q=" + id, "Authorization", admin()).body(),
                s -> s.contains("2 records of the consent id"));

        assertThat(page).contains("2 records of the consent id", ">grant<", ">withdraw<");
        assertThat(page).containsPattern("<p class=\"ok\"><strong>Intact\\.</strong> \\d+ records checked");
    }

    @Test
    void registeredAttendee_isTheSubjectOfTheirDecisions() throws Exception {
        Browser b = browser();
        HttpResponse<String> registered = b.postForm(REGISTER, Map.of("name", "Ada <Lovelace>", "email", "ada@example.com",
                "company", "", "password", "", "utm_source", ""));
        assertThat(registered.statusCode()).isEqualTo(303);
        assertThat(registered.headers().firstValue("Location")).hasValue("/webinars/product-launch/thank-you");
        assertThat(b.cookies()).containsKey("JSESSIONID");
        assertThat(b.get("/webinars/product-launch/thank-you").body()).contains("Thank you, Ada &lt;Lovelace&gt;");

        b.decide("accept-all", "/webinars/product-launch/thank-you");

        String subject = Attendees.subjectReference("ada@example.com");
        String found = eventually(() -> browser().get("/consent/admin?tenant=acme&q=" + subject, "Authorization", admin()).body(),
                s -> s.contains("1 record of the subject reference"));
        assertThat(found).contains(subject, "thank-you");
    }

    @Test
    void registration_withErrors_isShownAgain() throws Exception {
        HttpResponse<String> r = browser().postForm(REGISTER, Map.of("name", "", "email", "not-an-address"));

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("role=\"alert\"", "Enter your name", "Enter an e-mail address");
    }

    @Test
    void login_withTheDemoAccount_startsASession() throws Exception {
        Browser b = browser();
        HttpResponse<String> bad = b.postForm("/login", Map.of("email", Attendees.DEMO_EMAIL, "password", "wrong-password", "next", "/"));
        HttpResponse<String> ok = b.postForm("/login", Map.of("email", Attendees.DEMO_EMAIL, "password", Attendees.DEMO_PASSWORD,
                "next", "/organizers/acme"));

        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).hasValue("/organizers/acme");
        assertThat(b.cookies()).containsKey("JSESSIONID");
        assertThat(b.get("/login").body()).contains("You are signed in as Demo Attendee");
    }

    @Test
    void adminForms_needTheCsrfTokenAndTheSameOrigin() throws Exception {
        String dashboard = browser().get("/consent/admin?tenant=acme", "Authorization", admin()).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(dashboard);
        assertThat(m.find()).isTrue();
        String token = m.group(1);

        HttpResponse<String> noToken = browser().postForm("/consent/admin/reload", Map.of("tenant", "acme"), "Authorization", admin());
        HttpResponse<String> withToken = browser().postForm("/consent/admin/reload", Map.of("tenant", "acme", "csrf", token),
                "Authorization", admin());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(303);
        assertThat(withToken.headers().firstValue("Location")).hasValue("/consent/admin?tenant=acme&done=reloaded#overview");
    }

    @Test
    void undeclaredNames_reportedByTheBrowser_appearWithADeclarationSnippet() throws Exception {
        HttpResponse<String> report = browser().postJson("/consent/report",
                "{\"page\":\"/organizers/acme\",\"items\":[{\"kind\":\"localStorage\",\"name\":\"promo_banner_seen\"},"
                        + "{\"kind\":\"cookie\",\"name\":\"_mx_id\"}]}");
        assertThat(report.statusCode()).isEqualTo(204);

        String page = browser().get("/consent/admin?tenant=acme&declare=localStorage&name=promo_banner_seen&category=preferences",
                "Authorization", admin()).body();

        assertThat(page).contains("<code>promo_banner_seen</code>", "Declare <code>promo_banner_seen</code> as preferences",
                "&quot;kind&quot;: &quot;localStorage&quot;", "<strong>acme.json</strong>");
        assertThat(page).as("declared names are never listed").doesNotContain("<code>_mx_id</code></td><td>browser");
    }

    @Test
    void cookieDeclaration_isPublishedPerOrganizer() throws Exception {
        HttpResponse<String> r = browser().get("/consent/cookies?page=%2Forganizers%2Fglobex");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Globex Corporation", "demo_region", "Demo tool: the region you chose to simulate");
    }

    @Test
    void vendorFiles_areServedByTheDemo() throws Exception {
        for (Vendor v : Vendor.values()) {
            HttpResponse<String> r = browser().get(v.src() + (v.iframe() ? "?v=acme&title=%3Cb%3E" : ""));
            assertThat(r.statusCode()).as(v.src()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith(v.iframe() ? "text/html" : "text/javascript");
            assertThat(r.body()).as(v.src()).contains("document.cookie", "localStorage", "sessionStorage", "indexedDB.open");
            if (v.iframe()) {
                assertThat(r.body()).contains("&lt;b&gt;").doesNotContain("<b>");
            }
        }
    }

    @Test
    void staticAndVendorFiles_neverExpireTheCookiesAnOrganizersVisitorAllowed() throws Exception {
        Browser b = browser();
        b.decide("accept-all", REGISTER);
        b.get(REGISTER);
        assertThat(b.cookies()).containsKeys("srv_visit", "utm_attribution");

        for (String path : List.of("/demo/vendor/analytics.js", "/demo/assets/site.css", "/demo/vendor/video?v=acme", "/favicon.ico")) {
            HttpResponse<String> r = b.get(path);
            assertThat(r.statusCode()).as(path).isIn(200, 301);
            assertThat(r.headers().allValues("Set-Cookie")).as(path + " belongs to no organizer, and sets or expires nothing").isEmpty();
        }
        assertThat(b.cookies()).containsKeys("srv_visit", "utm_attribution");
    }

    @Test
    void editedConfiguration_isAppliedWithoutARestart() throws Exception {
        Path globex = data.resolve("config/globex.json");
        String original = Files.readString(globex);
        try {
            Files.writeString(globex, original.replace("\"title\": \"Your privacy at Globex\"", "\"title\": \"Edited live\""));

            JsonNode boot = Browser.bootstrap(eventually(() -> browser().get("/organizers/globex").body(), s -> s.contains("Edited live")));

            assertThat(boot.get("texts").get("title").asText()).isEqualTo("Edited live");
        } finally {
            Files.writeString(globex, original);
        }
    }

    /** Polls {@code read} until {@code done} holds (the ledger stores records in the background), at most 15 seconds. */
    static String eventually(Callable<String> read, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = read.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = read.call();
        }
        return last;
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
