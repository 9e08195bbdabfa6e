package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.ledger.ChainVerification;
import dev.consentkit.core.ledger.JdbcConsentLedger;
import dev.consentkit.core.ledger.StoredConsentRecord;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load and soak: mixed traffic at the filter from many concurrent clients over loopback, for a
 * bounded time, in Jetty with the real H2 ledger (journal, group commit). Undecided and decided
 * pages, decisions, withdrawals, the declaration, runtime assets, reports, the state, the admin
 * dashboard and its export, and hostile requests (cross-site decisions, junk and oversized bodies,
 * forged tokens). No 5xx, no unexpected status, nothing SEVERE logged, every acknowledged
 * decision in the ledger exactly once with the chain intact, heap flat (used heap after GC at the
 * start and the end) and no thread leak.
 *
 * <p>Inside {@code mvn verify} the traffic runs {@value #VERIFY_SECONDS} s. The soak run:
 * <pre>
 * mvn -B verify -pl consent-servlet -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=SoakIT -Dfailsafe.failIfNoSpecifiedTests=false -Dconsentkit.soak=true
 * </pre>
 * runs {@value #SOAK_SECONDS} s; {@code -Dconsentkit.soak.seconds=N} sets any duration and
 * {@code -Dconsentkit.soak.clients=N} the number of concurrent clients (default 16). Figures go to
 * {@code consent-servlet/target/consentkit-figures.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoakIT {

    static final int VERIFY_SECONDS = 20;
    static final int SOAK_SECONDS = 120;
    private static final String ADMIN_PASSWORD = "soak-admin-password";
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PAGES = {"/webinars/launch/register", "/webinars/launch/waiting-room", "/webinars/launch/thank-you"};

    private Path data;
    private String postgresUrl;
    private String tablePrefix;
    private JdbcConsentLedger ledger;
    private ServletContainer container;
    private GuardedFilter guard;
    private Http http;
    private HttpClient client;
    private LogCapture log;
    private Policy policy;
    private String scriptAsset;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("consentkit-soak");
        // small caches (tokens, regex results, ledger reads), so that the warm-up fills every one of them and whatever the
        // heap still gains afterwards is a leak, not a cache filling up. PostgreSQL when the environment names one: it
        // lives outside this JVM, while an embedded H2 keeps up to tens of MB of unsaved pages in the same heap
        postgresUrl = System.getenv("CONSENTKIT_TEST_POSTGRES_URL");
        JdbcConsentLedger.Builder ledgerBuilder = JdbcConsentLedger.builder().journalDirectory(data.resolve("journal")).cacheSize(200);
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            tablePrefix = "ck_soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
            ledgerBuilder.url(postgresUrl).tablePrefix(tablePrefix);
        } else {
            ledgerBuilder.url("jdbc:h2:file:" + data.resolve("ledger") + ";CACHE_SIZE=2048");
        }
        ledger = ledgerBuilder.build();
        log = LogCapture.start();
        policy = PolicyLoader.builder().environment(Map.of("CONSENTKIT_KEY", TestPolicies.TEST_SECRET)::get)
                .tokenCacheSize(500).regexCacheSize(500).build()
                .load(Policy.DEFAULT_TENANT, List.of(ConfigurationSource.of("consentkit.json", TestPolicies.exampleJson())));
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).ledger(ledger)
                .adminAccess(ConsentOptions.AdminAccess.basic("admin", ADMIN_PASSWORD)).build();
        guard = new GuardedFilter(new ConsentFilter(options));
        container = ServletContainer.start("jetty", guard, Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
        client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String page = http.get(PAGES[0], "CF-IPCountry", "DE").body();
        int at = page.indexOf("/consent/assets/consentkit.");
        scriptAsset = page.substring(at, page.indexOf('"', at));
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        ledger.close();
        log.close();
        if (tablePrefix != null) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(postgresUrl); java.sql.Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (java.sql.ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '"
                        + tablePrefix + "%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
                }
            }
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ------------------------------------------------------------------ traffic

    /** What the run saw. */
    private static final class Tally {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong latencyNanos = new AtomicLong();
        final ConcurrentMap<String, AtomicLong> byKind = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicLong decisions = new AtomicLong();

        void add(Tally other) {
            requests.addAndGet(other.requests.get());
            latencyNanos.addAndGet(other.latencyNanos.get());
            other.byKind.forEach((k, v) -> byKind.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v.get()));
            failures.addAll(other.failures);
            decisions.addAndGet(other.decisions.get());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b, Tally tally, String kind, int... expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        tally.latencyNanos.addAndGet(System.nanoTime() - start);
        tally.requests.incrementAndGet();
        tally.byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        boolean ok = false;
        for (int e : expected) {
            ok |= r.statusCode() == e;
        }
        if (!ok || r.statusCode() >= 500) {
            tally.failures.add(kind + " -> " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
        }
        return r;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(container.base().resolve(path)).GET().header("CF-IPCountry", "DE");
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(container.base().resolve(path)).header("CF-IPCountry", "DE").header("Origin", http.origin())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String cookieOf(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("consentkit=")).map(c -> c.substring(0, c.indexOf(';')))
                .findFirst().orElse(null);
    }

    private void acknowledge(HttpResponse<String> r, Tally tally) throws Exception {
        if (r.statusCode() == 200) {
            assertThat(JSON.readTree(r.body()).get("consentId").isTextual()).isTrue();
            tally.decisions.incrementAndGet(); // counted, not kept: the client's own memory must not look like the server's growth
        }
    }

    /** One client: a visitor journey after another, with hostile requests mixed in. */
    private void client(int id, long until, Tally tally) throws Exception {
        Random r = new Random(1000 + id);
        while (System.nanoTime() < until) {
            String page = PAGES[r.nextInt(PAGES.length)];
            String cookie = null;
            send(get(page + "?cookies=addCookie:_mx_abc,addHeader:utm_attribution"), tally, "page undecided", 200);
            send(get(scriptAsset).header("Accept-Encoding", "gzip"), tally, "asset", 200);
            if (r.nextInt(4) == 0) {
                send(get("/consent/cookies" + (r.nextBoolean() ? "?page=" + page : "")), tally, "declaration", 200);
                send(get("/consent/cookies.json"), tally, "declaration json", 200);
            }
            String decision = switch (r.nextInt(3)) {
                case 0 -> "{\"action\":\"accept-all\",\"page\":\"" + page + "\"}";
                case 1 -> "{\"action\":\"reject-all\",\"page\":\"" + page + "\"}";
                default -> "{\"categories\":{\"analytics\":" + r.nextBoolean() + ",\"marketing\":" + r.nextBoolean() + "},\"page\":\"" + page + "\"}";
            };
            HttpResponse<String> decided = send(post("/consent/state", decision), tally, "decision", 200);
            acknowledge(decided, tally);
            cookie = cookieOf(decided);
            for (int i = 0; i < 3 && cookie != null; i++) {
                send(get(PAGES[r.nextInt(PAGES.length)] + "?cookies=addCookie:_mx_abc").header("Cookie", cookie + "; _mx_old=1"),
                        tally, "page decided", 200);
            }
            if (cookie != null) {
                send(get("/consent/state?page=" + page).header("Cookie", cookie), tally, "state", 200);
                send(post("/consent/report", "{\"page\":\"" + page + "\",\"items\":[{\"kind\":\"cookie\",\"name\":\"soak_" + r.nextInt(40)
                        + "\"},{\"kind\":\"localStorage\",\"name\":\"k" + r.nextInt(2000) + "\"}]}").header("Cookie", cookie), tally, "report", 204);
                if (r.nextInt(3) == 0) {
                    HttpResponse<String> updated = send(post("/consent/state", "{\"categories\":{\"preferences\":true},\"page\":\"" + page + "\"}")
                            .header("Cookie", cookie), tally, "update", 200);
                    acknowledge(updated, tally);
                }
                if (r.nextInt(4) == 0) {
                    HttpResponse<String> withdrawn = send(HttpRequest.newBuilder(container.base().resolve("/consent/state?page=" + page))
                            .header("Origin", http.origin()).header("Cookie", cookie).DELETE(), tally, "withdrawal", 200);
                    acknowledge(withdrawn, tally);
                }
            }
            switch (r.nextInt(6)) {
                case 0 -> send(post("/consent/state", "{\"action\":\"accept-all\"}").setHeader("Origin", "https://evil.example"),
                        tally, "hostile: cross-site decision", 403);
                case 1 -> send(post("/consent/state", "{\"action\":" + "[".repeat(40)), tally, "hostile: junk JSON", 400);
                case 2 -> send(post("/consent/report", "x".repeat(20_000)), tally, "hostile: oversized body", 413);
                case 3 -> send(get(page).header("Cookie", "consentkit=" + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII))), tally, "hostile: forged token", 200);
                case 4 -> send(get("/consent/admin").header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:guess" + r.nextInt()).getBytes(StandardCharsets.UTF_8))), tally, "hostile: admin password guess", 401);
                default -> {
                    if (r.nextInt(10) == 0) {
                        send(get("/consent/admin").header("Authorization", AUTH), tally, "admin dashboard", 200);
                        send(get("/consent/admin/records.jsonl?from=2026-01-01").header("Authorization", AUTH), tally, "admin export", 200);
                    }
                }
            }
        }
    }

    private Tally run(int clients, Duration duration) throws Exception {
        Tally tally = new Tally();
        long until = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int id = i;
            done.add(pool.submit(() -> {
                client(id, until, tally);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return tally;
    }

    /**
     * Used heap after GC, measured with the ledger drained: records still queued for the database
     * are work in flight (as much as the database lags behind), not growth.
     */
    private long usedHeapAfterGc() throws InterruptedException {
        assertThat(ledger.flush(Duration.ofSeconds(60))).isTrue();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int seconds() {
        String configured = System.getProperty("consentkit.soak.seconds");
        if (configured != null && !configured.isBlank()) {
            return Integer.parseInt(configured.trim());
        }
        return Boolean.getBoolean("consentkit.soak") ? SOAK_SECONDS : VERIFY_SECONDS;
    }

    @Test
    void mixedTrafficFromManyClients_noErrors_heapFlat_noThreadLeak() throws Exception {
        int clients = Integer.getInteger("consentkit.soak.clients", 16);
        int seconds = seconds();
        Tally warmUp = run(clients, Duration.ofSeconds(Math.max(5, seconds / 8))); // fills the caches and the server's thread pool
        assertThat(warmUp.failures).isEmpty();
        long heapBefore = usedHeapAfterGc();
        Map<String, Long> histogramBefore = HeapHistogram.bytesByClass();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        Tally firstHalf = run(clients, Duration.ofSeconds(seconds / 2));
        long heapHalfway = usedHeapAfterGc();
        Tally tally = run(clients, Duration.ofSeconds(seconds - seconds / 2));
        tally.add(firstHalf);

        Thread.sleep(1000);
        long heapAfter = usedHeapAfterGc();
        Figures.record("SoakIT", "classes whose live bytes grew most: " + HeapHistogram.growth(histogramBefore, HeapHistogram.bytesByClass(), 8));
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(ledger.flush(Duration.ofSeconds(60))).isTrue();
        long stored = ledger.findByTime(Policy.DEFAULT_TENANT, java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60), 0, 1)
                .records().isEmpty() ? 0 : ledger.verify(Policy.DEFAULT_TENANT).headSequence();
        ChainVerification chain = ledger.verify(Policy.DEFAULT_TENANT);

        Figures.record("SoakIT", String.format("%d clients, %d s: %d requests (%.0f/s), mean latency %.1f ms, %d decisions acknowledged; by kind %s",
                clients, seconds, tally.requests.get(), tally.requests.get() / (double) seconds,
                tally.latencyNanos.get() / 1e6 / Math.max(1, tally.requests.get()), tally.decisions.get(), new java.util.TreeMap<>(tally.byKind)));
        Figures.record("SoakIT", String.format("ledger on %s; used heap after GC: %.1f MB after the warm-up, %.1f MB halfway, %.1f MB at the end; "
                        + "threads %d before, %d after; ledger: %d records stored (warm-up included), chain intact %s",
                tablePrefix != null ? "PostgreSQL" : "H2 (embedded)", heapBefore / 1e6, heapHalfway / 1e6, heapAfter / 1e6,
                threadsBefore, threadsAfter, stored, chain.intact()));

        assertThat(tally.failures).as("unexpected statuses").isEmpty();
        assertThat(guard.escaped).as("exceptions that escaped the filter").isEmpty();
        assertThat(log.severe()).as("SEVERE logged by ConsentKit").isEmpty();
        assertThat(tally.requests.get()).as("the run did real work").isGreaterThan(100L * Math.min(seconds, 20));
        assertThat(chain.intact()).as(chain.toString()).isTrue();
        assertThat(stored).as("every acknowledged decision is in the ledger").isEqualTo(warmUp.decisions.get() + tally.decisions.get());
        // caches are bounded and were filled by the warm-up; a leak of a few hundred bytes per request would show
        // an embedded H2 buffers its unsaved pages in this heap (bounded by H2, not by ConsentKit)
        long tolerance = (tablePrefix != null ? 16L : 64L) * 1024 * 1024;
        assertThat(heapAfter - heapBefore).as("heap growth in bytes over the run").isLessThan(tolerance);
        assertThat(heapAfter - heapHalfway).as("heap growth in bytes over the second half").isLessThan(tolerance / 2);
        assertThat(threadsAfter - threadsBefore).as("thread growth").isLessThan(16);
    }

    @Test
    void concurrentDecisionsForOneConsentId_stayConsistent() throws Exception {
        HttpResponse<String> first = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + PAGES[0] + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE");
        assertThat(first.statusCode()).isEqualTo(200);
        String consentId = JSON.readTree(first.body()).get("consentId").asText();
        String cookie = cookieOf(first);
        int threads = 12;
        int each = 25;
        List<Map<String, Boolean>> submitted = new CopyOnWriteArrayList<>();
        List<String> finalCookies = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                Random r = new Random(seed);
                String mine = cookie;
                for (int i = 0; i < each; i++) {
                    Map<String, Boolean> choices = Map.of("preferences", r.nextBoolean(), "analytics", r.nextBoolean(), "marketing", r.nextBoolean());
                    HttpResponse<String> resp = http.postJson("/consent/state", "{\"categories\":" + JSON.writeValueAsString(choices)
                            + ",\"page\":\"" + PAGES[0] + "\"}", "Origin", http.origin(), "CF-IPCountry", "DE", "Cookie", mine);
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonNode state = JSON.readTree(resp.body());
                    assertThat(state.get("consentId").asText()).as("the same consent id throughout").isEqualTo(consentId);
                    for (var e : choices.entrySet()) {
                        assertThat(state.get("choices").get(e.getKey()).asBoolean()).as("the answer is the decision submitted").isEqualTo(e.getValue());
                    }
                    submitted.add(choices);
                    mine = r.nextBoolean() ? cookieOf(resp) : cookie; // some clients carry the newest cookie, others the first
                    finalCookies.add(cookieOf(resp));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        String last = finalCookies.get(finalCookies.size() - 1);
        JsonNode finalState = JSON.readTree(http.get("/consent/state?page=" + PAGES[0], "CF-IPCountry", "DE", "Cookie", last).body());
        Map<String, Boolean> finalChoices = Map.of("preferences", finalState.get("choices").get("preferences").asBoolean(),
                "analytics", finalState.get("choices").get("analytics").asBoolean(), "marketing", finalState.get("choices").get("marketing").asBoolean());
        assertThat(submitted).as("the final state is one of the submitted decisions").contains(finalChoices);
        assertThat(finalState.get("consentId").asText()).isEqualTo(consentId);

        assertThat(ledger.flush(Duration.ofSeconds(60))).isTrue();
        List<StoredConsentRecord> records = ledger.findByConsentId(Policy.DEFAULT_TENANT, UUID.fromString(consentId));
        assertThat(records).as("the first decision and every acknowledged update").hasSize(1 + threads * each);
        Set<UUID> ids = new HashSet<>();
        records.forEach(s -> ids.add(s.record().recordId()));
        assertThat(ids).as("each exactly once").hasSize(records.size());
        assertThat(records.stream().filter(s -> s.record().action() == dev.consentkit.core.ledger.ConsentAction.UPDATE)).hasSize(threads * each);
        ChainVerification chain = ledger.verify(Policy.DEFAULT_TENANT);
        assertThat(chain.intact()).as(chain.toString()).isTrue();
        Figures.record("SoakIT", threads + " clients x " + each + " concurrent decisions for consent id " + consentId + ": "
                + records.size() + " records, each once, chain intact to sequence " + chain.headSequence());
    }
}
