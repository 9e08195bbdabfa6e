package dev.consentkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Tenant resolvers, init parameters and option validation. */
class ConfigurationParametersTest {

    private static HttpServletRequest request(String host, Object attribute) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getServerName()).thenReturn(host);
        when(r.getAttribute("organizer")).thenReturn(attribute);
        return r;
    }

    @Test
    void tenantResolvers_resolveFromWhatTheySay() {
        HttpServletRequest r = request("Acme.Example", "acme");
        assertThat(TenantResolver.single().resolve(r, "/x")).isNull();
        assertThat(TenantResolver.byRequestAttribute("organizer").resolve(r, "/x")).isEqualTo("acme");
        assertThat(TenantResolver.byRequestAttribute("organizer").resolve(request("h", null), "/x")).isNull();
        assertThat(TenantResolver.byHost(Map.of("acme.example", "acme")).resolve(r, "/x")).isEqualTo("acme");
        assertThat(TenantResolver.byHost(Map.of("acme.example", "acme")).resolve(request("other", null), "/x")).isNull();
        TenantResolver segment = TenantResolver.byPathSegment(1);
        assertThat(segment.resolve(r, "/o/acme/webinars/x")).isEqualTo("acme");
        assertThat(segment.resolve(r, "//o//acme/")).isEqualTo("acme");
        assertThat(segment.resolve(r, "/o")).isNull();
        assertThat(segment.resolve(r, null)).isNull();
        assertThatThrownBy(() -> TenantResolver.byPathSegment(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolverSpecs_parse() {
        HttpServletRequest r = request("globex.example", "acme");
        assertThat(FilterSettings.parseResolver("single").resolve(r, "/")).isNull();
        assertThat(FilterSettings.parseResolver("attribute:organizer").resolve(r, "/")).isEqualTo("acme");
        assertThat(FilterSettings.parseResolver("path:0").resolve(r, "/acme/x")).isEqualTo("acme");
        assertThat(FilterSettings.parseResolver("host:acme.example=acme, Globex.Example=globex").resolve(r, "/")).isEqualTo("globex");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "attribute:", "path:x", "host:", "host:a", "host:=b", "tenant"})
    void badResolverSpecs_areRejectedWithTheParameterName(String spec) {
        assertThatThrownBy(() -> FilterSettings.parseResolver(spec)).hasMessageContaining(FilterSettings.TENANT_RESOLVER);
    }

    @Test
    void options_validateTheirValues() {
        var b = ConsentOptions.builder(dev.consentkit.core.tenant.PolicyRepository.of(dev.consentkit.core.testing.TestPolicies.example()));
        assertThatThrownBy(() -> b.endpointPrefix("consent")).hasMessageContaining("endpoint prefix");
        assertThatThrownBy(() -> b.endpointPrefix("/consent/")).hasMessageContaining("endpoint prefix");
        assertThatThrownBy(() -> b.regionHeader("CF IPCountry")).hasMessageContaining("region header");
        assertThatThrownBy(() -> b.cookieName("__consent")).hasMessageContaining("cookie name");
        assertThatThrownBy(() -> b.cookieName("__Host-")).hasMessageContaining("cookie name");
        assertThatThrownBy(() -> b.cookieName("__Host-__x")).hasMessageContaining("cookie name");
        assertThatThrownBy(() -> b.cookieName("a;b")).hasMessageContaining("cookie name");
        assertThatThrownBy(() -> b.contentSecurityPolicy("script-src 'self'")).hasMessageContaining("{nonce}");
        assertThatThrownBy(() -> b.contentSecurityPolicy("script-src 'nonce-{nonce}'\r\nX-Evil: 1")).hasMessageContaining("line breaks");
        assertThatThrownBy(() -> b.allowOrigin("evil.example")).hasMessageContaining("origin");
        assertThatThrownBy(() -> b.maxBodyBytes(10)).hasMessageContaining("between 256");
        ConsentOptions o = b.endpointPrefix("/privacy/consent").cookieName("ck").build();
        assertThat(o.cookieName("default")).isEqualTo("ck");
        assertThat(o.cookieName("acme")).isEqualTo("ck_acme");
        assertThat(o.endpointPrefix()).isEqualTo("/privacy/consent");
    }

    @Test
    void basicAdminAccess_comparesCredentials() {
        ConsentOptions.AdminAccess access = ConsentOptions.AdminAccess.basic("admin", "correct horse");
        HttpServletRequest good = mock(HttpServletRequest.class);
        when(good.getHeader("Authorization")).thenReturn("Basic " + java.util.Base64.getEncoder().encodeToString("admin:correct horse".getBytes()));
        HttpServletRequest bad = mock(HttpServletRequest.class);
        when(bad.getHeader("Authorization")).thenReturn("Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()));
        HttpServletRequest garbage = mock(HttpServletRequest.class);
        when(garbage.getHeader("Authorization")).thenReturn("Basic %%%");
        assertThat(access.tenants(good)).containsExactly("*");
        assertThat(access.tenants(bad)).isEmpty();
        assertThat(access.tenants(garbage)).isEmpty();
        assertThat(access.tenants(mock(HttpServletRequest.class))).isEmpty();
        assertThat(access.challenge()).startsWith("Basic realm=");
        assertThatThrownBy(() -> ConsentOptions.AdminAccess.basic("admin", "short")).hasMessageContaining("at least 8");
    }

    @Test
    void aHostPrefixedCookieName_isAccepted_andTheCookieIsSecureOnTheRootPath() {
        var b = ConsentOptions.builder(dev.consentkit.core.tenant.PolicyRepository.of(dev.consentkit.core.testing.TestPolicies.example()));
        ConsentOptions o = b.cookieName("__Host-consentkit").build();
        assertThat(o.cookieName("acme")).isEqualTo("__Host-consentkit_acme");
        jakarta.servlet.http.HttpServletRequest plainHttpInAContext = org.mockito.Mockito.mock(jakarta.servlet.http.HttpServletRequest.class);
        org.mockito.Mockito.when(plainHttpInAContext.getContextPath()).thenReturn("/app");
        org.mockito.Mockito.when(plainHttpInAContext.isSecure()).thenReturn(false);
        assertThat(dev.consentkit.servlet.http.ConsentCookies.consentCookie("__Host-consentkit_acme", "t", java.time.Duration.ofDays(1),
                plainHttpInAContext)).isEqualTo("__Host-consentkit_acme=t; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax; Secure");
        assertThat(dev.consentkit.servlet.http.ConsentCookies.consentCookie("__Secure-ck", "t", java.time.Duration.ofDays(1),
                plainHttpInAContext)).isEqualTo("__Secure-ck=t; Path=/app; Max-Age=86400; HttpOnly; SameSite=Lax; Secure");
        assertThat(dev.consentkit.servlet.http.ConsentCookies.consentCookie("ck", "t", java.time.Duration.ofDays(1),
                plainHttpInAContext)).isEqualTo("ck=t; Path=/app; Max-Age=86400; HttpOnly; SameSite=Lax");
    }
}
