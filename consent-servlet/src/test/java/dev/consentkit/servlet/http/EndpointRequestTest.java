package dev.consentkit.servlet.http;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EndpointRequestTest {

    private static HttpServletRequest request(String scheme, String host, int port, Map<String, String> headers) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getScheme()).thenReturn(scheme);
        when(r.getServerName()).thenReturn(host);
        when(r.getServerPort()).thenReturn(port);
        when(r.getContextPath()).thenReturn("");
        headers.forEach((k, v) -> when(r.getHeader(k)).thenReturn(v));
        return r;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/webinars/x/register, /webinars/x/register",
            "/webinars/x/register?utm_source=mail, /webinars/x/register",
            "/webinars/x/register#top, /webinars/x/register",
            "/caf%C3%A9, /café",
            "/a/./b/../c, /a/c",
            "/../../etc, /etc",
            "/, /",
    })
    void decodePath_cleansPaths(String page, String expected) {
        assertThat(EndpointRequest.decodePath(page)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "//evil.example/x", "https://evil.example/", "/%zz", "/%4", "/a%00b", "/a\\b", "/%C3", "/\u0001"})
    void decodePath_refusesWhatIsNotACleanPath(String page) {
        assertThatThrownBy(() -> EndpointRequest.decodePath(page)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"page\"");
    }

    @Test
    void decodePath_refusesOverlongPaths() {
        assertThatThrownBy(() -> EndpointRequest.decodePath("/" + "a".repeat(2048))).hasMessageContaining("at most 2048");
    }

    @Test
    void origin_leavesDefaultPortsOut() {
        assertThat(EndpointRequest.origin(request("https", "Example.org", 443, Map.of()))).isEqualTo("https://example.org");
        assertThat(EndpointRequest.origin(request("http", "example.org", 8080, Map.of()))).isEqualTo("http://example.org:8080");
        assertThat(EndpointRequest.origin(request("http", "::1", 8080, Map.of()))).isEqualTo("http://[::1]:8080");
    }

    @Test
    void sameOrigin_decidesByOriginThenFetchSiteThenReferer() {
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Origin", "https://example.org")), Set.of())).isTrue();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Origin", "HTTPS://EXAMPLE.ORG")), Set.of())).isTrue();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Origin", "http://example.org")), Set.of())).isFalse();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Origin", "https://example.org.evil.com")), Set.of())).isFalse();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Origin", "https://app.example.org")),
                Set.of("https://app.example.org"))).isTrue();
        // Origin wins over a same-origin Sec-Fetch-Site
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443,
                Map.of("Origin", "https://evil.com", "Sec-Fetch-Site", "same-origin")), Set.of())).isFalse();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Sec-Fetch-Site", "same-site")), Set.of())).isFalse();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Referer", "https://example.org/x")), Set.of())).isTrue();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of("Referer", "not a url")), Set.of())).isFalse();
        assertThat(EndpointRequest.sameOrigin(request("https", "example.org", 443, Map.of()), Set.of())).isFalse();
    }

    @Test
    void pagePath_fallsBackToASameOriginReferer_thenToRoot() {
        HttpServletRequest withReferer = request("https", "example.org", 443, Map.of("Referer", "https://example.org/login?x=1"));
        assertThat(EndpointRequest.pagePath(withReferer, null)).isEqualTo("/login");
        HttpServletRequest foreign = request("https", "example.org", 443, Map.of("Referer", "https://evil.com/login"));
        assertThat(EndpointRequest.pagePath(foreign, null)).isEqualTo("/");
    }

    @Test
    void pagePath_stripsTheContextPath() {
        HttpServletRequest r = request("https", "example.org", 443, Map.of());
        when(r.getContextPath()).thenReturn("/app");
        assertThat(EndpointRequest.pagePath(r, "/app/webinars/x/register")).isEqualTo("/webinars/x/register");
        assertThat(EndpointRequest.pagePath(r, "/app")).isEqualTo("/");
        assertThat(EndpointRequest.pagePath(r, "/application")).isEqualTo("/application");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "application/json | true",
            "application/json;charset=UTF-8 | true",
            "application/json; charset=\"utf-8\" | true",
            "Application/JSON | true",
            "application/json;charset=ISO-8859-1 | false",
            "application/json;charset=\" | false",
            "application/json;charset= | false",
            "text/plain | false",
            "application/jsonp | false",
            "NULL | false",
    })
    void isJson(String contentType, boolean expected) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getHeader("Content-Type")).thenReturn(contentType);
        // Jetty throws here for a malformed charset: the check must not ask
        when(r.getContentType()).thenThrow(new java.nio.charset.IllegalCharsetNameException("\""));
        when(r.getCharacterEncoding()).thenThrow(new java.nio.charset.IllegalCharsetNameException("\""));
        assertThat(EndpointRequest.isJson(r)).isEqualTo(expected);
    }

    private static HttpServletRequest query(String queryString) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getQueryString()).thenReturn(queryString);
        // a container parsing a malformed form body throws; the endpoints must never ask it to
        when(r.getParameter(org.mockito.ArgumentMatchers.anyString())).thenThrow(new IllegalStateException("form body parsed"));
        return r;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "page=%2Fwebinars%2Fx%2Fregister, /webinars/x/register",
            "lang=de&page=/a+b&page=/second, /a b",
            "pag=1&xpage=2&page=/c, /c",
            "page, ''",
            "page=, ''",
            "%ZZ=1&page=/d, /d",
            "NULL, NULL",
            "other=1, NULL",
    })
    void queryParameter_readsOnlyTheQueryString(String queryString, String expected) {
        assertThat(EndpointRequest.queryParameter(query(queryString), "page")).isEqualTo(expected);
    }

    @Test
    void queryParameter_withMalformedEncoding_isABadRequest() {
        assertThatThrownBy(() -> EndpointRequest.queryParameter(query("page=%E0%A4%A"), "page"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"page\"");
    }
}
