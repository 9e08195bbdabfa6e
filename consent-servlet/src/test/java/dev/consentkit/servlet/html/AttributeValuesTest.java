package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a&amp;b|a&b",
        "a&AMP;b|a&b",
        "x&lt|x<",
        "&quot;&apos;&gt;|\"'>",
        "?a=1&lt=2|?a=1&lt=2",
        "?a=1&ltx|?a=1&ltx",
        "&amp|&",
        "&ampx;|&ampx;",
        "&#x2F;&#X2f;&#47;&#47|////",
        "&#x3a&#58;|::",
        "&sol;&colon;&period;&lowbar;&num;|/:._#",
        "&#128;&#x9F;|\u20AC\u0178",
        "&#0;&#x110000;&#xD800;&#99999999999999999;|\uFFFD\uFFFD\uFFFD\uFFFD",
        "&#x1F600;|\uD83D\uDE00",
        "&#;&#x;&#xg;|&#;&#x;&#xg;",
        "&unknown;&|&unknown;&",
        "&&amp;&|&&&",
        "&nbsp;&nbsp|\u00A0\u00A0",
        "&#٣;|&#٣;",
    })
    void decode_asTheTokenizerDoesInAttributes(String raw, String decoded) {
        assertThat(AttributeValues.decode(raw)).isEqualTo(decoded);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://a.example/x|https://a.example/x",
        "' \u0001https://a.example/x\u0000 '|https://a.example/x",
        "'https://a.\texample/\nx\r'|https://a.example/x",
        "'https://a.example/x y'|https://a.example/x y",
    })
    void url_isCleanedLikeTheUrlParserCleansIt(String decoded, String cleaned) {
        assertThat(AttributeValues.url(decoded)).isEqualTo(cleaned);
    }
}
