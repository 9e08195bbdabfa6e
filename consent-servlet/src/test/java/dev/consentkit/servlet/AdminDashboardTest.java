package dev.consentkit.servlet;

import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.ledger.ConsentAction;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.DecisionMethod;
import dev.consentkit.core.ledger.InMemoryConsentLedger;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.http.UndeclaredNames;
import dev.consentkit.servlet.testing.FakeRequest;
import dev.consentkit.servlet.testing.FakeResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin dashboard under /consent/admin, driven through the filter. */
class AdminDashboardTest {

    private static final String PASSWORD = "operator-password";
    private static final Map<String, Policy> POLICIES = new LinkedHashMap<>();

    static {
        for (String tenant : List.of(Policy.DEFAULT_TENANT, "acme", "globex")) {
            POLICIES.put(tenant, TestPolicies.loader(Clock.systemUTC()).load(tenant,
                    List.of(ConfigurationSource.of("consentkit.json", TestPolicies.exampleJson()))));
        }
    }

    private static final PolicyRepository REPOSITORY = new PolicyRepository() {
        @Override
        public Policy policy(String tenant) {
            return POLICIES.getOrDefault(tenant == null ? Policy.DEFAULT_TENANT : tenant, POLICIES.get(Policy.DEFAULT_TENANT));
        }

        @Override
        public boolean hasTenant(String tenant) {
            return POLICIES.containsKey(tenant);
        }

        @Override
        public Set<String> tenants() {
            return POLICIES.keySet();
        }

        @Override
        public void reload(String tenant) {
        }
    };

    private final InMemoryConsentLedger ledger = new InMemoryConsentLedger();

    private ConsentFilter filter(ConsentOptions.AdminAccess access) {
        return new ConsentFilter(ConsentOptions.builder(REPOSITORY).ledger(ledger).adminAccess(access).build());
    }

    private static FakeResponse run(ConsentFilter filter, FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("the dashboard never reaches the application");
        });
        return response;
    }

    private static FakeRequest operator(String method, String path) {
        return new FakeRequest(method, path).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static ConsentRecord record(String tenant, DecisionMethod method, String subject) {
        return new ConsentRecord(UUID.randomUUID(), tenant, UUID.randomUUID(), null, ConsentAction.GRANT, method,
                Map.of("necessary", true, "analytics", method != DecisionMethod.REJECT_ALL, "marketing", method == DecisionMethod.ACCEPT_ALL),
                1, "registration", Regime.OPT_IN, "DE", false, "en", "0".repeat(64), Instant.now(), subject);
    }

    @Test
    void withoutCredentials_answers401_withTheChallenge() throws Exception {
        FakeResponse r = run(filter(ConsentOptions.AdminAccess.basic("admin", PASSWORD)), new FakeRequest("GET", "/consent/admin"));

        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(r.bodyText()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void anOrganizer_seesOnlyItsOwnTenants() throws Exception {
        ConsentFilter filter = filter(request -> Set.of("acme"));

        FakeResponse own = run(filter, new FakeRequest("GET", "/consent/admin").parameter("tenant", "acme"));
        FakeResponse other = run(filter, new FakeRequest("GET", "/consent/admin").parameter("tenant", "globex"));
        FakeResponse otherExport = run(filter, new FakeRequest("GET", "/consent/admin/records.jsonl").parameter("tenant", "globex"));

        assertThat(own.getStatus()).isEqualTo(200);
        assertThat(own.bodyText()).doesNotContain("value=\"globex\"");
        assertThat(other.getStatus()).isEqualTo(403);
        assertThat(otherExport.getStatus()).isEqualTo(403);
    }

    @Test
    void exports_areScopedToTheTenant_andTheOperatorGetsEveryTenant() throws Exception {
        ledger.append(record("acme", DecisionMethod.ACCEPT_ALL, "attendee-1"));
        ledger.append(record("globex", DecisionMethod.REJECT_ALL, null));
        ConsentFilter filter = filter(ConsentOptions.AdminAccess.basic("admin", PASSWORD));

        String acme = run(filter, operator("GET", "/consent/admin/records.jsonl").parameter("tenant", "acme")).bodyText();
        String all = run(filter, operator("GET", "/consent/admin/records.jsonl")).bodyText();
        FakeResponse csv = run(filter, operator("GET", "/consent/admin/records.csv").parameter("tenant", "acme").parameter("subject", "attendee-1"));

        assertThat(acme.lines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"tenant\":\"acme\""));
        assertThat(all.lines()).hasSize(2);
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment; filename=\"consent-records-acme-");
        assertThat(csv.bodyText().lines()).hasSize(2);
    }

    @Test
    void dashboard_hasAStrictCsp_noScript_andChartsOfTheLedger() throws Exception {
        ledger.append(record("acme", DecisionMethod.ACCEPT_ALL, null));
        ledger.append(record("acme", DecisionMethod.CUSTOM, null));
        ledger.append(record("acme", DecisionMethod.REJECT_ALL, null));

        FakeResponse r = run(filter(ConsentOptions.AdminAccess.basic("admin", PASSWORD)), operator("GET", "/consent/admin").parameter("tenant", "acme"));

        String csp = r.getHeader("Content-Security-Policy");
        Matcher nonce = Pattern.compile("style-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
        assertThat(nonce.find()).isTrue();
        assertThat(csp).startsWith("default-src 'none'").contains("frame-ancestors 'none'", "form-action 'self'");
        assertThat(r.bodyText()).contains("<style nonce=\"" + nonce.group(1) + "\">").doesNotContain("<script", " style=\"");
        assertThat(r.bodyText()).contains("<svg class=\"chart\"", "<dt>Decisions</dt><dd>3</dd>", "<dt>Accept all</dt><dd>33%</dd>",
                "<p class=\"ok\"><strong>Intact.</strong> 3 records checked");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void undeclaredNames_areEscaped_andComeWithASnippet() throws Exception {
        ConsentFilter filter = filter(ConsentOptions.AdminAccess.basic("admin", PASSWORD));
        UndeclaredNames names = filter.undeclaredNames();
        names.record("acme", DeclarationKind.COOKIE, "<img src=x onerror=alert(1)>", UndeclaredNames.Source.BROWSER, "/p\"><b>");

        String page = run(filter, operator("GET", "/consent/admin").parameter("tenant", "acme")
                .parameter("declare", "cookie").parameter("name", "<img src=x onerror=alert(1)>").parameter("category", "analytics")).bodyText();

        assertThat(page).doesNotContain("<img src=x", "<b>")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "&quot;kind&quot;: &quot;cookie&quot;",
                        "Declare <code>&lt;img src=x onerror=alert(1)&gt;</code> as analytics", "<strong>acme.json</strong>");
    }

    @Test
    void forms_needTheSameOriginAndTheToken() throws Exception {
        ConsentFilter filter = filter(ConsentOptions.AdminAccess.basic("admin", PASSWORD));
        filter.undeclaredNames().record("acme", DeclarationKind.LOCAL_STORAGE, "promo_seen", UndeclaredNames.Source.BROWSER, "/");
        String page = run(filter, operator("GET", "/consent/admin").parameter("tenant", "acme")).bodyText();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        String token = m.group(1);

        FakeResponse forged = run(filter, operator("POST", "/consent/admin/undeclared/dismiss").header("Origin", "https://evil.example")
                .parameter("csrf", token).parameter("tenant", "acme").parameter("kind", "localStorage").parameter("name", "promo_seen"));
        FakeResponse noToken = run(filter, operator("POST", "/consent/admin/undeclared/dismiss").header("Origin", "http://localhost:8080")
                .parameter("tenant", "acme").parameter("kind", "localStorage").parameter("name", "promo_seen"));
        assertThat(filter.undeclaredNames().sightings("acme")).hasSize(1);
        FakeResponse ok = run(filter, operator("POST", "/consent/admin/undeclared/dismiss").header("Origin", "http://localhost:8080")
                .parameter("csrf", token).parameter("tenant", "acme").parameter("kind", "localStorage").parameter("name", "promo_seen"));

        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(noToken.getStatus()).isEqualTo(403);
        assertThat(ok.getStatus()).isEqualTo(303);
        assertThat(ok.getHeader("Location")).isEqualTo("/consent/admin?tenant=acme&done=dismissed#undeclared");
        assertThat(filter.undeclaredNames().sightings("acme")).isEmpty();
    }

    @Test
    void withoutAdminAccess_thereIsNoDashboard() throws Exception {
        ConsentFilter filter = new ConsentFilter(ConsentOptions.builder(REPOSITORY).build());

        assertThat(run(filter, operator("GET", "/consent/admin")).getStatus()).isEqualTo(404);
    }
}
