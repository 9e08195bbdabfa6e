package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.Policy;
import dev.consentkit.core.ledger.ChainVerification;
import dev.consentkit.core.ledger.JdbcConsentLedger;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's database down or hanging, behind the filter in a real container: PostgreSQL (named
 * by {@code CONSENTKIT_TEST_POSTGRES_URL}; skipped without it, failed without it when
 * {@code CONSENTKIT_REQUIRE_POSTGRES=1}) is reached through a {@link StallableProxy}. Pages keep
 * their latency (they never touch the ledger synchronously: timed against a baseline in the same
 * run), every decision is still answered (the journal acknowledges it), and once the database is
 * back every acknowledged decision is in it exactly once and the chain verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerOutageIT {

    private static final String PAGE = "/webinars/launch/register";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String directUrl;
    private String prefix;
    private Path journal;
    private StallableProxy proxy;
    private JdbcConsentLedger ledger;
    private ServletContainer container;
    private Http http;
    private LogCapture log;

    @BeforeAll
    void start() throws Exception {
        directUrl = System.getenv("CONSENTKIT_TEST_POSTGRES_URL");
        boolean required = "1".equals(System.getenv("CONSENTKIT_REQUIRE_POSTGRES"));
        if (directUrl == null || directUrl.isBlank()) {
            if (required) {
                Assertions.fail("CONSENTKIT_REQUIRE_POSTGRES=1 but CONSENTKIT_TEST_POSTGRES_URL is not set");
            }
            Assumptions.abort("ledger outage test skipped: set CONSENTKIT_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        URI target = URI.create(directUrl.substring("jdbc:".length()));
        proxy = new StallableProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
        String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath()
                + (target.getRawQuery() == null ? "?" : "?" + target.getRawQuery() + "&") + "connectTimeout=2&loginTimeout=3";
        prefix = "ck_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        journal = Files.createTempDirectory("consentkit-outage-journal");
        ledger = JdbcConsentLedger.builder().url(viaProxy).journalDirectory(journal).tablePrefix(prefix)
                .networkTimeout(Duration.ofSeconds(2)).retryInterval(Duration.ofMillis(50), Duration.ofMillis(400)).build();
        log = LogCapture.start();
        Policy policy = TestPolicies.example();
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).ledger(ledger).build();
        container = ServletContainer.start("jetty", new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (log != null) {
            log.close();
        }
        if (prefix != null) {
            try (Connection c = DriverManager.getConnection(directUrl); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '" + prefix + "%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
                }
            }
        }
        if (journal != null) {
            try (var files = Files.walk(journal)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Median and 90th percentile, in ms, of {@code n} undecided page views (each counts a banner shown). */
    private double[] pageLatency(int n) throws Exception {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.get(PAGE + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE");
            times[i] = System.nanoTime() - start;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("consentkit-bootstrap");
        }
        Arrays.sort(times);
        return new double[] {times[n / 2] / 1e6, times[n * 9 / 10] / 1e6};
    }

    /** Makes {@code n} decisions of new visitors; answers their consent ids, all acknowledged. */
    private List<String> decide(int n, String phase) throws Exception {
        List<String> ids = new ArrayList<>();
        long worst = 0;
        for (int i = 0; i < n; i++) {
            String body = i % 3 == 0 ? "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}"
                    : i % 3 == 1 ? "{\"action\":\"reject-all\",\"page\":\"" + PAGE + "\"}"
                    : "{\"categories\":{\"analytics\":true},\"page\":\"" + PAGE + "\"}";
            long start = System.nanoTime();
            HttpResponse<String> r = http.postJson("/consent/state", body, "Origin", http.origin(), "CF-IPCountry", "DE");
            worst = Math.max(worst, System.nanoTime() - start);
            assertThat(r.statusCode()).as(phase + ": " + r.body()).isEqualTo(200);
            ids.add(JSON.readTree(r.body()).get("consentId").asText());
        }
        Figures.record("LedgerOutageIT", String.format("%s: %d decisions acknowledged, slowest %.1f ms", phase, n, worst / 1e6));
        return ids;
    }

    private long storedCount() throws Exception {
        try (Connection c = DriverManager.getConnection(directUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + prefix + "record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aDatabaseThatHangsOrIsDown_neitherSlowsPages_norLosesAnAcknowledgedDecision() throws Exception {
        pageLatency(40); // warm up
        double[] baseline = pageLatency(60);
        List<String> acknowledged = new ArrayList<>(decide(20, "database up"));
        assertThat(ledger.flush(Duration.ofSeconds(30))).as("stored while the database is up").isTrue();

        proxy.stall();
        Thread.sleep(300);
        acknowledged.addAll(decide(30, "database hanging"));
        double[] stalled = pageLatency(60);
        acknowledged.addAll(decide(10, "database hanging, later"));

        proxy.down();
        Thread.sleep(300);
        acknowledged.addAll(decide(30, "database down"));
        double[] down = pageLatency(60);

        Figures.record("LedgerOutageIT", String.format("page latency median/p90: database up %.1f/%.1f ms, hanging %.1f/%.1f ms, down %.1f/%.1f ms",
                baseline[0], baseline[1], stalled[0], stalled[1], down[0], down[1]));
        // ratios with generous slack: the machine may be busy, but a page that waited for the database would take seconds
        assertThat(stalled[0]).as("median page latency while the database hangs").isLessThan(3 * baseline[0] + 25);
        assertThat(down[0]).as("median page latency while the database is down").isLessThan(3 * baseline[0] + 25);
        assertThat(stalled[1]).as("p90 page latency while the database hangs").isLessThan(3 * baseline[1] + 100);
        assertThat(down[1]).as("p90 page latency while the database is down").isLessThan(3 * baseline[1] + 100);

        assertThat(storedCount()).as("nothing reached the database during the outage: it was real").isEqualTo(20);
        assertThat(ledger.flush(Duration.ofMillis(200))).as("the journal holds what the database has not").isFalse();

        proxy.up();
        assertThat(ledger.flush(Duration.ofSeconds(60))).as("the journal drains once the database is back").isTrue();

        Map<String, Integer> stored = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(directUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT consent_id FROM " + prefix + "record WHERE tenant = '" + Policy.DEFAULT_TENANT + "'")) {
            while (rs.next()) {
                stored.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        assertThat(new HashSet<>(acknowledged)).hasSize(acknowledged.size());
        assertThat(stored.keySet()).as("every acknowledged decision, and nothing else").isEqualTo(Set.copyOf(acknowledged));
        assertThat(stored.values()).as("each exactly once").allMatch(count -> count == 1);
        ChainVerification chain = ledger.verify(Policy.DEFAULT_TENANT);
        assertThat(chain.intact()).as(chain.toString()).isTrue();
        assertThat(chain.headSequence()).isEqualTo(acknowledged.size());
        Figures.record("LedgerOutageIT", acknowledged.size() + " acknowledged decisions, " + stored.size()
                + " stored after recovery, chain intact to sequence " + chain.headSequence());
        assertThat(log.severe()).isEmpty();
    }
}
