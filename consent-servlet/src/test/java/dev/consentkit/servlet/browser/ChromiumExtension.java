package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Real headless Chromium for the browser tests: one browser per test class, each with a fresh
 * profile directory.
 *
 * <p>Where no Chromium or chromedriver is installed the test classes are skipped with a notice,
 * unless the environment variable {@value #REQUIRE} is {@code 1} (CI sets it), which turns a
 * missing browser into a failure. {@code CONSENTKIT_CHROMIUM} and {@code CONSENTKIT_CHROMEDRIVER}
 * point at other binaries.
 */
public final class ChromiumExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    /** The environment variable that makes a missing browser a failure instead of a skip. */
    public static final String REQUIRE = "CONSENTKIT_REQUIRE_BROWSER";

    private static final Optional<Path> BROWSER = locate("CONSENTKIT_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
    private static final Optional<Path> DRIVER = locate("CONSENTKIT_CHROMEDRIVER", "chromedriver");
    private static boolean noticePrinted;

    private ChromeDriver driver;
    private Path profile;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (BROWSER.isPresent() && DRIVER.isPresent()) {
            return ConditionEvaluationResult.enabled("Chromium at " + BROWSER.get() + ", chromedriver at " + DRIVER.get());
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            // enabled: beforeAll fails with the reason, so the run cannot pass without a browser
            return ConditionEvaluationResult.enabled(REQUIRE + "=1 and no browser: the class will fail");
        }
        String reason = "browser tests skipped: " + missing() + " (install Debian's chromium and chromium-driver; "
                + REQUIRE + "=1 makes this a failure)";
        synchronized (ChromiumExtension.class) {
            if (!noticePrinted) {
                noticePrinted = true;
                System.err.println("NOTICE: ConsentKit " + reason);
            }
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (BROWSER.isEmpty() || DRIVER.isEmpty()) {
            throw new IllegalStateException(REQUIRE + "=1 but " + missing());
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.get().toString());
        System.setProperty("SE_OFFLINE", "true"); // Selenium Manager must not try to download anything
        profile = Files.createTempDirectory("consentkit-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--lang=en-US", "--window-size=1280,800",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.get().toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The browser of the running test class. */
    public ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("no browser: the test class has not started one");
        }
        return driver;
    }

    /**
     * The Chromium binary these tests use: {@code CONSENTKIT_CHROMIUM}, else the first of
     * {@code chromium}, {@code chromium-browser} and {@code google-chrome} on the PATH.
     *
     * @return the binary, or empty when none is installed
     */
    public static Optional<Path> browser() {
        return BROWSER;
    }

    private static String missing() {
        return BROWSER.isEmpty() && DRIVER.isEmpty() ? "neither Chromium nor chromedriver is installed"
                : BROWSER.isEmpty() ? "Chromium is not installed" : "chromedriver is not installed";
    }

    private static Optional<Path> locate(String override, String... names) {
        String configured = System.getenv(override);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator));
        for (String name : names) {
            for (String dir : dirs) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
