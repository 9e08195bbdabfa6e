package dev.consentkit.servlet;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.testing.FakeRequest;
import dev.consentkit.servlet.testing.FakeResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter driven directly, with a lambda as the application. */
class ConsentFilterTest {

    private static final Policy POLICY = TestPolicies.example();
    private final ConsentFilter filter = new ConsentFilter(ConsentOptions.builder(PolicyRepository.of(POLICY)).build());

    private FakeResponse run(FakeRequest request, FilterChain app) throws Exception {
        FakeResponse response = new FakeResponse();
        filter.doFilter(request, response, app);
        return response;
    }

    private static FakeRequest page() {
        return new FakeRequest("GET", "/webinars/launch/register").header("CF-IPCountry", "DE");
    }

    private static String token(Map<String, Boolean> choices) {
        return POLICY.tokens().encode(POLICY.newState(null, choices));
    }

    @Test
    void addCookie_ofRefusedCategory_isDropped() throws Exception {
        FakeResponse r = run(page(), (req, res) -> ((HttpServletResponse) res).addCookie(new Cookie("utm_attribution", "x")));
        assertThat(r.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void setCookieHeaders_withoutAName_areDropped() throws Exception {
        FakeResponse r = run(page().cookie("consentkit", token(Map.of("analytics", true))), (req, res) -> {
            ((HttpServletResponse) res).addHeader("Set-Cookie", "novalue");
            ((HttpServletResponse) res).addHeader("Set-Cookie", "=x");
            ((HttpServletResponse) res).addHeader("Set-Cookie", "_mx_a=1");
        });
        assertThat(r.headers("Set-Cookie")).containsExactly("_mx_a=1");
    }

    @Test
    void setHeaderSetCookie_replacesTheApplicationsCookies_butKeepsConsentKitsExpiries() throws Exception {
        FakeRequest request = page().cookie("consentkit", token(Map.of("analytics", true, "marketing", false)))
                .cookie("utm_attribution", "old");
        FakeResponse r = run(request, (req, res) -> {
            HttpServletResponse response = (HttpServletResponse) res;
            response.addHeader("Set-Cookie", "_mx_a=1");
            response.setHeader("Set-Cookie", "_mx_b=2");
        });
        assertThat(r.headers("Set-Cookie")).containsExactly("_mx_b=2",
                "utm_attribution=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
    }

    @Test
    void reset_clearsHeaders_butExpiriesComeBack() throws Exception {
        FakeRequest request = page().cookie("consentkit", token(Map.of("marketing", false))).cookie("utm_attribution", "old");
        FakeResponse r = run(request, (req, res) -> {
            res.setContentType("text/plain");
            res.reset();
        });
        assertThat(r.headers("Set-Cookie")).containsExactly("utm_attribution=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
        assertThat(r.getContentType()).isNull();
    }

    @Test
    void contentLength_ofANonHtmlBody_isPassedOnAtTheDecision() throws Exception {
        FakeResponse r = run(page(), (req, res) -> {
            res.setContentLength(5);
            res.setContentType("text/plain");
            res.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(r.getHeader("Content-Length")).isEqualTo("5");
        assertThat(r.bodyText()).isEqualTo("hello");
    }

    @Test
    void contentLength_ofARewrittenBody_isDropped_whicheverWayItIsSet() throws Exception {
        for (int way = 0; way < 4; way++) {
            int w = way;
            FakeResponse r = run(page(), (req, res) -> {
                HttpServletResponse response = (HttpServletResponse) res;
                switch (w) {
                    case 0 -> response.setContentLength(20);
                    case 1 -> response.setContentLengthLong(20);
                    case 2 -> response.setIntHeader("Content-Length", 20);
                    default -> response.setHeader("content-length", "20");
                }
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<html><head></head>");
            });
            assertThat(r.getHeader("Content-Length")).as("way %d", way).isNull();
            assertThat(r.bodyText()).as("way %d", way).contains("consentkit-bootstrap");
        }
    }

    @Test
    void emptyResponses_getTheirHeldLength() throws Exception {
        FakeResponse r = run(new FakeRequest("GET", "/other"), (req, res) -> res.setContentLength(0));
        assertThat(r.getHeader("Content-Length")).isEqualTo("0");
    }

    @Test
    void getWriterAfterGetOutputStream_isRefusedAsTheSpecSays() throws Exception {
        run(page(), (req, res) -> {
            res.getOutputStream();
            assertThatThrownBy(res::getWriter).isInstanceOf(IllegalStateException.class);
        });
        run(page(), (req, res) -> {
            res.getWriter();
            assertThatThrownBy(res::getOutputStream).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void aBrokenTenantConfiguration_failsClosed_andThePageIsStillServed() throws Exception {
        PolicyRepository broken = new PolicyRepository() {
            @Override
            public Policy policy(String tenant) {
                throw new ConfigurationException(List.of(new ConfigurationProblem("acme.json", "$", 1, 1, "broken")));
            }

            @Override
            public boolean hasTenant(String tenant) {
                return true;
            }

            @Override
            public Set<String> tenants() {
                return Set.of("acme");
            }

            @Override
            public void reload(String tenant) {
            }
        };
        ConsentFilter closed = new ConsentFilter(ConsentOptions.builder(broken).build());
        FakeResponse r = new FakeResponse();
        closed.doFilter(page(), r, (req, res) -> {
            HttpServletResponse response = (HttpServletResponse) res;
            response.addCookie(new Cookie("_mx_a", "1"));
            response.addCookie(new Cookie("JSESSIONID", "s"));
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<html><head></head><body>still served</body></html>");
        });
        assertThat(r.headers("Set-Cookie")).containsExactly("JSESSIONID=s");
        assertThat(r.bodyText()).contains("still served");
    }

    @Test
    void endpointRequests_neverReachTheApplication() throws Exception {
        FakeResponse r = run(new FakeRequest("GET", "/consent/state"), (req, res) -> {
            throw new AssertionError("the application must not see ConsentKit's endpoints");
        });
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.bodyText()).contains("\"decided\":false");
    }

    @Test
    void aRequestFilteredTwice_isOnlyWrappedOnce() throws Exception {
        FakeRequest request = page();
        FakeResponse r = new FakeResponse();
        filter.doFilter(request, r, (req, res) -> filter.doFilter(req, res, (req2, res2) -> {
            res2.setContentType("text/html;charset=UTF-8");
            res2.getWriter().write("<html><head></head></html>");
        }));
        assertThat(r.bodyText().split("consentkit-bootstrap", -1)).hasSize(2);
    }
}
