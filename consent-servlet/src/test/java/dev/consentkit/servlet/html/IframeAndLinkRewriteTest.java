package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IframeAndLinkRewriteTest {

    private static final String V = "https://video.example/embed/1";
    private static final String A = "https://analytics.example/a.js";

    private static String refused(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard());
    }

    private static String granted(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard().grant("analytics", "marketing"));
    }

    @Test
    void iframeOfRefusedCategory_isNeutralised_keepingOtherAttributes() {
        assertThat(refused("<iframe width=560 src=\"" + V + "\" allowfullscreen></iframe>"))
                .isEqualTo("<iframe data-consent=\"marketing\" width=560 data-src=\"" + V + "\" allowfullscreen></iframe>");
    }

    @Test
    void iframeOfGrantedCategory_isUntouched() {
        String page = "<iframe src=\"" + V + "\"></iframe>";
        assertThat(granted(page)).isEqualTo(page);
    }

    @Test
    void iframeSourceIsAskedAboutAsAnIframe() {
        TestPolicy policy = TestPolicy.standard();
        HtmlRewriter.rewrite("<iframe src=\"" + V + "\"></iframe><iframe src=\"" + A + "\"></iframe>", policy);
        assertThat(policy.sourcesAsked).containsExactly("iframe " + V, "iframe " + A);
    }

    @Test
    void undeclaredIframe_isUntouched() {
        String page = "<iframe src=\"/embedded/agenda\"></iframe>";
        assertThat(refused(page)).isEqualTo(page);
    }

    @Test
    void organizerMarkup_isActivatedWhenGranted_andUntouchedOtherwise() {
        String page = "<iframe data-consent=\"marketing\" data-src=\"" + V + "\"></iframe>";
        assertThat(granted(page)).isEqualTo("<iframe data-consent=\"marketing\" src=\"" + V + "\"></iframe>");
        assertThat(refused(page)).isEqualTo(page);
    }

    @Test
    void activation_replacesAPlaceholderSrc() {
        assertThat(granted("<iframe src=\"about:blank\" data-consent=marketing data-src=\"" + V + "\">"))
                .isEqualTo("<iframe data-consent=marketing src=\"" + V + "\">");
        assertThat(granted("<iframe data-consent=marketing data-src=\"" + V + "\" src=\"about:blank\">"))
                .isEqualTo("<iframe data-consent=marketing src=\"" + V + "\">");
    }

    @Test
    void srcdoc_isNeutralisedToo() {
        String page = "<iframe data-consent=marketing srcdoc=\"<script>x()</script>\" SRC=\"" + V + "\"></iframe>";
        String neutral = refused(page);
        assertThat(neutral).isEqualTo("<iframe data-consent=marketing data-srcdoc=\"<script>x()</script>\" data-SRC=\"" + V + "\"></iframe>");
        assertThat(granted(neutral)).isEqualTo(page);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<iframe data-consent=\"marketing\" src=\"https://video.example/embed/1\" loading=lazy></iframe>",
        "<IFRAME DATA-CONSENT=marketing SRC=https://video.example/embed/1>",
        "<iframe\fdata-consent='marketing'\nsrc='https://video.example/embed/1'/>",
    })
    void neutraliseThenActivate_givesBackTheOriginal(String original) {
        String neutral = refused(original);
        assertThat(neutral).isNotEqualTo(original).doesNotContainIgnoringCase(" src=");
        assertThat(granted(neutral)).isEqualTo(original);
        assertThat(refused(neutral)).isEqualTo(neutral);
    }

    @Test
    void iframeContent_isRawText() {
        String page = "<iframe src=/x><script src=\"" + A + "\"></script></iframe><script src=\"" + A + "\"></script>";
        assertThat(refused(page)).isEqualTo("<iframe src=/x><script src=\"" + A + "\"></script></iframe>"
                + "<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + A + "\"></script>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"preload", "modulepreload", "prefetch", "PRELOAD", "stylesheet preload", " prefetch\t"})
    void preloadOfRefusedScript_movesHrefToDataHref(String rel) {
        assertThat(refused("<link rel=\"" + rel + "\" as=script href=\"" + A + "\">"))
                .isEqualTo("<link rel=\"" + rel + "\" as=script data-href=\"" + A + "\">");
    }

    @Test
    void preloadOfGrantedOrUndeclaredScript_isUntouched() {
        String page = "<link rel=preload as=script href=\"" + A + "\"><link rel=preload as=script href=/app.js>";
        assertThat(granted(page)).isEqualTo(page);
        assertThat(refused("<link rel=preload as=script href=/app.js>")).isEqualTo("<link rel=preload as=script href=/app.js>");
    }

    @Test
    void otherLinks_areUntouched_andNotAskedAbout() {
        TestPolicy policy = TestPolicy.standard();
        String page = "<link rel=stylesheet href=\"" + A + "\"><link rel=preconnect href=https://analytics.example><link href=\"" + A + "\">";
        assertThat(HtmlRewriter.rewrite(page, policy)).isEqualTo(page);
        assertThat(policy.sourcesAsked).isEmpty();
    }

    @Test
    void preload_isAskedAboutAsAScript() {
        TestPolicy policy = TestPolicy.standard();
        HtmlRewriter.rewrite("<link rel=modulepreload href=\"" + A + "\">", policy);
        assertThat(policy.sourcesAsked).containsExactly("script " + A);
    }

    @Test
    void neutralPreload_isRestoredWhenGranted() {
        String original = "<link rel=preload as=script HREF=\"" + A + "\" crossorigin>";
        String neutral = refused(original);
        assertThat(neutral).isEqualTo("<link rel=preload as=script data-HREF=\"" + A + "\" crossorigin>");
        assertThat(granted(neutral)).isEqualTo(original);
        assertThat(refused(neutral)).isEqualTo(neutral);
    }

    @Test
    void duplicatedHref_isClassifiedByTheFirst_andRenamedEverywhere() {
        assertThat(refused("<link rel=preload href=/app.js href=\"" + A + "\">"))
                .isEqualTo("<link rel=preload href=/app.js href=\"" + A + "\">");
        assertThat(refused("<link rel=preload href=\"" + A + "\" href=/app.js>"))
                .isEqualTo("<link rel=preload data-href=\"" + A + "\" data-href=/app.js>");
    }
}
