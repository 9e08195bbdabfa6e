package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EscapingTest {

    @Test
    void html_escapesEveryCharacterThatCanLeaveTextOrAnAttribute() {
        assertThat(Html.escape("<script>alert(\"x\")</script> & 'y' `z`"))
                .isEqualTo("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;");
        assertThat(Html.escape("plain")).isSameAs("plain");
        assertThat(Html.escape(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/privacy | /privacy",
            "https://acme.example/privacy?a=1&b=2 | https://acme.example/privacy?a=1&amp;b=2",
            "javascript:alert(1) | #",
            " JavaScript:alert(1) | #",
            "//evil.example/x | #",
            "data:text/html,x | #",
            "/x\"onmouseover=\"y | /x&quot;onmouseover=&quot;y",
    })
    void safeUrl_onlyLetsPathsAndHttpThrough(String url, String expected) {
        assertThat(Html.safeUrl(url)).isEqualTo(expected);
    }

    @Test
    void htmlSafeJson_cannotCloseAScriptElement_andStillParses() throws Exception {
        String hostile = "</script><script>alert(1)</script>&<!-- \u2028\u2029 'x'";
        String json = Json.htmlSafe(g -> {
            g.writeStartObject();
            g.writeStringField("text", hostile);
            g.writeEndObject();
        });
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("'")
                .doesNotContain("\u2028").doesNotContain("\u2029");
        assertThat(new ObjectMapper().readTree(json).get("text").asText()).isEqualTo(hostile);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "gzip | true", "gzip, deflate, br | true", "br;q=1.0, gzip;q=0.8 | true", "GZIP | true",
            "gzip;q=0 | false", "gzip;q=0.000 | false", "identity | false", "NULL | false", "x-gzip | false",
    })
    void acceptsGzip(String header, boolean expected) {
        assertThat(RuntimeAssets.acceptsGzip(header)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "DE | DE", "de | DE", " fr  | FR", "XX | NULL", "xx | NULL", "T1 | NULL", "DEU | NULL", "D | NULL",
            "NULL | NULL", "'' | NULL", "1A | NULL", "Ü1 | NULL", "ÄÖ | NULL",
    })
    void regionHeader_isACountryCodeOrNothing(String header, String expected) {
        assertThat(VisitorResolver.region(header)).isEqualTo(expected);
    }
}
