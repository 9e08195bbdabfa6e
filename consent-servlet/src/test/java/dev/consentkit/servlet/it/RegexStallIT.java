package dev.consentkit.servlet.it;

import dev.consentkit.core.Policy;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regular expressions from the configuration cannot stall a request, whatever the names a
 * visitor sends: a configuration with the nastiest patterns the loader accepts (alternations that
 * backtrack exponentially, runs of {@code .*} that backtrack polynomially), and requests with
 * adversarial cookie names, storage keys in reports, long runs of one character and 4 KB names.
 * Each request must complete within a small multiple of an ordinary request measured in the same
 * run (ratios, not absolute times: the machine may be loaded).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegexStallIT {

    /** Patterns the load-time check lets through although they backtrack badly without the budget. */
    static final List<String> NASTY = List.of(
            "(a|aa)*b",                         // exponential: every split of a run of a's
            "(a|a)*y",                          // exponential: two identical branches
            "(?:aa|a|aaa)*c(?:a|aa)*z",         // exponential twice over
            ".*.*.*.*.*.*.*.*x",                // polynomial, O(n^8)
            "[a-z_]*[a-z_]*[a-z_]*[a-z_]*[a-z_]*[a-z_]*0",
            "\\w*\\w*\\w*\\w*\\w*\\w*\\w*=");

    private static final String PAGE = "/webinars/launch/register";
    private static final int ROUNDS = 5;

    private ServletContainer container;
    private Http http;
    private LogCapture log;
    private final AtomicInteger fresh = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        String json = TestConfigs.exampleWith(root -> {
            for (String regex : NASTY) {
                // several copies of each (distinct names, the loader refuses duplicates): a cost per pattern would add up
                for (String copy : new String[] {"", "|q1", "|q2", "|q3"}) {
                    for (String kind : new String[] {"cookie", "localStorage", "sessionStorage", "indexedDB"}) {
                        TestConfigs.declare(root, "marketing", kind, "(?:" + regex + ")" + copy, "regex");
                    }
                }
            }
        });
        Policy policy = TestConfigs.load(Policy.DEFAULT_TENANT, json); // the loader accepts every one of them
        log = LogCapture.start();
        ConsentOptions options = ConsentOptions.builder(PolicyRepository.of(policy)).build();
        container = ServletContainer.start("jetty", new ConsentFilter(options), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        log.close();
    }

    /** A name no earlier request used (results are cached per name), made of letters that keep every pattern failing late. */
    private String unique(String run, int length) {
        int n = fresh.incrementAndGet();
        StringBuilder tail = new StringBuilder();
        do {
            tail.append((char) ('c' + n % 20)); // c..v: never b, x, y, z, 0 or '='
            n /= 20;
        } while (n > 0);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() + tail.length() < length) {
            sb.append(run);
        }
        return sb.append(tail).substring(0, Math.max(length, tail.length()));
    }

    private long timed(String path, String... headers) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.get(path, headers);
        long nanos = System.nanoTime() - start;
        assertThat(r.statusCode()).as(path).isLessThan(500);
        return nanos;
    }

    private static long median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    /** The median time of ROUNDS requests, each with its own fresh cookies. */
    private long medianOf(IntFunction<String> cookieHeader, String path) throws Exception {
        long[] times = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            times[i] = timed(path, "CF-IPCountry", "DE", "Cookie", cookieHeader.apply(i));
        }
        return median(times);
    }

    private long baseline() throws Exception {
        for (int i = 0; i < 20; i++) {
            timed(PAGE, "CF-IPCountry", "DE", "Cookie", "consentkit=x; session=1"); // warm up
        }
        return medianOf(i -> "consentkit=x; " + unique("s", 12) + "=1", PAGE);
    }

    private void assertQuick(String what, long nanos, long baseline) {
        Figures.record("RegexStallIT", String.format("%s: %.1f ms (ordinary request %.1f ms)", what, nanos / 1e6, baseline / 1e6));
        // generous: 25 times an ordinary request, plus 150 ms of scheduling noise on a busy machine;
        // without the budget these requests take seconds
        assertThat(nanos / 1_000_000).as(what + " (ordinary request: " + baseline / 1_000_000.0 + " ms)")
                .isLessThan(25 * baseline / 1_000_000 + 150);
    }

    @Test
    void adversarialCookieNames_doNotStallPages() throws Exception {
        long baseline = baseline();
        Map<String, IntFunction<String>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("one 1000-character run of a", i -> "consentkit=x; " + unique("a", 1000) + "=1");
        attacks.put("one 4 KB name", i -> "consentkit=x; " + unique("a", 4096) + "=1");
        attacks.put("a 1000-character run of word characters", i -> "consentkit=x; " + unique("ca_", 1000) + "=1");
        attacks.put("hundreds of short runs (fills an 8 KB header)", i -> {
            StringBuilder sb = new StringBuilder("consentkit=x");
            while (sb.length() < 7000) {
                sb.append("; ").append(unique("a", 18)).append("=");
            }
            return sb.toString();
        });
        attacks.put("dozens of 100-character runs", i -> {
            StringBuilder sb = new StringBuilder("consentkit=x");
            while (sb.length() < 7000) {
                sb.append("; ").append(unique(i % 2 == 0 ? "a" : "ca", 100)).append("=1");
            }
            return sb.toString();
        });
        for (var attack : attacks.entrySet()) {
            assertQuick("page with " + attack.getKey(), medianOf(attack.getValue(), PAGE), baseline);
            assertQuick("state with " + attack.getKey(), medianOf(attack.getValue(), "/consent/state"), baseline);
        }
        assertThat(log.severe()).isEmpty();
    }

    @Test
    void adversarialReportedNames_doNotStallTheReportEndpoint() throws Exception {
        long baseline = baseline();
        long[] times = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String kind = new String[] {"cookie", "localStorage", "sessionStorage", "indexedDB"}[i % 4];
                items.add("{\"kind\":\"" + kind + "\",\"name\":\"" + unique(i % 2 == 0 ? "a" : "ca_", 100) + "\"}");
            }
            String body = "{\"page\":\"" + PAGE + "\",\"items\":[" + String.join(",", items) + "]}";
            long start = System.nanoTime();
            HttpResponse<String> r = http.postJson("/consent/report", body, "Origin", http.origin());
            times[round] = System.nanoTime() - start;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
        assertQuick("report of 50 adversarial names", median(times), baseline);
    }
}
