package dev.consentkit.servlet.it;

import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.core.tenant.DirectoryConfigurationStore;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration reload with an invalid file keeps the old policy and reports why, through the
 * filter over HTTP: organizer {@code acme}'s file in a watched folder is edited while the site
 * serves; a valid edit applies without a restart (so the folder is really watched), every invalid
 * edit (broken JSON, a wrong field, a catastrophic regular expression, a file cut short) keeps
 * the last good behaviour, and the problem is logged with its JSON path, kept by the repository and
 * shown on the admin dashboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigReloadIT {

    private static final String PAGE = "/webinars/launch/register";
    private static final String ADMIN_PASSWORD = "reload-admin-password";

    private Path folder;
    private CachingPolicyRepository repository;
    private ServletContainer container;
    private Http http;
    private LogCapture log;

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("consentkit-reload");
        Files.writeString(folder.resolve("default.json"), TestPolicies.exampleJson());
        write("acme.json", acme("Acme version 1"));
        log = LogCapture.start();
        PolicyLoader loader = TestPolicies.loader(Clock.systemUTC());
        repository = CachingPolicyRepository.builder(new DirectoryConfigurationStore(folder)).loader(loader).watch(true).build();
        ConsentOptions options = ConsentOptions.builder(repository).tenantResolver((request, path) -> "acme")
                .adminAccess(ConsentOptions.AdminAccess.basic("admin", ADMIN_PASSWORD)).build();
        container = ServletContainer.start("jetty", new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        repository.close();
        log.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String acme(String title) {
        return "{\"organizer\": {\"name\": \"Acme\"}, \"texts\": {\"en\": {\"description\": \"" + title + "\"}}}";
    }

    /** Replaces a file at once, as editors and deployment tools do (no half-written file is ever seen). */
    private void write(String name, String content) throws Exception {
        Path tmp = Files.createTempFile(folder.getParent(), "edit", ".json");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String title() throws Exception {
        HttpResponse<String> r = http.get(PAGE, "CF-IPCountry", "DE", "Accept-Language", "en");
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        int texts = body.indexOf("\"texts\":{");
        int at = texts < 0 ? -1 : body.indexOf("\"description\":\"", texts);
        return at < 0 ? null : body.substring(at + 15, body.indexOf('"', at + 15));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void assertSiteKeepsVersion(String title) throws Exception {
        assertThat(title()).isEqualTo(title);
        HttpResponse<String> decision = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE");
        assertThat(decision.statusCode()).isEqualTo(200);
        String cookie = Http.setCookies(decision).stream().filter(c -> c.startsWith("consentkit_acme=")).findFirst().orElseThrow();
        HttpResponse<String> page = http.get(PAGE + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE",
                "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(Http.cookieNames(page)).as("the old policy still enforces the decision").contains("_mx_abc");
    }

    @Test
    void anInvalidEdit_keepsTheLastGoodPolicy_andReportsWhy_aValidOneApplies() throws Exception {
        assertThat(title()).isEqualTo("Acme version 1");
        write("acme.json", acme("Acme version 2"));
        await("the valid edit to apply", () -> call(() -> "Acme version 2".equals(title())));

        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put("not JSON", "{\"texts\": {\"en\": {\"title\": \"Acme version 3\"}");
        invalid.put("$.undeclared", "{\"undeclared\": \"sometimes\", \"texts\": {\"en\": {\"title\": \"Acme version 3\"}}}");
        invalid.put("$.categories[0].declarations[0].name", "{\"categories\": [{\"id\": \"analytics\", \"declarations\": [{\"kind\": \"cookie\", "
                + "\"name\": \"(a+)+$\", \"match\": \"regex\"}]}], \"texts\": {\"en\": {\"title\": \"Acme version 3\"}}}");
        invalid.put("$.theme", "{\"theme\": {\"--ck-accent\": \"red;background:url(x)\"}}");
        invalid.put("empty file", "");
        StringBuilder many = new StringBuilder("{\"categories\": [{\"id\": \"preferences\"}, {\"id\": \"analytics\"}, {\"id\": \"marketing\"}");
        for (int i = 0; i < 66; i++) {
            many.append(",").append("{\"id\": \"c").append(i).append("\", \"label\": \"C\", \"description\": \"C\"}");
        }
        invalid.put("$.categories", many.append("]}").toString());
        for (var edit : invalid.entrySet()) {
            log.clear();
            Object previous = repository.lastProblem("acme").orElse(null);
            write("acme.json", edit.getValue());
            await("the rejection of " + edit.getKey() + " to be logged",
                    () -> !log.containing("configuration of tenant \"acme\" rejected").isEmpty());
            assertThat(log.containing("configuration of tenant \"acme\" rejected").get(0).getMessage()).as(edit.getKey())
                    .contains(edit.getKey().startsWith("$") ? edit.getKey() : "acme.json");
            // logged while the repository stores the rejection: the problem is kept a moment later
            await("the rejection of " + edit.getKey() + " to be kept",
                    () -> repository.lastProblem("acme").filter(problem -> problem != previous).isPresent());
            String dashboard = http.get("/consent/admin?tenant=acme", "Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).body();
            assertThat(dashboard).as("the dashboard shows the rejection of " + edit.getKey())
                    .contains("The latest edit of this organizer's configuration was rejected")
                    .contains(edit.getKey().startsWith("$") ? edit.getKey().replace("\"", "&quot;") : "acme.json");
            assertSiteKeepsVersion("Acme version 2");
        }
        write("acme.json", acme("Acme version 4"));
        await("the repaired file to apply", () -> call(() -> "Acme version 4".equals(title())));
        assertThat(repository.lastProblem("acme")).isEmpty();
        assertThat(log.severe()).isEmpty();
    }

    private interface Check {
        boolean run() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
