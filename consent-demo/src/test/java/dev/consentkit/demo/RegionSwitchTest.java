package dev.consentkit.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RegionSwitchTest {

    private final RegionSwitch filter = new RegionSwitch("CF-IPCountry");

    private HttpServletRequest passThrough(HttpServletRequest request) throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        FilterChain chain = (req, res) -> seen.set((HttpServletRequest) req);
        filter.doFilter(request, null, chain);
        return seen.get();
    }

    @Test
    void demoCookie_becomesTheRegionHeader() throws Exception {
        HttpServletRequest seen = passThrough(FakeRequests.get("/login", Map.of(), new Cookie("demo_region", "US")));

        assertThat(seen.getHeader("CF-IPCountry")).isEqualTo("US");
        assertThat(seen.getHeader("cf-ipcountry")).isEqualTo("US");
        assertThat(Collections.list(seen.getHeaders("CF-IPCountry"))).containsExactly("US");
        assertThat(Collections.list(seen.getHeaderNames())).contains("CF-IPCountry");
    }

    @Test
    void realRegionHeader_winsOverTheDemoCookie() throws Exception {
        HttpServletRequest seen = passThrough(FakeRequests.get("/login", Map.of("CF-IPCountry", "DE"), new Cookie("demo_region", "US")));

        assertThat(seen.getHeader("CF-IPCountry")).isEqualTo("DE");
        assertThat(seen.getAttribute(RegionSwitch.REAL_HEADER)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void noCookie_noHeader() throws Exception {
        HttpServletRequest seen = passThrough(FakeRequests.get("/login", Map.of()));

        assertThat(seen.getHeader("CF-IPCountry")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZ", "de-DE", "", "US;x", "<script>"})
    void cookieOutsideTheOfferedRegions_isIgnored(String value) throws Exception {
        HttpServletRequest seen = passThrough(FakeRequests.get("/", Map.of(), new Cookie("demo_region", value)));

        assertThat(seen.getHeader("CF-IPCountry")).isNull();
    }

    @Test
    void unknownChoice_isCloudflaresUnknownCode() throws Exception {
        HttpServletRequest seen = passThrough(FakeRequests.get("/", Map.of(), new Cookie("demo_region", "xx")));

        assertThat(seen.getHeader("CF-IPCountry")).isEqualTo("XX");
    }

    @Test
    void organizerFilter_setsTheTenantAttribute_exceptOnConsentKitsEndpoints() throws Exception {
        OrganizerFilter organizers = new OrganizerFilter(WebinarCatalog.demo(java.time.Instant.now()), "/consent");
        HttpServletRequest page = FakeRequests.get("/webinars/quarterly-briefing/register", Map.of());
        HttpServletRequest endpoint = FakeRequests.get("/consent/state", Map.of());

        organizers.doFilter(page, null, (req, res) -> { });
        organizers.doFilter(endpoint, null, (req, res) -> { });

        assertThat(page.getAttribute(OrganizerFilter.ATTRIBUTE)).isEqualTo("globex");
        assertThat(endpoint.getAttribute(OrganizerFilter.ATTRIBUTE)).isNull();
        var resolver = OrganizerFilter.resolver(WebinarCatalog.demo(java.time.Instant.now()));
        assertThat(resolver.resolve(page, "/webinars/quarterly-briefing/register")).isEqualTo("globex");
        assertThat(resolver.resolve(endpoint, "/organizers/acme")).as("an endpoint resolves the page it is about").isEqualTo("acme");
    }
}
