package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.core.tenant.DirectoryConfigurationStore;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation and the privacy of the ledger, over HTTP: two organizers laid over one platform
 * default, so they share its signing key. Consent given to one never counts for the other, not
 * even when its signed cookie is replayed under the other's cookie name; an organizer's admin sees
 * and exports only its own records; and the ledger keeps no IP address, user agent or other
 * request header of the visitor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationAndPrivacyIT {

    private static final String PAGE = "/webinars/launch/register";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path folder;
    private CachingPolicyRepository repository;
    private final RecordingLedger ledger = new RecordingLedger();
    private ServletContainer container;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        folder = Files.createTempDirectory("consentkit-tenants");
        Files.writeString(folder.resolve("default.json"), TestPolicies.exampleJson());
        Files.writeString(folder.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        Files.writeString(folder.resolve("globex.json"), "{\"organizer\": {\"name\": \"Globex\"}}");
        repository = CachingPolicyRepository.builder(new DirectoryConfigurationStore(folder)).loader(TestPolicies.loader(Clock.systemUTC())).build();
        ConsentOptions options = ConsentOptions.builder(repository)
                .tenantResolver((request, path) -> request.getHeader("X-Organizer"))
                .ledger(ledger)
                .adminAccess(request -> switch (String.valueOf(request.getHeader("Authorization"))) {
                    case "Bearer operator" -> Set.of("*");
                    case "Bearer acme-admin" -> Set.of("acme");
                    default -> Set.of();
                })
                .build();
        container = ServletContainer.start("jetty", new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        repository.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String acceptAllFor(String organizer) throws Exception {
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE", "X-Organizer", organizer);
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.cookieValue(r, "consentkit_" + organizer);
    }

    @Test
    void consentForOneOrganizer_neverCountsForAnother_evenReplayedUnderItsCookieName() throws Exception {
        String acme = acceptAllFor("acme");
        assertThat(acme).isNotNull();
        HttpResponse<String> acmePage = http.get(PAGE + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "X-Organizer", "acme",
                "Cookie", "consentkit_acme=" + acme);
        assertThat(Http.cookieNames(acmePage)).contains("_mx_abc");
        for (String cookie : new String[] {"consentkit_acme=" + acme, "consentkit_globex=" + acme, "consentkit=" + acme}) {
            HttpResponse<String> globexPage = http.get(PAGE + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE", "X-Organizer", "globex",
                    "Cookie", cookie);
            assertThat(Http.cookieNames(globexPage)).as(cookie).doesNotContain("_mx_abc");
            assertThat(globexPage.body()).as(cookie).contains("\"tenant\":\"globex\"").contains("\"decided\":false");
            JsonNode state = JSON.readTree(http.get("/consent/state?page=" + PAGE, "CF-IPCountry", "DE", "X-Organizer", "globex", "Cookie", cookie).body());
            assertThat(state.get("decided").asBoolean()).as(cookie).isFalse();
        }
    }

    @Test
    void anOrganizersAdmin_seesAndExportsOnlyItsOwnRecords() throws Exception {
        acceptAllFor("acme");
        acceptAllFor("globex");
        HttpResponse<String> own = http.get("/consent/admin/records.jsonl?tenant=acme", "Authorization", "Bearer acme-admin");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body().lines()).isNotEmpty().allMatch(line -> line.contains("\"tenant\":\"acme\""));
        HttpResponse<String> every = http.get("/consent/admin/records.jsonl", "Authorization", "Bearer acme-admin");
        assertThat(every.body().lines()).isNotEmpty().allMatch(line -> line.contains("\"tenant\":\"acme\""));
        assertThat(http.get("/consent/admin/records.jsonl?tenant=globex", "Authorization", "Bearer acme-admin").statusCode()).isEqualTo(403);
        assertThat(http.get("/consent/admin?tenant=globex", "Authorization", "Bearer acme-admin").statusCode()).isEqualTo(403);
        assertThat(http.get("/consent/admin/records.jsonl", "Authorization", "Bearer someone").statusCode()).isEqualTo(401);
        HttpResponse<String> operator = http.get("/consent/admin/records.jsonl", "Authorization", "Bearer operator");
        assertThat(operator.body()).contains("\"tenant\":\"acme\"").contains("\"tenant\":\"globex\"");
    }

    @Test
    void theLedger_keepsNoIpAddressUserAgentOrOtherRequestHeader() throws Exception {
        String[] identifying = {"203.0.113.77", "198.51.100.23", "Mozilla/5.0 (Marker-Agent 9.9)", "session-marker-4711"};
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"reject-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE", "X-Organizer", "acme",
                "X-Forwarded-For", identifying[0], "CF-Connecting-IP", identifying[1], "User-Agent", identifying[2],
                "Cookie", "JSESSIONID=" + identifying[3]);
        assertThat(r.statusCode()).isEqualTo(200);
        String export = http.get("/consent/admin/records.jsonl", "Authorization", "Bearer operator").body();
        assertThat(export).contains("\"region\":\"DE\"");
        for (String value : identifying) {
            assertThat(export).doesNotContain(value);
            assertThat(ledger.last().toString()).doesNotContain(value);
        }
        assertThat(export).doesNotContain("127.0.0.1");
        assertThat(Arrays.stream(ConsentRecord.class.getRecordComponents()).map(RecordComponent::getName))
                .as("a record has no field an address or a browser could go into")
                .noneMatch(name -> name.toLowerCase().matches(".*(ip|address|agent|host|header|cookie|session).*"));
    }
}
