package dev.consentkit.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
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
 * The organizer settings in the demo, in real Chromium: Acme's organizer stops offering
 * {@code marketing} on the thank-you page and saves; an attendee who had accepted everything then
 * gets the thank-you page with the conversion pixel neutralised and no marketing cookie set,
 * without being asked again.
 */
class OrganizerSettingsIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    private static final String ACME_PASSWORD = "acme-organizer-password";
    private static final String THANK_YOU = "/webinars/product-launch/thank-you";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DOC_IMAGES = Path.of("..", "docs", "images");

    static DemoServer demo;
    static String site;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("consent-demo-settings-");
        demo = DemoServer.start(DemoOptions.parse("--port", "0", "--data", data.toString(), "--organizer-password", "acme=" + ACME_PASSWORD));
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
    void anOrganizerStopsOfferingMarketingOnThankYou_andAnAttendeeWhoAcceptedAllGetsNoMarketingThere() throws Exception {
        // 1. an attendee accepts everything on the thank-you page: the conversion pixel runs and writes its cookie
        open(THANK_YOU);
        decide("accept-all");
        waitUntil("the pixel ran", d -> "ran".equals(vendorState("/demo/vendor/pixel.js")));
        assertThat(cookieNames()).contains("_adpx_id");

        // 2. Acme's organizer, signed in as "acme", unticks marketing on the thank-you page and saves
        asOrganizer(() -> {
            driver().get(site + "/consent/admin/settings/pages?tenant=acme");
            WebElement legend = driver().findElement(By.xpath("//legend[contains(., 'Thank-you page')]"));
            WebElement page = legend.findElement(By.xpath(".."));
            WebElement marketing = page.findElement(By.cssSelector("input[type=checkbox][name$='.offer.marketing']"));
            assertThat(marketing.isSelected()).isTrue();
            marketing.click();
            driver().findElement(By.cssSelector("button[name=action][value=review]")).click();
            WebElement review = waitUntil("the review", d -> d.findElement(By.id("review")));
            assertThat(review.getText()).contains("Page type thank-you: no longer offers marketing", "Attendees will not be asked again");
            screenshot("settings-review", "settings-review");
            review.findElement(By.id("comment")).sendKeys("no ads after registering");
            review.findElement(By.cssSelector("button[name=action][value=save]")).click();
            waitUntil("the save", d -> d.getCurrentUrl().contains("saved=1"));
            assertThat(driver().findElement(By.cssSelector("p.notice")).getText())
                    .isEqualTo("Saved as version 1 and in force now. Attendees are not asked again (revision 1).");
        });

        // 3. the attendee, with only the consent cookie left, comes back: not asked again, no pixel, no marketing cookie
        Cookie consent = driver().manage().getCookieNamed("consentkit_acme");
        assertThat(consent).as("the attendee's consent to Acme").isNotNull();
        driver().manage().deleteAllCookies();
        driver().manage().addCookie(consent);
        open(THANK_YOU);
        assertThat(js("return consentKit.get().decided")).as("not asked again").isEqualTo(true);
        assertThat(js("return consentKit.get().choices.marketing")).as("the decision still grants marketing").isEqualTo(true);
        assertThat(bannerShown()).isFalse();
        assertThat(driver().findElements(By.cssSelector("script[type='text/plain'][data-consent='marketing'][data-src='/demo/vendor/pixel.js']")))
                .as("the conversion pixel is neutralised").hasSize(1);
        assertThat(driver().findElements(By.cssSelector("script[src='/demo/vendor/pixel.js']"))).isEmpty();
        Thread.sleep(300); // give a pixel that should not run the time to run
        assertThat(js("return !!(window.demoVendors && window.demoVendors.pixel)")).isEqualTo(false);
        assertThat(cookieNames()).doesNotContain("_adpx_id", "_adnet_id", "utm_attribution", "st_viewer");
        assertThat(vendorState("/demo/vendor/analytics.js")).as("analytics is still offered and granted").isEqualTo("ran");

        // the server side of the same visit: the page sets no marketing cookie and ships the pixel neutralised
        Browser attendee = new Browser(demo.uri());
        attendee.cookies().put(consent.getName(), consent.getValue());
        HttpResponse<String> page = attendee.get(THANK_YOU);
        assertThat(Browser.setCookieNames(page)).doesNotContain("_adpx_id", "utm_attribution");
        assertThat(page.body()).contains("data-src=\"/demo/vendor/pixel.js\"");
        assertThat(Browser.bootstrap(page.body()).path("categories").toString()).doesNotContain("\"marketing\"");
    }

    // ------------------------------------------------------------------ helpers

    private static void asOrganizer(ThrowingRunnable steps) throws Exception {
        driver().executeCdpCommand("Network.enable", Map.of());
        driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("acme:" + ACME_PASSWORD).getBytes(StandardCharsets.UTF_8)))));
        try {
            steps.run();
        } finally {
            driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void open(String path) {
        driver().get(site + path);
        waitUntil("the runtime is installed", d -> Boolean.TRUE.equals(js("return !!window.consentKit && document.readyState == 'complete'")));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    private static <T> T waitUntil(String what, Function<ChromeDriver, T> condition) {
        try {
            return new WebDriverWait(driver(), Duration.ofSeconds(10)).withMessage(what).until(d -> {
                T value = condition.apply((ChromeDriver) d);
                return value instanceof Boolean b && !b ? null : value;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + " did not happen; the page at " + driver().getCurrentUrl() + " is:\n"
                    + driver().findElement(By.tagName("body")).getText(), e);
        }
    }

    private static boolean bannerShown() {
        return driver().findElements(By.cssSelector("[data-consent-banner][role='dialog']")).stream().anyMatch(WebElement::isDisplayed);
    }

    private static void decide(String name) {
        js("window.__decided = false; document.addEventListener('consentkit:change', () => window.__decided = true, {once: true})");
        waitUntil("a visible " + name, d -> d.findElements(By.cssSelector("[data-consent-action='" + name + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null)).click();
        waitUntil("the decision after " + name, d -> Boolean.TRUE.equals(js("return window.__decided")));
    }

    private static String vendorState(String src) {
        return (String) js("const e = document.querySelector('[data-vendor=\"' + arguments[0] + '\"]'); return e && e.getAttribute('data-state')", src);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cookieNames() {
        return (List<String>) js("return document.cookie ? document.cookie.split('; ').map(c => c.split('=')[0]) : []");
    }

    private static void screenshot(String name, String docName) throws Exception {
        Path shot = SCREENSHOTS.resolve(name + ".png");
        Files.write(shot, driver().getScreenshotAs(OutputType.BYTES));
        if (docName != null && Files.isDirectory(DOC_IMAGES)) {
            Files.copy(shot, DOC_IMAGES.resolve(docName + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
