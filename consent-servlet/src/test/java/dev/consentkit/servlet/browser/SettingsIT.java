package dev.consentkit.servlet.browser;

import dev.consentkit.core.ledger.ExportFormat;
import dev.consentkit.core.ledger.InMemoryConsentLedger;
import dev.consentkit.core.ledger.RecordFilter;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.SettingsFixture;
import dev.consentkit.servlet.it.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings screen in real Chromium: axe-core finds nothing serious on any screen, with
 * problems or with a review; the problem summary's links and the review take the focus; the live
 * preview draws the real banner with the real runtime, for the saved configuration and for a
 * draft, and nothing done in it records a decision or sets a consent cookie.
 */
class SettingsIT {

    @RegisterExtension
    static final ChromiumExtension chromium = new ChromiumExtension();

    private static Path dir;
    private static SettingsFixture fixture;
    private static InMemoryConsentLedger ledger;
    private static ServletContainer site;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("consentkit-settings-it-");
        fixture = SettingsFixture.create(dir);
        ledger = new InMemoryConsentLedger();
        ConsentFilter filter = new ConsentFilter(fixture.options().ledger(ledger).tenantResolver((request, path) -> "acme").build());
        site = ServletContainer.start("jetty", filter, Map.of("/", new ServletContainer.NotFoundServlet()));
        base = site.base().toString().replaceAll("/$", "");
        driver().executeCdpCommand("Network.enable", Map.of());
        driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("acme:" + SettingsFixture.ACME_PASSWORD).getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void forgetLogs() {
        driver().manage().logs().get(LogType.BROWSER);
    }

    private static ChromeDriver driver() {
        return chromium.driver();
    }

    private static void open(String path) {
        driver().switchTo().defaultContent();
        driver().get(base + "/consent/admin/settings" + path + (path.contains("?") ? "&" : "?") + "tenant=acme");
        waitUntil("the page", d -> "complete".equals(js("return document.readyState")));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    private static <T> T waitUntil(String what, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver(), Duration.ofSeconds(8)).withMessage(what).until(d -> {
            T value = condition.apply((ChromeDriver) d);
            return value instanceof Boolean b && !b ? null : value;
        });
    }

    private static void assertAxeClean(String what) {
        List<Axe.Violation> violations = Axe.run(driver(), "body");
        assertThat(violations.stream().filter(Axe.Violation::seriousOrWorse).toList()).as(what).isEmpty();
    }

    private static List<String> cspViolations() {
        List<String> found = new ArrayList<>();
        for (LogEntry e : driver().manage().logs().get(LogType.BROWSER)) {
            if (e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused to")) {
                found.add(e.getMessage());
            }
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "/pages", "/texts?locale=de&scope=thank-you", "/regions", "/declarations", "/history"})
    void everyScreen_hasNoSeriousAccessibilityFindings(String screen) throws IOException {
        open(screen);

        assertThat(driver().findElement(By.tagName("h1")).getText()).isNotBlank();
        assertAxeClean("settings" + (screen.isEmpty() ? " overview" : screen));
        assertThat(cspViolations()).isEmpty();
        if (screen.equals("/pages")) {
            screenshot("settings-pages");
        }
    }

    @Test
    void problems_areSummarisedWithLinksThatTakeTheFocusToTheirField() {
        open("/regions");
        driver().findElement(By.id("r-new-key")).sendKeys("Mars");
        new Select(driver().findElement(By.id("r-new-regime"))).selectByValue("notice");
        driver().findElement(By.cssSelector("button[name=action][value=review]")).click();

        WebElement summary = waitUntil("the problem summary", d -> d.findElement(By.id("problems")));
        assertThat(js("return document.activeElement.id")).as("the summary has the focus").isEqualTo("problems");
        assertThat(summary.getText()).contains("1 problem to fix before saving", "is not a two-letter country code");
        assertThat(driver().findElement(By.id("r-new-key")).getAttribute("aria-invalid")).isEqualTo("true");
        assertAxeClean("regions with a problem");

        summary.findElement(By.cssSelector("a[href='#r-new-key']")).click();
        assertThat(js("return document.activeElement.id")).as("the link takes the focus to the field").isEqualTo("r-new-key");
        assertThat(js("return document.activeElement.getAttribute('aria-describedby')")).isEqualTo("r-new-key-error");
    }

    @Test
    void aProblemWithAGroupOfChoices_isShownOnTheGroup() {
        open("/pages");
        js("const r = document.getElementById('pt-4-layout-modal'); r.value = 'sidebar'; r.checked = true"); // a value no form offers
        driver().findElement(By.cssSelector("button[name=action][value=review]")).click();

        WebElement summary = waitUntil("the problem summary", d -> d.findElement(By.id("problems")));
        assertThat(summary.getText()).contains("Must be one of bar, box, modal, was \"sidebar\"");
        assertAxeClean("pages with a problem on a group");
        summary.findElement(By.cssSelector("a[href='#pt-4-layout']")).click();
        assertThat(js("return document.activeElement.id")).isEqualTo("pt-4-layout");
    }

    @Test
    void aReview_takesTheFocus_andSaysWhetherAttendeesAreAskedAgain() {
        open("/pages");
        WebElement waitingRoomMarketing = driver().findElement(By.xpath("//legend[contains(., 'Waiting room')]/.."))
                .findElement(By.cssSelector("input[name$='.offer.marketing']"));
        waitingRoomMarketing.sendKeys(" "); // the keyboard ticks it
        assertThat(waitingRoomMarketing.isSelected()).isTrue();
        driver().findElement(By.cssSelector("button[name=action][value=review]")).click();

        WebElement review = waitUntil("the review", d -> d.findElement(By.id("review")));
        assertThat(js("return document.activeElement.id")).isEqualTo("review");
        assertThat(review.getText()).contains("Page type waiting-room: now offers marketing", "Attendees will be asked again",
                "revision 1 → 2");
        assertAxeClean("pages with a review");
        assertThat(fixture.settings.history("acme")).as("nothing saved yet").isEmpty();
    }

    @Test
    void thePreview_drawsTheRealBanner_andNothingDoneInItIsRecordedOrSetsAConsentCookie() throws IOException {
        open("/texts?locale=de&scope=registration");
        assertThat(js("return document.activeElement.tagName")).as("the preview takes no focus").isEqualTo("BODY");
        js("document.querySelector('iframe[name=ck-preview]').scrollIntoView()");
        driver().switchTo().frame("ck-preview");
        WebElement banner = waitUntil("the real banner in the preview", d -> d.findElements(By.cssSelector("[data-consent-banner][role='dialog']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        String expected = fixture.policies.policy("acme").texts(fixture.policies.policy("acme").pageType("registration"), "de").get("title");
        assertThat(banner.findElement(By.tagName("h2")).getText()).isEqualTo(expected);
        assertThat(js("return [...document.querySelectorAll('script[src]')].map(s => s.getAttribute('src')).join()"))
                .asString().startsWith("/consent/assets/consentkit.");
        List<Axe.Violation> inFrame = Axe.run(driver(), "[data-consent-banner]");
        assertThat(inFrame.stream().filter(Axe.Violation::seriousOrWorse).toList()).as("the banner in the preview").isEmpty();

        js("window.__decided = false; document.addEventListener('consentkit:change', () => window.__decided = true, {once: true})");
        WebElement accept = banner.findElement(By.cssSelector("[data-consent-action='accept-all']"));
        js("arguments[0].click()", accept); // the frame's bottom bar may be below the fold of the settings page
        waitUntil("the preview's decision", d -> Boolean.TRUE.equals(js("return window.__decided")));
        assertThat(js("return consentKit.get().allowed")).asString().contains("marketing");
        driver().switchTo().defaultContent();

        assertThat(driver().manage().getCookies()).extracting(Cookie::getName).noneMatch(n -> n.startsWith("consentkit"));
        assertThat(ledger.export("acme", RecordFilter.all(), ExportFormat.JSON_LINES, new StringWriter())).as("no decision recorded").isZero();
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void showMyChanges_previewsTheDraftWithoutSavingIt() {
        open("/pages");
        WebElement registration = driver().findElement(By.xpath("//legend[contains(., 'Registration page')]/.."));
        registration.findElement(By.cssSelector("input[name$='.offer.marketing']")).click();
        new Select(driver().findElement(By.id("pv-page"))).selectByValue("registration");
        new Select(driver().findElement(By.id("pv-regime"))).selectByValue("opt-out");
        driver().findElement(By.cssSelector("button[formtarget='ck-preview']")).click();

        driver().switchTo().frame("ck-preview");
        waitUntil("the draft in the preview", d -> Boolean.TRUE.equals(js("const b = document.getElementById('consentkit-bootstrap');"
                + " return !!b && JSON.parse(b.textContent).regime == 'opt-out'")));
        waitUntil("the runtime", d -> Boolean.TRUE.equals(js("return !!window.consentKit")));
        js("consentKit.open()");
        waitUntil("the preferences", d -> !d.findElements(By.cssSelector("input[data-consent-category='analytics']")).isEmpty());
        assertThat(driver().findElements(By.cssSelector("input[data-consent-category='marketing']"))).as("marketing not offered in the draft").isEmpty();
        driver().switchTo().defaultContent();
        assertThat(fixture.policies.policy("acme").pageType("registration").offers("marketing")).as("nothing saved").isTrue();
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver().getScreenshotAs(OutputType.BYTES));
    }
}
