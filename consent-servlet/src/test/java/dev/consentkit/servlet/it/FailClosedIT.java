package dev.consentkit.servlet.it;

import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.InMemoryConsentLedger;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure inside the filter fails closed and the page is still served, in a real container:
 * a tenant resolver or a policy repository that throws, a configuration that cannot be loaded,
 * a ledger that throws when counting a banner or recording a decision, a subject resolver that
 * throws, and a nonce the application supplies whose {@code toString()} throws (a failure inside
 * the rewriter's element policy). The visitor below has accepted everything, so every cookie that
 * still passes in a failure passed because the filter failed open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailClosedIT {

    private static final String PAGE = "/webinars/launch/register";
    private static final String ANALYTICS_SCRIPT = "<script src=\"/demo/vendor/analytics.js\"></script>";

    private final Policy policy = TestPolicies.example();
    private final InMemoryConsentLedger records = new InMemoryConsentLedger();
    private volatile boolean failBannerCount;
    private volatile boolean failAppend;
    private ServletContainer container;
    private GuardedFilter guard;
    private Http http;
    private LogCapture log;
    private String acceptedEverything;

    /** Fails as the request's {@code X-Fail} header says, else serves the example policy. */
    private final PolicyRepository repository = new PolicyRepository() {
        @Override
        public Policy policy(String tenant) {
            if ("throws".equals(tenant)) {
                throw new IllegalStateException("repository failure (test)");
            }
            if ("unloadable".equals(tenant)) {
                throw new ConfigurationException(List.of(new ConfigurationProblem("unloadable.json", "$.categories", 3, 5, "broken (test)")));
            }
            return policy;
        }

        @Override
        public boolean hasTenant(String tenant) {
            return true;
        }

        @Override
        public Set<String> tenants() {
            return Set.of(Policy.DEFAULT_TENANT);
        }

        @Override
        public void reload(String tenant) {
        }
    };

    private ConsentLedger ledger() {
        return (ConsentLedger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConsentLedger.class}, (proxy, method, args) -> {
            if (failBannerCount && method.getName().equals("countBannerShown")) {
                throw new IllegalStateException("banner counter failure (test)");
            }
            if (failAppend && method.getName().equals("append")) {
                throw new dev.consentkit.core.ledger.LedgerException("journal unwritable (test)", null);
            }
            try {
                return method.invoke(records, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @BeforeAll
    void start() throws Exception {
        log = LogCapture.start();
        ConsentOptions options = ConsentOptions.builder(repository)
                .tenantResolver((request, path) -> {
                    String fail = request.getHeader("X-Fail");
                    if ("resolver".equals(fail)) {
                        throw new IllegalArgumentException("tenant resolver failure (test)");
                    }
                    return "repository".equals(fail) ? "throws" : "configuration".equals(fail) ? "unloadable" : null;
                })
                .subjectResolver(request -> {
                    if ("subject".equals(request.getHeader("X-Fail"))) {
                        throw new IllegalStateException("subject resolver failure (test)");
                    }
                    return null;
                })
                .ledger(ledger())
                .build();
        guard = new GuardedFilter(new ConsentFilter(options));
        Filter nonce = (request, response, chain) -> {
            if ("throws".equals(request.getParameter("nonce"))) {
                request.setAttribute("consentkit.test.nonce", "set");
                request.setAttribute(ConsentOptions.DEFAULT_NONCE_ATTRIBUTE, new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("nonce failure (test)");
                    }
                });
            }
            chain.doFilter(request, response);
        };
        container = ServletContainer.start("jetty", new Chain(nonce, guard), Map.of("/webinars/*", new TestApp()));
        http = new Http(container.base());
        acceptedEverything = "consentkit=" + policy.tokens().encode(policy.newState(null,
                Map.of("preferences", true, "analytics", true, "marketing", true)));
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        log.close();
    }

    @BeforeEach
    void reset() {
        failBannerCount = false;
        failAppend = false;
        log.clear();
    }

    private HttpResponse<String> page(String query, String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "CF-IPCountry";
        all[1] = "DE";
        all[2] = "Cookie";
        all[3] = acceptedEverything + "; _mx_old=1";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return http.get(PAGE + "?cookies=addCookie:_mx_abc,addHeader:utm_attribution,addCookie:JSESSIONID" + query, all);
    }

    @ParameterizedTest(name = "a {0} that fails")
    @ValueSource(strings = {"resolver", "repository", "configuration"})
    void aFailureResolvingConsent_dropsEveryNonNecessaryCookie_andServesThePage(String failing) throws Exception {
        HttpResponse<String> r = page("", "X-Fail", failing);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Product launch — register now");
        assertThat(Http.cookieNames(r)).as("fail closed: only necessary cookies pass, whatever the visitor allowed")
                .contains("JSESSIONID").doesNotContain("_mx_abc", "utm_attribution");
        assertThat(r.body()).as("nothing is rewritten in the failure, so no runtime either").doesNotContain("consentkit-bootstrap");
        assertThat(guard.escaped).isEmpty();
        assertThat(log.atLeast(Level.SEVERE)).singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("failing closed"));
    }

    @ParameterizedTest(name = "a {0} that fails")
    @ValueSource(strings = {"resolver", "repository", "configuration"})
    void aFailureResolvingConsent_atTheEndpoints_isAJsonError_andRecordsNothing(String failing) throws Exception {
        long before = records.tenants().isEmpty() ? 0 : records.findByTime(Policy.DEFAULT_TENANT, java.time.Instant.EPOCH,
                java.time.Instant.now().plusSeconds(60), 0, 10_000).records().size();
        HttpResponse<String> r = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "X-Fail", failing);
        assertThat(r.statusCode()).isIn(500, 503);
        assertThat(r.body()).startsWith("{\"error\":").doesNotContain("test)");
        assertThat(Http.cookieNames(r)).doesNotContain("consentkit");
        long after = records.tenants().isEmpty() ? 0 : records.findByTime(Policy.DEFAULT_TENANT, java.time.Instant.EPOCH,
                java.time.Instant.now().plusSeconds(60), 0, 10_000).records().size();
        assertThat(after).isEqualTo(before);
        assertThat(guard.escaped).isEmpty();
    }

    @Test
    void aLedgerThatThrowsWhenCountingTheBanner_doesNotBreakThePage() throws Exception {
        failBannerCount = true;
        HttpResponse<String> r = http.get(PAGE, "CF-IPCountry", "DE"); // undecided: the banner is counted
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("consentkit-bootstrap").contains("\"decided\":false");
        assertThat(guard.escaped).isEmpty();
        assertThat(log.severe()).isEmpty();
    }

    @Test
    void aLedgerThatCannotRecord_refusesToAcknowledgeTheDecision_andThePageIsUnaffected() throws Exception {
        failAppend = true;
        HttpResponse<String> decision = http.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE");
        assertThat(decision.statusCode()).isEqualTo(503);
        assertThat(decision.body()).contains("\"ledger-unavailable\"");
        assertThat(Http.cookieNames(decision)).doesNotContain("consentkit");
        HttpResponse<String> r = http.get(PAGE + "?cookies=addCookie:_mx_abc", "CF-IPCountry", "DE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.cookieNames(r)).doesNotContain("_mx_abc");
        assertThat(guard.escaped).isEmpty();
    }

    @Test
    void aSubjectResolverThatThrows_recordsTheDecisionWithoutASubject() throws Exception {
        HttpResponse<String> decision = http.postJson("/consent/state", "{\"action\":\"reject-all\",\"page\":\"" + PAGE + "\"}",
                "Origin", http.origin(), "CF-IPCountry", "DE", "X-Fail", "subject");
        assertThat(decision.statusCode()).isEqualTo(200);
        assertThat(Http.cookieNames(decision)).contains("consentkit");
        assertThat(log.containing("subject resolver failed")).hasSize(1);
        assertThat(log.severe()).isEmpty();
    }

    @Test
    void aNonceWhoseToStringThrows_insideTheRewriter_stillServesThePage_withScriptsNeutralised() throws Exception {
        HttpResponse<String> r = http.get(PAGE + "?nonce=throws", "CF-IPCountry", "DE");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Product launch — register now").contains("</html>");
        // the element policy still answers for the tags: the undecided visitor's analytics script does not run
        assertThat(r.body()).doesNotContain(ANALYTICS_SCRIPT).contains("data-src=\"/demo/vendor/analytics.js\"");
        assertThat(guard.escaped).isEmpty();
    }

    /** Two filters in a row, as one. */
    private record Chain(Filter first, Filter second) implements Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response, jakarta.servlet.FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            first.doFilter(request, response, (req, res) -> second.doFilter(req, res, chain));
        }
    }
}
