package dev.consentkit.servlet;

import dev.consentkit.core.DeclarationKind;
import dev.consentkit.servlet.http.UndeclaredNames;
import dev.consentkit.servlet.testing.FakeRequest;
import dev.consentkit.servlet.testing.FakeResponse;
import dev.consentkit.servlet.testing.HtmlForms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings screen under /consent/admin/settings, driven through the filter. */
class SettingsScreenTest {

    private static final String ORIGIN = "http://localhost:8080";

    @TempDir
    Path dir;

    private SettingsFixture fixture;
    private ConsentFilter filter;

    @BeforeEach
    void start() throws Exception {
        fixture = SettingsFixture.create(dir);
        filter = new ConsentFilter(fixture.options().build());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private FakeResponse run(FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("the settings screen never reaches the application");
        });
        return response;
    }

    private static FakeRequest as(String user, String password, String method, String path) {
        return new FakeRequest(method, path).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static FakeRequest acme(String method, String path) {
        return as("acme", SettingsFixture.ACME_PASSWORD, method, path);
    }

    private String csrf(FakeRequest request) throws Exception {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(run(request).bodyText());
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    /** A POST of the acme organizer with a valid token, from the page's origin. */
    private FakeRequest acmePost(String path, Map<String, String> form) throws Exception {
        String token = csrf(acme("GET", "/consent/admin/settings/regions").parameter("tenant", "acme"));
        FakeRequest r = acme("POST", path).header("Origin", ORIGIN).parameter("csrf", token).parameter("tenant", "acme");
        form.forEach(r::parameter);
        return r;
    }

    /** The pages form as the screen renders it for acme, with some values changed. */
    private Map<String, String> pagesForm(Map<String, String> changes) throws Exception {
        String html = run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "acme")).bodyText();
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"(pt\\.[^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (hidden.find()) {
            form.put(hidden.group(1), hidden.group(2));
        }
        Matcher checked = Pattern.compile("name=\"(pt\\.[^\"]+)\" value=\"([^\"]*)\" checked").matcher(html);
        while (checked.find()) {
            form.put(checked.group(1), checked.group(2));
        }
        changes.forEach((k, v) -> {
            if (v == null) {
                form.remove(k);
            } else {
                form.put(k, v);
            }
        });
        return form;
    }

    // ------------------------------------------------------------------ access

    @Test
    void withoutCredentials_answers401() throws Exception {
        FakeResponse r = run(new FakeRequest("GET", "/consent/admin/settings/pages").parameter("tenant", "acme"));

        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void anOrganizer_cannotReadOrWriteAnothersSettings() throws Exception {
        FakeResponse read = run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "globex"));
        FakeResponse export = run(acme("GET", "/consent/admin/settings/export").parameter("tenant", "globex"));
        FakeResponse preview = run(acme("GET", "/consent/admin/settings/preview").parameter("tenant", "globex"));
        FakeResponse sandbox = run(acme("POST", "/consent/admin/settings/sandbox/globex/registration/opt-in/analytics/1/state")
                .header("Origin", ORIGIN).body("application/json", "{\"action\":\"accept-all\"}"));
        String token = csrf(acme("GET", "/consent/admin/settings/regions").parameter("tenant", "acme"));
        FakeResponse write = run(acme("POST", "/consent/admin/settings/regions").header("Origin", ORIGIN).parameter("csrf", token)
                .parameter("tenant", "globex").parameter("action", "save").parameter("r.new.key", "BR").parameter("r.new.regime", "notice"));
        FakeResponse platform = run(acme("GET", "/consent/admin/settings").parameter("tenant", "default"));

        assertThat(read.getStatus()).isEqualTo(403);
        assertThat(export.getStatus()).isEqualTo(403);
        assertThat(preview.getStatus()).isEqualTo(403);
        assertThat(sandbox.getStatus()).isEqualTo(403);
        assertThat(write.getStatus()).isEqualTo(403);
        assertThat(platform.getStatus()).isEqualTo(403);
        assertThat(fixture.settings.history("globex")).isEmpty();
        assertThat(run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "acme")).bodyText())
                .doesNotContain("value=\"globex\"");
    }

    @Test
    void theOperator_administersEveryTenant_andThePlatformDefault() throws Exception {
        FakeRequest operator = as("admin", SettingsFixture.OPERATOR_PASSWORD, "GET", "/consent/admin/settings/regions");

        FakeResponse r = run(operator.parameter("tenant", "default"));

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.bodyText()).contains("Platform default", "value=\"globex\"", "value=\"acme\"");
    }

    @Test
    void formsWithoutTheTokenOrFromAnotherOrigin_areRefused() throws Exception {
        String token = csrf(acme("GET", "/consent/admin/settings/regions").parameter("tenant", "acme"));

        FakeResponse noToken = run(acme("POST", "/consent/admin/settings/regions").header("Origin", ORIGIN).parameter("tenant", "acme")
                .parameter("action", "review"));
        FakeResponse badToken = run(acme("POST", "/consent/admin/settings/regions").header("Origin", ORIGIN).parameter("csrf", "x" + token)
                .parameter("tenant", "acme").parameter("action", "review"));
        FakeResponse otherOrigin = run(acme("POST", "/consent/admin/settings/regions").header("Origin", "https://evil.example")
                .parameter("csrf", token).parameter("tenant", "acme").parameter("action", "review"));
        FakeResponse otherUsersToken = run(as("globex", SettingsFixture.GLOBEX_PASSWORD, "POST", "/consent/admin/settings/regions")
                .header("Origin", ORIGIN).parameter("csrf", token).parameter("tenant", "globex").parameter("action", "review"));

        assertThat(noToken.getStatus()).isEqualTo(403);
        assertThat(noToken.bodyText()).contains("bad-csrf-token");
        assertThat(badToken.getStatus()).isEqualTo(403);
        assertThat(otherOrigin.getStatus()).isEqualTo(403);
        assertThat(otherOrigin.bodyText()).contains("forbidden-origin");
        assertThat(otherUsersToken.getStatus()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ pages

    @Test
    void pages_haveAStrictCsp_labelledFields_andNoScript() throws Exception {
        FakeResponse r = run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "acme"));

        String csp = r.getHeader("Content-Security-Policy");
        assertThat(csp).startsWith("default-src 'none'; style-src 'nonce-").contains("frame-src 'self'", "frame-ancestors 'none'",
                "form-action 'self'");
        assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
        String html = r.bodyText();
        assertThat(html).doesNotContain("<script", " style=\"", "onclick");
        assertThat(html).contains("<legend>Thank-you page <code>thank-you</code></legend>", "<legend>Categories offered</legend>",
                "<input type=\"checkbox\" id=\"pt-2-offer-marketing\" name=\"pt.2.offer.marketing\" value=\"on\" checked>"
                        + "<label for=\"pt-2-offer-marketing\">");
        assertThat(html).contains("<iframe name=\"ck-preview\"", "sandbox=\"allow-scripts allow-same-origin\"");
    }

    @Test
    void reviewingThenSaving_storesAVersion_andAppliesItAtOnce() throws Exception {
        Map<String, String> form = pagesForm(Map.of("pt.2.offer.marketing", "")); // thank-you: marketing unchecked
        form.remove("pt.2.offer.marketing");

        FakeResponse review = run(acmePost("/consent/admin/settings/pages", with(form, "action", "review")));

        assertThat(review.getStatus()).isEqualTo(200);
        assertThat(review.bodyText()).contains("<strong>Page type thank-you</strong>: no longer offers marketing",
                "<strong>Attendees will not be asked again</strong>", "Save as version 1");
        assertThat(fixture.settings.history("acme")).as("nothing saved by a review").isEmpty();

        FakeResponse save = run(acmePost("/consent/admin/settings/pages",
                with(with(form, "action", "save"), "reviewed", HtmlForms.reviewed(review.bodyText()))));

        assertThat(save.getStatus()).isEqualTo(303);
        assertThat(save.getHeader("Location")).isEqualTo("/consent/admin/settings/pages?tenant=acme&saved=1");
        assertThat(fixture.settings.history("acme")).singleElement().satisfies(v -> assertThat(v.author()).isEqualTo("acme"));
        assertThat(fixture.policies.policy("acme").pageType("thank-you").offers("marketing")).isFalse();
        assertThat(run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "acme").parameter("saved", "1")).bodyText())
                .contains("Saved as version 1 and in force now. Attendees are not asked again (revision 1).");
    }

    @Test
    void savingWhatWasNotReviewed_savesNothing() throws Exception {
        Map<String, String> form = pagesForm(Map.of("pt.4.layout", "modal"));
        String fingerprint = HtmlForms.reviewed(run(acmePost("/consent/admin/settings/pages", with(form, "action", "review"))).bodyText());

        FakeResponse changedAfterReview = run(acmePost("/consent/admin/settings/pages",
                with(with(pagesForm(Map.of("pt.4.layout", "box")), "action", "save"), "reviewed", fingerprint)));

        assertThat(changedAfterReview.getStatus()).isEqualTo(409);
        assertThat(changedAfterReview.bodyText()).contains("changed since you reviewed it; nothing was saved");
        assertThat(fixture.settings.history("acme")).isEmpty();
    }

    @Test
    void offeringMore_showsThatAttendeesWillBeAskedAgain_beforeSaving() throws Exception {
        FakeResponse review = run(acmePost("/consent/admin/settings/pages",
                with(pagesForm(Map.of("pt.1.offer.marketing", "on")), "action", "review")));

        assertThat(review.bodyText()).contains("<strong>Attendees will be asked again</strong> (revision 1 → 2)",
                "<li>the page type waiting-room now offers marketing</li>", "Save as version 1");
    }

    @Test
    void problems_areListedAndShownNextToTheirField() throws Exception {
        FakeResponse r = run(acmePost("/consent/admin/settings/pages", with(pagesForm(Map.of("pt.4.layout", "sidebar")), "action", "review")));

        assertThat(r.getStatus()).isEqualTo(422);
        String html = r.bodyText();
        assertThat(html).contains("<div id=\"problems\" class=\"errors\" role=\"alert\"", "1 problem to fix before saving",
                "<li><a href=\"#pt-4-layout\">Must be one of bar, box, modal, was &quot;sidebar&quot;.</a></li>",
                "<fieldset id=\"pt-4-layout\" tabindex=\"-1\" aria-describedby=\"pt-4-layout-error\">",
                "<p class=\"error\" id=\"pt-4-layout-error\">");
        assertThat(html).doesNotContain("name=\"reviewed\"");
    }

    // ------------------------------------------------------------------ texts, regions, declarations

    @Test
    void texts_showTheBundledDefaults_andAnEmptyFieldGoesBackToThem() throws Exception {
        String html = run(acme("GET", "/consent/admin/settings/texts").parameter("tenant", "acme").parameter("locale", "de")).bodyText();
        assertThat(html).contains("<input id=\"text-2\" name=\"t.acceptAll\" lang=\"de\" value=\"\" placeholder=\"Alle akzeptieren\">");
        assertThat(run(acme("GET", "/consent/admin/settings/texts").parameter("tenant", "acme")).bodyText())
                .contains("name=\"t.title\" lang=\"en\" value=\"Acme respects your privacy\" placeholder=\"We value your privacy\"");

        FakeResponse review = run(acmePost("/consent/admin/settings/texts", Map.of("scope", "", "locale", "en", "action", "review",
                "t.title", "", "t.acceptAll", "Yes, all of them <b>")));

        assertThat(review.bodyText()).contains("title back to the default (was &quot;Acme respects your privacy&quot;)",
                "acceptAll set to &quot;Yes, all of them &lt;b&gt;&quot;", "Attendees will not be asked again");
        assertThat(review.bodyText()).doesNotContain("<b>&quot;");
    }

    @Test
    void regions_needARegimeForAnAddedCountry() throws Exception {
        FakeResponse missing = run(acmePost("/consent/admin/settings/regions", Map.of("action", "review", "r.new.key", "br")));
        assertThat(missing.getStatus()).isEqualTo(422);
        assertThat(missing.bodyText()).contains("<a href=\"#r-new-regime\">Choose the regime for BR.</a>");

        FakeResponse bad = run(acmePost("/consent/admin/settings/regions", Map.of("action", "review", "r.new.key", "Mars", "r.new.regime", "notice")));
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.bodyText()).contains("<a href=\"#r-new-key\">Key &quot;Mars&quot; is not a two-letter country code");

        FakeResponse ok = run(acmePost("/consent/admin/settings/regions", Map.of("action", "review", "r.new.key", "br", "r.new.regime", "notice")));
        assertThat(ok.bodyText()).contains("<strong>Regions</strong>: BR set to notice");
    }

    @Test
    void anUndeclaredName_isOneClickFromADeclaration_andForgottenOnceSaved() throws Exception {
        UndeclaredNames names = filter.undeclaredNames();
        names.record("acme", DeclarationKind.COOKIE, "_hjid", UndeclaredNames.Source.SERVER, "/webinars/x/register");
        String page = run(acme("GET", "/consent/admin/settings/declarations").parameter("tenant", "acme")).bodyText();
        assertThat(page).contains("<code>_hjid</code>", "name=\"new.name\" value=\"_hjid\"", "<button type=\"submit\">Declare</button>");

        FakeResponse review = run(acmePost("/consent/admin/settings/declarations", Map.of("action", "review",
                "new.kind", "cookie", "new.name", "_hjid", "new.match", "exact", "new.category", "analytics")));

        String html = review.bodyText();
        assertThat(html).contains("<strong>Category analytics</strong>: cookie &quot;_hjid&quot; declared",
                "Attendees will be asked again", "cookie &quot;_hjid&quot; is now declared as analytics", "<strong>(new)</strong>");
        Map<String, String> form = HtmlForms.fields(html);
        form.put("action", "save");
        form.put("reviewed", HtmlForms.reviewed(html));
        FakeResponse save = run(acmePost("/consent/admin/settings/declarations", form));

        assertThat(save.getStatus()).isEqualTo(303);
        assertThat(fixture.policies.policy("acme").categoryOf(DeclarationKind.COOKIE, "_hjid").id()).isEqualTo("analytics");
        assertThat(fixture.policies.policy("acme").revision()).isEqualTo(2);
        assertThat(names.sightings("acme")).isEmpty();
    }

    @Test
    void declarations_moveBetweenCategories_andTheirProblemsAreShownInPlace() throws Exception {
        Map<String, String> form = HtmlForms.fields(run(acme("GET", "/consent/admin/settings/declarations").parameter("tenant", "acme")).bodyText());
        String row = form.entrySet().stream().filter(e -> e.getKey().endsWith(".name") && e.getValue().equals("utm_attribution"))
                .map(e -> e.getKey().substring(0, e.getKey().length() - "name".length())).findFirst().orElseThrow();
        String other = form.entrySet().stream().filter(e -> e.getKey().endsWith(".name") && e.getValue().equals("srv_visit"))
                .map(e -> e.getKey().substring(0, e.getKey().length() - "name".length())).findFirst().orElseThrow();
        form.put(row + "category", "analytics");
        form.put(other + "name", "bad name;");
        form.put("action", "review");

        String html = run(acmePost("/consent/admin/settings/declarations", form)).bodyText();

        String id = other.replace('.', '-');
        assertThat(html).contains("<a href=\"#" + id + "name\">&quot;bad name;&quot; is not a valid cookie name",
                "id=\"" + id + "name\" name=\"" + other + "name\" maxlength=\"512\" value=\"bad name;\" aria-invalid=\"true\"");
        form.put(other + "name", "srv_visit");
        String ok = run(acmePost("/consent/admin/settings/declarations", form)).bodyText();
        assertThat(ok).contains("<strong>Category analytics</strong>: cookie &quot;utm_attribution&quot; moved here from marketing",
                "Attendees will be asked again");
    }

    private static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.put(name, value);
        return copy;
    }

    // ------------------------------------------------------------------ preview and history

    @Test
    void thePreview_isTheRealRuntime_overADraft_talkingToASandbox() throws Exception {
        FakeResponse saved = run(acme("GET", "/consent/admin/settings/preview").parameter("tenant", "acme").parameter("pageType", "thank-you")
                .parameter("locale", "de").parameter("regime", "opt-in"));
        assertThat(saved.getStatus()).isEqualTo(200);
        String csp = saved.getHeader("Content-Security-Policy");
        Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
        assertThat(nonce.find()).isTrue();
        assertThat(csp).contains("frame-ancestors 'self'", "connect-src 'self'");
        assertThat(saved.getHeader("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(saved.bodyText()).contains("<script id=\"consentkit-bootstrap\" type=\"application/json\">",
                "\"endpoint\":\"/consent/admin/settings/sandbox/acme/thank-you/opt-in/analytics.marketing/1\"",
                "<script src=\"/consent/assets/consentkit.", "nonce=\"" + nonce.group(1) + "\"", "\"locale\":\"de\"");

        Map<String, String> form = pagesForm(Map.of());
        form.remove("pt.2.offer.marketing");
        form.putAll(Map.of("screen", "pages", "preview.pageType", "thank-you", "preview.locale", "en", "preview.regime", "opt-out"));
        FakeResponse draft = run(acmePost("/consent/admin/settings/preview", form));

        assertThat(draft.bodyText()).contains("\"endpoint\":\"/consent/admin/settings/sandbox/acme/thank-you/opt-out/analytics/1\"")
                .doesNotContain("\"id\":\"marketing\"");
        assertThat(fixture.settings.history("acme")).as("a preview saves nothing").isEmpty();
    }

    @Test
    void theSandbox_answersDecisions_butRecordsNothingAndSetsNoCookie() throws Exception {
        String base = "/consent/admin/settings/sandbox/acme/thank-you/opt-in/analytics.marketing/1/";

        FakeResponse accept = run(acme("POST", base + "state").header("Origin", ORIGIN).body("application/json", "{\"action\":\"accept-all\",\"page\":\"/x\"}"));
        FakeResponse custom = run(acme("POST", base + "state").header("Origin", ORIGIN)
                .body("application/json", "{\"categories\":{\"analytics\":true,\"marketing\":false}}"));
        FakeResponse report = run(acme("POST", base + "report").header("Origin", ORIGIN).body("application/json", "{\"items\":[]}"));
        FakeResponse foreign = run(acme("POST", base + "state").header("Origin", "https://evil.example").body("application/json", "{}"));

        assertThat(accept.getStatus()).isEqualTo(200);
        assertThat(accept.bodyText()).contains("\"decided\":true", "\"allowed\":[\"necessary\",\"analytics\",\"marketing\"]");
        assertThat(custom.bodyText()).contains("\"allowed\":[\"necessary\",\"analytics\"]", "\"regime\":\"opt-in\"");
        assertThat(accept.headers("Set-Cookie")).isEmpty();
        assertThat(report.getStatus()).isEqualTo(204);
        assertThat(foreign.getStatus()).isEqualTo(403);
    }

    @Test
    void history_diffs_rollsBack_exportsAndImports() throws Exception {
        fixture.settings.save("acme", edited("\"layout\" : \"box\"", "\"layout\" : \"modal\""), 0, "acme", "modal everywhere");

        String history = run(acme("GET", "/consent/admin/settings/history").parameter("tenant", "acme")
                .parameter("from", "0").parameter("to", "1")).bodyText();
        assertThat(history).contains("modal everywhere", "<strong>Page type waiting-room</strong>: banner layout box → modal");

        FakeResponse export = run(acme("GET", "/consent/admin/settings/export").parameter("tenant", "acme").parameter("version", "1"));
        assertThat(export.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"acme.json\"");
        assertThat(export.bodyText()).contains("\"Acme Events\"").doesNotContain("signingKeys");

        String rollback = run(acme("GET", "/consent/admin/settings/history").parameter("tenant", "acme").parameter("rollback", "0")).bodyText();
        assertThat(rollback).contains("Going back to the configuration files alone", "banner layout modal → box", "Save as version 2");
        FakeResponse back = run(acmePost("/consent/admin/settings/history", Map.of("action", "rollback", "version", "0",
                "reviewed", HtmlForms.reviewed(rollback))));
        assertThat(back.getStatus()).isEqualTo(303);
        assertThat(fixture.settings.history("acme")).hasSize(2);
        assertThat(fixture.policies.policy("acme").pageType("waiting-room").layout().id()).isEqualTo("box");

        FakeResponse imported = run(acmePost("/consent/admin/settings/history", Map.of("action", "import", "document", export.bodyText())));
        assertThat(imported.bodyText()).contains("banner layout box → modal", "Save as version 3", "name=\"action\" value=\"import-save\"");
        FakeResponse broken = run(acmePost("/consent/admin/settings/history", Map.of("action", "import", "document", "{\"signingKeys\": []}")));
        assertThat(broken.getStatus()).isEqualTo(422);
        assertThat(broken.bodyText()).contains("Cannot be changed on the settings screen");
    }

    @Test
    void withoutItsDatabase_theScreenSaysSo_andTheConfigurationInForceStays() throws Exception {
        assertThat(fixture.policies.policy("acme").tenant()).isEqualTo("acme"); // loaded, so in force
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(fixture.url); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE consentkit_settings_version");
        }

        FakeResponse r = run(acme("GET", "/consent/admin/settings/pages").parameter("tenant", "acme"));

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.bodyText()).contains("\"error\":\"settings-unavailable\"", "nothing was saved");
        assertThat(fixture.policies.policy("acme").pageType("thank-you").offers("marketing")).isTrue();
    }

    private String edited(String from, String to) throws Exception {
        return fixture.settings.snapshot("acme").effective().replace(from, to);
    }
}
