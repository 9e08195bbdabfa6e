package dev.consentkit.demo;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Real headless Chromium for the browser journey, with a fresh profile. Skipped with a notice
 * where Chromium or chromedriver is missing, unless {@code CONSENTKIT_REQUIRE_BROWSER=1} (CI),
 * which makes a missing browser a failure. {@code CONSENTKIT_CHROMIUM} and
 * {@code CONSENTKIT_CHROMEDRIVER} point at other binaries.
 */
final class Chromium implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    static final String REQUIRE = "CONSENTKIT_REQUIRE_BROWSER";

    private static final Optional<Path> BROWSER = locate("CONSENTKIT_CHROMIUM", "/usr/bin/chromium", "chromium", "chromium-browser");
    private static final Optional<Path> DRIVER = locate("CONSENTKIT_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver");

    private ChromeDriver driver;
    private Path profile;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (BROWSER.isPresent() && DRIVER.isPresent()) {
            return ConditionEvaluationResult.enabled("Chromium at " + BROWSER.get());
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            return ConditionEvaluationResult.enabled(REQUIRE + "=1 and no browser: the test fails");
        }
        String reason = "the demo's browser journey is skipped: Chromium or chromedriver is not installed "
                + "(install Debian's chromium and chromium-driver; " + REQUIRE + "=1 makes this a failure)";
        System.err.println("NOTICE: " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (BROWSER.isEmpty() || DRIVER.isEmpty()) {
            throw new IllegalStateException(REQUIRE + "=1 but Chromium or chromedriver is not installed");
        }
        System.setProperty("SE_OFFLINE", "true"); // Selenium Manager must not download anything
        profile = Files.createTempDirectory("consent-demo-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--lang=en-US", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.get().toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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

    ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("no browser started");
        }
        return driver;
    }

    private static Optional<Path> locate(String override, String... candidates) {
        String configured = System.getenv(override);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator));
        for (String c : candidates) {
            if (c.startsWith("/")) {
                if (Files.isExecutable(Path.of(c))) {
                    return Optional.of(Path.of(c));
                }
                continue;
            }
            for (String dir : dirs) {
                Path p = Path.of(dir, c);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
