package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base of the browser tests: one Chromium and one {@link TestSite} per test class, a fresh
 * origin and neutral emulation (region, language, GPC, colour scheme) for every test.
 */
abstract class BrowserTest {

    @RegisterExtension
    static final ChromiumExtension chromium = new ChromiumExtension();

    static TestSite site;

    /** Where screenshots for the documentation go. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    String origin;
    private static final List<String> scripts = new ArrayList<>(); // preload scripts of the running test, removed before the next

    @BeforeAll
    static void startSite() throws Exception {
        scripts.clear(); // they belonged to the previous class's browser
        site = TestSite.start();
        driver().executeCdpCommand("Network.enable", Map.of());
    }

    @AfterAll
    static void stopSite() throws Exception {
        site.close();
    }

    @BeforeEach
    void freshOriginAndEmulation() {
        origin = site.freshOrigin();
        for (String id : scripts) {
            driver().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
        }
        scripts.clear();
        headers(Map.of("CF-IPCountry", "DE"));
        driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        driver().manage().logs().get(LogType.BROWSER); // drop what earlier tests logged
    }

    static ChromeDriver driver() {
        return chromium.driver();
    }

    // ------------------------------------------------------------------ emulation

    /** Sends these headers with every request (the region header is {@code CF-IPCountry}). */
    void headers(Map<String, String> headers) {
        driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", headers));
    }

    /** The visitor comes from {@code country}: DE is opt-in, US opt-out, JP notice in the test configuration. */
    void region(String country) {
        headers(Map.of("CF-IPCountry", country));
    }

    /** Runs {@code source} in every new document before the page's own scripts. */
    void beforePageScripts(String source) {
        Map<String, Object> r = driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
        scripts.add((String) r.get("identifier"));
    }

    /** Turns {@code navigator.globalPrivacyControl} on (the browser side of GPC). */
    void gpcInBrowser() {
        beforePageScripts("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true});");
    }

    void colorScheme(String scheme) {
        driver().executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    // ------------------------------------------------------------------ pages

    /** Opens {@code path} on this test's origin and waits until the runtime is installed. */
    void open(String path) {
        driver().get(origin + path);
        waitUntil("the runtime is installed", d -> Boolean.TRUE.equals(js("return !!window.consentKit && document.readyState == 'complete'")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeAsyncScript(script, args);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        return (Map<String, Object>) js("return consentKit.get()");
    }

    /** Runs a {@code consentKit} call that returns a promise and answers what it resolved to. */
    @SuppressWarnings("unchecked")
    Map<String, Object> api(String call) {
        return (Map<String, Object>) asyncJs("const done = arguments[0]; " + call
                + ".then(s => done(s), e => done({failed: String(e && (e.message || e.error) || e)}))");
    }

    <T> T waitUntil(String what, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver(), Duration.ofSeconds(6)).withMessage(what).until(d -> condition.apply((ChromeDriver) d));
    }

    WebElement banner() {
        return driver().findElement(By.cssSelector("[data-consent-banner][role='dialog']"));
    }

    boolean bannerShown() {
        return !driver().findElements(By.cssSelector("[data-consent-banner][role='dialog']")).isEmpty();
    }

    /** The visible control with {@code data-consent-action="name"}. */
    WebElement action(String name) {
        return waitUntil("a visible [data-consent-action=" + name + "]", d -> d.findElements(By.cssSelector("[data-consent-action='" + name + "']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Clicks an action and waits for the decision it makes to be applied. */
    void decide(String action) {
        Object before = js("return consentKit.get().consentId + JSON.stringify(consentKit.get().choices)");
        js("window.__decided = false; document.addEventListener('consentkit:change', () => window.__decided = true, {once: true})");
        action(action).click();
        waitUntil("the decision after " + action + " (was " + before + ")", d -> Boolean.TRUE.equals(js("return window.__decided")));
    }

    String activeElement() {
        return (String) js("const e = document.activeElement; return e.getAttribute('data-consent-action') || e.getAttribute('data-consent-category') "
                + "|| (e.hasAttribute('data-consent-banner') ? (e.classList.contains('ck-p') ? 'preferences' : 'banner') : '') "
                + "|| e.id || e.tagName.toLowerCase() + (e.getAttribute('href') ? ' ' + e.getAttribute('href') : '')");
    }

    // ------------------------------------------------------------------ what the browser holds

    /** Cookie names, localStorage and sessionStorage keys, IndexedDB names and the demo scripts that ran. */
    @SuppressWarnings("unchecked")
    Map<String, List<String>> traces() {
        Map<String, Object> raw = (Map<String, Object>) asyncJs("""
                const done = arguments[0];
                indexedDB.databases().then(dbs => done({
                  cookies: document.cookie ? document.cookie.split('; ').map(c => c.split('=')[0]) : [],
                  local: Object.keys(localStorage),
                  session: Object.keys(sessionStorage).filter(k => !k.startsWith('ck.')),
                  databases: dbs.map(d => d.name),
                  ran: window.ran || []
                }));
                """);
        Map<String, List<String>> traces = new LinkedHashMap<>();
        raw.forEach((k, v) -> traces.put(k, (List<String>) v));
        return traces;
    }

    void assertNothingNonEssential(String when) {
        assertThat(traces()).as(when).allSatisfy((kind, names) -> assertThat(names).as(when + ": " + kind).isEmpty());
    }

    /** Waits until everything the demo scripts of {@code categories} write is there. */
    void awaitWritesOf(List<String> categories) {
        waitUntil("the writes of " + categories, d -> {
            Map<String, List<String>> t = traces();
            return categories.stream().map(TestSite.WRITES::get).allMatch(w -> t.get("ran").contains(w.script())
                    && t.get("cookies").contains(w.cookie()) && t.get("local").contains(w.localKey())
                    && t.get("session").contains(w.sessionKey()) && t.get("databases").contains(w.database())) ? t : null;
        });
    }

    /** Asserts that nothing of {@code categories} is in the browser (their scripts may have run before). */
    void assertNoWritesOf(List<String> categories, String when) {
        Map<String, List<String>> t = traces();
        for (String c : categories) {
            TestSite.Writes w = TestSite.WRITES.get(c);
            assertThat(t.get("cookies")).as(when + ": cookies of " + c).doesNotContain(w.cookie());
            assertThat(t.get("local")).as(when + ": localStorage of " + c).doesNotContain(w.localKey());
            assertThat(t.get("session")).as(when + ": sessionStorage of " + c).doesNotContain(w.sessionKey());
            assertThat(t.get("databases")).as(when + ": IndexedDB of " + c).doesNotContain(w.database());
        }
    }

    /** Waits until IndexedDB deletions (asynchronous) are done, then asserts nothing of {@code categories} is left. */
    void awaitNoWritesOf(List<String> categories, String when) {
        waitUntil(when + ": everything of " + categories + " deleted", d -> {
            Map<String, List<String>> t = traces();
            return categories.stream().map(TestSite.WRITES::get).noneMatch(w -> t.get("databases").contains(w.database())) ? t : null;
        });
        assertNoWritesOf(categories, when);
    }

    /** Console messages at SEVERE level (script errors, CSP violations), minus expected network 404s. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver().manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("favicon")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver().getScreenshotAs(OutputType.BYTES));
    }
}
