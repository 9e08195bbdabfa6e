package dev.consentkit.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escape_replacesEveryMarkupCharacter() {
        assertThat(Html.escape("<script>alert('x')</script> & \"q\" `b`"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; &#96;b&#96;");
    }

    @Test
    void escape_leavesPlainTextAlone_andNullBecomesEmpty() {
        assertThat(Html.escape("Acme Rocket Skates 2 – live")).isEqualTo("Acme Rocket Skates 2 – live");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void localPath_keepsPathsOfThisSite() {
        assertThat(Html.localPath("/webinars/product-launch/register?utm_source=x", "/"))
                .isEqualTo("/webinars/product-launch/register?utm_source=x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "", "relative",
            "/a\r\nSet-Cookie: x=1", "/a\\b"})
    void localPath_refusesAnythingThatCouldLeaveTheSite(String candidate) {
        assertThat(Html.localPath(candidate, "/fallback")).isEqualTo("/fallback");
    }

    @Test
    void pages_escapeValuesTheVisitorSent() {
        Pages pages = new Pages(WebinarCatalog.demo(java.time.Instant.now()), true);
        Pages.Context c = new Pages.Context("/login", "next=%22%3E", null, null, null, false);

        String html = pages.login(c, "\"><img src=x onerror=alert(1)>", "bad <b>", "/\"><script>");

        assertThat(html).doesNotContain("<img src=x", "<b>", "\"><script>")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "bad &lt;b&gt;");
    }
}
