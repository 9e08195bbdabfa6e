package dev.consentkit.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole attendee journey on the demo in real Chromium, through the real filter, rewriter
 * and browser runtime: register, thank-you, waiting room, another organizer, a change of mind
 * and a withdrawal, then the admin dashboard showing those decisions. Screenshots go to
 * {@code consent-demo/target/screenshots/}; the README's two are copied to {@code docs/images/}.
 */
class BrowserJourneyIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    private static final String PASSWORD = "journey-admin-password";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DOC_IMAGES = Path.of("..", "docs", "images");

    static DemoServer demo;
    static Path data;
    static String site;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("consent-demo-journey-");
        demo = DemoServer.start(DemoOptions.parse("--port", "0", "--data", data.toString(), "--admin-password", PASSWORD));
        site = "http://localhost:" + demo.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static ChromeDriver driver() {
        return chromium.driver();
    }

    @Test
    void attendeeJourney_fromRegistrationToTheDashboard() throws Exception {
        // 1. registration page, first visit: a banner, and nothing non-essential written or running
        open("/webinars/product-launch/register?utm_source=newsletter");
        assertThat(bannerShown()).as("the banner on a first visit").isTrue();
        assertThat(driver().findElements(By.cssSelector("script[src='/demo/vendor/ads.js']"))).as("no runnable marketing script").isEmpty();
        assertThat(driver().findElements(By.cssSelector("script[type='text/plain'][data-consent='marketing'][data-src='/demo/vendor/ads.js']")))
                .as("the marketing script is neutralised until the visitor decides").hasSize(1);
        assertThat(js("return window.demoVendors === undefined")).isEqualTo(true);
        assertNothingOf(List.of("analytics", "marketing", "preferences"), "before a decision");
        screenshot("01-register-banner", "demo-register");

        // 2. accept all: every vendor of the page runs and writes its cookie and storage
        decide("accept-all");
        awaitWritesOf(List.of("analytics", "marketing", "preferences"));
        awaitVendorRan("/demo/vendor/ads.js");
        String consentId = (String) js("return consentKit.get().consentId");
        assertThat(consentId).isNotBlank();
        screenshot("02-register-accepted", null);

        // 3. register: the thank-you page runs the conversion pixel
        driver().findElement(By.id("name")).sendKeys("Grace Hopper");
        driver().findElement(By.id("email")).sendKeys("grace@example.com");
        driver().findElement(By.cssSelector("form[action$='/register'] button[type=submit]")).click();
        waitUntil("the thank-you page", d -> d.getCurrentUrl().endsWith("/webinars/product-launch/thank-you"));
        waitForRuntime();
        assertThat(driver().findElement(By.cssSelector("main h2")).getText()).contains("Thank you, Grace Hopper");
        awaitVendorRan("/demo/vendor/pixel.js");
        assertThat(cookieNames()).contains("_adpx_id");
        assertThat(bannerShown()).as("no banner once decided").isFalse();
        screenshot("03-thank-you", null);

        // 4. the waiting room: countdown and the chat (preferences)
        open("/webinars/product-launch/waiting-room");
        awaitVendorRan("/demo/vendor/chat.js");
        assertThat(driver().findElement(By.cssSelector(".countdown-value")).getText()).matches("\\d+d \\d\\dh \\d\\dm \\d\\ds|Live now");
        assertThat(driver().findElements(By.cssSelector("#chat-widget.chat-on form"))).hasSize(1);
        screenshot("04-waiting-room", null);

        // 5. another organizer asks for its own consent, and never offers marketing
        open("/webinars/quarterly-briefing/register");
        assertThat(bannerShown()).as("Globex asks for itself").isTrue();
        assertThat(driver().findElements(By.cssSelector("[data-consent-banner] [data-consent-category='marketing']"))).isEmpty();
        screenshot("05-globex-banner", null);
        decide("reject-all");

        // 6. change of mind on Acme's profile page: marketing off
        open("/organizers/acme");
        awaitVendorRan("/demo/vendor/ads.js");
        action("open").click();
        WebElement marketing = waitUntil("the preferences", d -> d.findElements(By.cssSelector("input[data-consent-category='marketing']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(marketing.isSelected()).isTrue();
        marketing.click();
        screenshot("06-preferences", null);
        decide("save");
        waitUntil("marketing's cookies and storage deleted", d -> !cookieNames().contains("_adnet_id")
                && !traces().get("local").contains("adnet_segments"));
        assertThat(js("return consentKit.get().choices.marketing")).isEqualTo(false);
        assertThat(cookieNames()).as("analytics stays").contains("_mx_id");
        open("/organizers/acme");
        assertThat(driver().findElements(By.cssSelector("script[type='text/plain'][data-src='/demo/vendor/ads.js']"))).hasSize(1);
        assertThat(driver().findElements(By.cssSelector("script[src='/demo/vendor/ads.js']"))).isEmpty();
        assertThat(driver().findElement(By.cssSelector("iframe[title^='Video']")).getAttribute("src")).as("the video waits").isNullOrEmpty();
        awaitVendorRan("/demo/vendor/analytics.js");

        // 7. withdrawal: everything non-necessary goes
        Object withdrawn = ((JavascriptExecutor) driver()).executeAsyncScript(
                "const done = arguments[0]; consentKit.withdraw().then(s => done(s.choices), e => done(String(e)))");
        assertThat(withdrawn).isInstanceOf(Map.class);
        waitUntil("analytics deleted after the withdrawal", d -> !cookieNames().contains("_mx_id") && !traces().get("local").contains("mx_client"));

        // 8. the dashboard shows these decisions
        driver().executeCdpCommand("Network.enable", Map.of());
        driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))));
        try {
            String search = "/consent/admin?tenant=acme&q=" + consentId;
            String page = DemoSiteIT.eventually(() -> {
                driver().get(site + search);
                return driver().getPageSource();
            }, s -> s.contains(">withdraw<"));
            assertThat(page).contains(consentId, ">grant<", ">update<", ">withdraw<", "Intact.");
            driver().get(site + "/consent/admin?tenant=acme");
            assertThat(driver().findElements(By.cssSelector("svg.chart"))).hasSizeGreaterThanOrEqualTo(4);
            driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1700));
            screenshot("07-admin", "demo-admin");
        } finally {
            driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
            driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void open(String path) {
        driver().get(site + path);
        waitForRuntime();
    }

    private void waitForRuntime() {
        waitUntil("the runtime is installed", d -> Boolean.TRUE.equals(js("return !!window.consentKit && document.readyState == 'complete'")));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    private static <T> T waitUntil(String what, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver(), Duration.ofSeconds(10)).withMessage(what).until(d -> {
            T value = condition.apply((ChromeDriver) d);
            return value instanceof Boolean b && !b ? null : value;
        });
    }

    private static boolean bannerShown() {
        return driver().findElements(By.cssSelector("[data-consent-banner][role='dialog']")).stream().anyMatch(WebElement::isDisplayed);
    }

    private static WebElement action(String name) {
        return waitUntil("a visible [data-consent-action=" + name + "]", d -> d.findElements(By.cssSelector("[data-consent-action='" + name + "']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static void decide(String name) {
        js("window.__decided = false; document.addEventListener('consentkit:change', () => window.__decided = true, {once: true})");
        action(name).click();
        waitUntil("the decision after " + name, d -> Boolean.TRUE.equals(js("return window.__decided")));
    }

    private static void awaitVendorRan(String src) {
        waitUntil(src + " ran", d -> "ran".equals(js("const e = document.querySelector('[data-vendor=\"' + arguments[0] + '\"]');"
                + " return e && e.getAttribute('data-state')", src)));
    }

    private static List<String> cookieNames() {
        return traces().get("cookies");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> traces() {
        return (Map<String, List<String>>) ((JavascriptExecutor) driver()).executeAsyncScript("""
                const done = arguments[0];
                indexedDB.databases().then(dbs => done({
                  cookies: document.cookie ? document.cookie.split('; ').map(c => c.split('=')[0]) : [],
                  local: Object.keys(localStorage),
                  session: Object.keys(sessionStorage).filter(k => !k.startsWith('ck.')),
                  databases: dbs.map(d => d.name)
                }));
                """);
    }

    /** What the demo vendors of each category write: cookie, localStorage, sessionStorage, IndexedDB. */
    private static final Map<String, List<String>> WRITES = Map.of(
            "analytics", List.of("_mx_id", "mx_client", "mx_session", "mx-events"),
            "marketing", List.of("_adnet_id", "adnet_segments", "adnet_click", "adnet-conversions"),
            "preferences", List.of("chat_prefs", "chat_history", "chat_open", "chat-drafts"));

    private static boolean has(Map<String, List<String>> t, List<String> w) {
        return t.get("cookies").contains(w.get(0)) && t.get("local").contains(w.get(1)) && t.get("session").contains(w.get(2))
                && t.get("databases").contains(w.get(3));
    }

    private static void awaitWritesOf(List<String> categories) {
        try {
            waitUntil("the writes of " + categories, d -> {
                Map<String, List<String>> t = traces();
                return categories.stream().allMatch(c -> has(t, WRITES.get(c)));
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the writes of " + categories + " did not all appear; the browser holds " + traces(), e);
        }
    }

    private static void assertNothingOf(List<String> categories, String when) {
        Map<String, List<String>> t = traces();
        for (String c : categories) {
            List<String> w = WRITES.get(c);
            assertThat(t.get("cookies")).as(when + ": cookie of " + c).doesNotContain(w.get(0));
            assertThat(t.get("local")).as(when + ": localStorage of " + c).doesNotContain(w.get(1));
            assertThat(t.get("session")).as(when + ": sessionStorage of " + c).doesNotContain(w.get(2));
            assertThat(t.get("databases")).as(when + ": IndexedDB of " + c).doesNotContain(w.get(3));
        }
    }

    private static void screenshot(String name, String docName) throws Exception {
        Path shot = SCREENSHOTS.resolve(name + ".png");
        Files.write(shot, driver().getScreenshotAs(OutputType.BYTES));
        if (docName != null && Files.isDirectory(DOC_IMAGES)) {
            Files.copy(shot, DOC_IMAGES.resolve(docName + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
