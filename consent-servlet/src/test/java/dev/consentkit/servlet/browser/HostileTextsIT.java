package dev.consentkit.servlet.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.BundledTexts;
import dev.consentkit.core.ledger.InMemoryConsentLedger;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Escaping proven in Chromium: a configuration whose every text carries an injection (markup that
 * runs script, a closing {@code </script>}, attribute breakouts, {@code javascript:}, the
 * JavaScript line terminators U+2028/U+2029). Every bundled text key is overridden, globally and
 * per page type, as are the category labels and descriptions, every declaration field and the
 * organizer's name. On the page, in the banner, the preferences dialog and its cookie table, the
 * embed placeholder, the status message, {@code /consent/cookies} and the admin dashboard (with
 * undeclared names and a subject reference that carry markup too), every text shows literally,
 * {@code window.__pwned} stays undefined, no element of an injection exists and no alert opens.
 * Request values that are reflected (a page path with markup, Accept-Language, the region header)
 * never run either.
 */
class HostileTextsIT extends BrowserTest {

    /** Each payload sets window.__pwned (or opens an alert) if it ever runs. */
    static final String INJECTION = "<img src=x onerror=window.__pwned=1>"
            + "</script><script>window.__pwned=2</script>"
            + "\"'><svg onload=window.__pwned=3>"
            + "javascript:window.__pwned=4 "
            + "<iframe srcdoc=\"<script>parent.__pwned=5</script>\"></iframe>"
            + "<svg/onload=alert(6)>"
            + "\u2028\u2029`${window.__pwned=7}`";
    /** For fields of at most 100 characters (retention) or 200 (provider, organizer name). */
    static final String SHORT = "<img src=x onerror=window.__pwned=1></script>\"'><svg onload=alert(3)>\u2028";
    private static final String ADMIN_PASSWORD = "hostile-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The text a key shows on a page type (null: the global texts). */
    static String text(String pageType, String key) {
        String tag = (pageType == null ? "" : pageType + ":") + key + " ";
        return switch (key) {
            case "placeholder" -> tag + "{provider} / {category} " + INJECTION;
            case "alwaysAllow" -> tag + "{category} " + INJECTION;
            default -> tag + INJECTION;
        };
    }

    static String hostileConfiguration() throws Exception {
        ObjectNode root;
        try (InputStream in = TestSite.class.getResourceAsStream("consentkit.json")) {
            root = (ObjectNode) JSON.readTree(in);
        }
        root.putObject("organizer").put("name", "Organizer " + SHORT).put("privacyPolicyUrl", "/privacy?next=javascript:window.__pwned=8");
        ObjectNode texts = root.putObject("texts").putObject("en");
        for (String key : BundledTexts.keys()) {
            texts.put(key, text(null, key));
        }
        for (var pageType : root.withArray("pageTypes")) {
            String id = pageType.get("id").asText();
            ObjectNode own = ((ObjectNode) pageType).putObject("texts").putObject("en");
            for (String key : BundledTexts.keys()) {
                own.put(key, text(id, key));
            }
        }
        for (var category : root.withArray("categories")) {
            ObjectNode c = (ObjectNode) category;
            c.putObject("label").put("en", "Label " + INJECTION);
            c.putObject("description").put("en", "Description " + INJECTION);
            for (var declaration : c.withArray("declarations")) {
                ((ObjectNode) declaration).put("provider", "Provider " + SHORT).put("retention", "Retention " + SHORT)
                        .putObject("purpose").put("en", "Purpose " + INJECTION);
            }
        }
        ArrayNode analytics = (ArrayNode) root.withArray("categories").get(2).withArray("declarations");
        for (String kind : List.of("localStorage", "sessionStorage", "indexedDB", "script", "iframe")) {
            analytics.addObject().put("kind", kind).put("name", "/" + kind + INJECTION).put("provider", "Provider " + SHORT)
                    .put("purpose", "Purpose " + INJECTION).put("retention", "Retention " + SHORT);
        }
        analytics.addObject().put("kind", "localStorage").put("name", "<img src=x onerror=window.__pwned=9>|x").put("match", "regex")
                .put("provider", "Provider " + SHORT).put("purpose", "Purpose " + INJECTION).put("retention", "1 day");
        root.withObject("theme").put("--ck-gap", "calc(3px - 1px)");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    @BeforeAll
    static void startHostileSite() throws Exception {
        site.close(); // BrowserTest's site, with the ordinary configuration
        site = TestSite.start(hostileConfiguration(), b -> b
                .ledger(new InMemoryConsentLedger())
                .subjectResolver(request -> request.getHeader("X-Subject"))
                .adminAccess(ConsentOptions.AdminAccess.basic("admin", ADMIN_PASSWORD)));
    }

    @AfterEach
    void nothingRan() {
        assertNoAlert();
        assertNotPwned("after the test");
    }

    private void assertNoAlert() {
        try {
            String text = driver().switchTo().alert().getText();
            driver().switchTo().alert().dismiss();
            fail("an alert opened: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private void assertNotPwned(String when) {
        assertThat(js("return typeof window.__pwned")).as(when + ": window.__pwned").isEqualTo("undefined");
        // the admin dashboard draws its charts in SVG: look for what an injection would make, not for SVG as such
        assertThat(js("return document.querySelectorAll('img[src=x], [onerror], [onload], iframe[srcdoc]').length"
                + " + [...document.scripts].filter(s => s.type != 'application/json' && s.text.includes('__pwned')).length"))
                .as(when + ": elements of an injection").isEqualTo(0L);
    }

    private String textOf(WebElement element) {
        return (String) js("return arguments[0].textContent", element);
    }

    @Test
    void everyTextOnThePage_theBanner_thePreferencesAndTheirCookieTable_showsLiterally() {
        open(TestSite.REGISTER + "?v=empty");
        assertNotPwned("banner");
        WebElement banner = banner();
        assertThat(textOf(banner.findElement(By.tagName("h2")))).isEqualTo(text("registration", "title"));
        assertThat(textOf(banner.findElement(By.id("ck-d")))).isEqualTo(text("registration", "description"));
        for (String action : List.of("accept-all", "reject-all", "customize")) {
            String key = Map.of("accept-all", "acceptAll", "reject-all", "rejectAll", "customize", "customize").get(action);
            assertThat(textOf(action(action))).isEqualTo(text("registration", key));
        }
        List<String> links = banner.findElements(By.tagName("a")).stream().map(this::textOf).toList();
        assertThat(links).containsExactly(text("registration", "privacyLink"), text("registration", "declarationLink"));
        assertThat(banner.findElement(By.tagName("a")).getAttribute("href")).startsWith(origin + "/privacy?next=javascript:");

        action("customize").click();
        assertNotPwned("preferences");
        WebElement preferences = banner();
        assertThat(textOf(preferences.findElement(By.tagName("h2")))).isEqualTo(text("registration", "preferencesTitle"));
        assertThat(textOf(preferences.findElement(By.id("ck-d")))).isEqualTo(text("registration", "preferencesDescription"));
        for (WebElement label : preferences.findElements(By.cssSelector("label"))) {
            assertThat(textOf(label)).contains(INJECTION);
        }
        List<WebElement> cells = preferences.findElements(By.cssSelector("td, th"));
        assertThat(cells).isNotEmpty();
        assertThat(cells.stream().map(this::textOf)).contains(text("registration", "colProvider"), "Provider " + SHORT,
                "Purpose " + INJECTION, "Retention " + SHORT, "/localStorage" + INJECTION, text("registration", "kind.cookie"));
        assertThat(preferences.findElements(By.cssSelector("p")).stream().map(this::textOf)).contains("Description " + INJECTION);

        decide("save");
        assertNotPwned("after the decision");
        assertThat(textOf(driver().findElement(By.cssSelector(".ck-sr[role=status]")))).isEqualTo(text("registration", "saved"));
        assertThat(textOf(action("open"))).isEqualTo(text("registration", "open"));
    }

    @Test
    void theEmbedPlaceholder_showsProviderAndCategoryLiterally() {
        open(TestSite.PROFILE + "?v=embed");
        assertNotPwned("placeholder");
        WebElement placeholder = waitUntil("the placeholder", d -> d.findElements(By.cssSelector(".ck-ph")).stream().findFirst().orElse(null));
        String expected = text("profile", "placeholder").replace("{provider}", "Provider " + SHORT).replace("{category}", "Label " + INJECTION);
        assertThat(textOf(placeholder.findElement(By.tagName("p")))).isEqualTo(expected);
        assertThat(placeholder.findElements(By.tagName("button")).stream().map(this::textOf)).containsExactly(
                text("profile", "loadOnce"), text("profile", "alwaysAllow").replace("{category}", "Label " + INJECTION));
    }

    @Test
    void theCookieDeclarationPage_showsEveryTextLiterally() {
        for (String path : List.of("/consent/cookies", "/consent/cookies?page=" + TestSite.REGISTER)) {
            driver().get(origin + path);
            assertNotPwned(path);
            String pageType = path.contains("page=") ? "registration" : null;
            assertThat(textOf(driver().findElement(By.tagName("h1")))).isEqualTo(text(pageType, "declarationTitle"));
            assertThat(driver().getTitle()).contains("declarationTitle").contains("Organizer <img src=x");
            String body = textOf(driver().findElement(By.tagName("body")));
            assertThat(body).contains(text(pageType, "declarationIntro"), "Organizer " + SHORT, "Provider " + SHORT,
                    "Purpose " + INJECTION, "Retention " + SHORT, "Label " + INJECTION, "Description " + INJECTION,
                    text(pageType, "kind.localStorage"), "/indexedDB" + INJECTION);
            assertThat(driver().findElement(By.cssSelector("a")).getAttribute("href")).startsWith(origin + "/privacy?next=javascript:");
        }
    }

    @Test
    void theAdminDashboard_showsOrganizerTextsUndeclaredNamesAndSubjectsLiterally() {
        // data an attacker controls: undeclared names the browser reports, and a subject reference the application records
        headers(Map.of("CF-IPCountry", "DE", "X-Subject", "subject " + INJECTION.replace("\u2028", "").replace("\u2029", "")));
        open(TestSite.REGISTER + "?v=empty");
        Object reported = asyncJs("const done = arguments[arguments.length - 1]; fetch('/consent/report', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({page: location.pathname, items: [{kind: 'cookie', name: 'c<svg/onload=alert(10)>'},"
                + " {kind: 'localStorage', name: arguments[0]}]})}).then(r => done(r.status));", "key " + INJECTION);
        assertThat(reported).isEqualTo(204L);
        decide("accept-all");
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        headers(Map.of("Authorization", auth));
        String query = URLEncoder.encode("q " + INJECTION, StandardCharsets.UTF_8);
        for (String path : List.of("/consent/admin", "/consent/admin?tenant=default&q=" + query + "#ledger",
                "/consent/admin?tenant=default&declare=localStorage&category=analytics&name=" + URLEncoder.encode("key " + INJECTION, StandardCharsets.UTF_8))) {
            driver().get(origin + path);
            assertNotPwned(path);
            String body = textOf(driver().findElement(By.tagName("body")));
            assertThat(body).as(path).contains("key " + INJECTION);
            assertThat(body).as(path).contains("c<svg/onload=alert(10)>");
            if (path.contains("q=")) {
                assertThat(body).as(path).contains("q " + INJECTION);
            }
        }
        driver().get(origin + "/consent/admin?tenant=default&q=" + URLEncoder.encode("subject " + INJECTION.replace("\u2028", "").replace("\u2029", ""),
                StandardCharsets.UTF_8) + "#ledger");
        assertNotPwned("ledger search by subject");
        assertThat(textOf(driver().findElement(By.tagName("body")))).contains("subject <img src=x onerror=window.__pwned=1>");
    }

    @Test
    void reflectedRequestValues_aPagePathWithMarkup_theLanguageAndTheRegion_neverRun() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("CF-IPCountry", "<img src=x onerror=window.__pwned=11>");
        headers.put("Accept-Language", "<script>window.__pwned=12</script>, \"'><svg onload=window.__pwned=13>;q=0.9");
        headers(headers);
        String path = "/webinars/" + URLEncoder.encode("<img src=x onerror=window.__pwned=14>\"'<svg onload=alert(14)>", StandardCharsets.UTF_8)
                .replace("+", "%20") + "/register?v=empty";
        open(path);
        assertNotPwned("a page path with markup");
        assertThat(bannerShown()).isTrue();
        assertThat(js("return consentKit.get().decided")).isEqualTo(false);
        action("customize").click();
        assertNotPwned("preferences on that page");
        driver().get(origin + "/consent/cookies?page=" + URLEncoder.encode("/webinars/<svg onload=window.__pwned=15>/register", StandardCharsets.UTF_8)
                + "&lang=" + URLEncoder.encode("<img src=x onerror=window.__pwned=16>", StandardCharsets.UTF_8));
        assertNotPwned("the declaration with a hostile page and lang");
    }
}
