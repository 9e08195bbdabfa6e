package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tags longer than the bound are passed on as they come; scripts and iframes fail closed. */
class OverlongTagTest {

    private static final int MAX = HeldTag.MAX_LENGTH;
    private static final String A = "https://analytics.example/a.js";
    private static final String NEUTRAL = "<script type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + "></script>";

    private static String rewrite(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard().grant("analytics", "marketing").injecting(""));
    }

    /** A start tag of exactly {@code length} characters. */
    private static String tag(String name, String attributes, int length) {
        String head = "<" + name + " " + attributes + " data-pad=\"";
        return head + "x".repeat(length - head.length() - 2) + "\">";
    }

    @Test
    void scriptTagAtTheBound_isRewrittenNormally() {
        String tag = tag("script", "src=" + A, MAX);
        assertThat(tag).hasSize(MAX);
        String out = HtmlRewriter.rewrite(tag + "</script>", TestPolicy.standard().injecting(""));
        assertThat(out).startsWith("<script type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + " data-pad=");
    }

    @Test
    void scriptTagOverTheBound_isNeutralisedBeforeItEnds_evenWhenGranted() {
        String tag = tag("script", "src=" + A, MAX + 1);
        String page = "<p>a</p>" + tag + "var x = '<p>';</script>" + "<script src=" + A + "></script>";
        String out = HtmlRewriter.rewrite(page, TestPolicy.standard().injecting(""));
        assertThat(out).isEqualTo("<p>a</p><script type=\"text/plain\" data-consent-overflow" + tag.substring(7)
                + "var x = '<p>';</script>" + NEUTRAL);
        assertThat(rewrite(page)).startsWith("<p>a</p><script type=\"text/plain\" data-consent-overflow ");
    }

    @Test
    void uppercaseScriptTagOverTheBound_keepsItsName() {
        String tag = tag("SCRIPT", "SRC=" + A, MAX + 100);
        assertThat(rewrite(tag)).isEqualTo("<SCRIPT type=\"text/plain\" data-consent-overflow" + tag.substring(7));
    }

    @Test
    void iframeTagOverTheBound_loadsNothing() {
        String tag = tag("iframe", "src=https://video.example/1", 3 * MAX);
        assertThat(rewrite(tag + "</iframe>"))
                .isEqualTo("<iframe src=\"about:blank\" srcdoc=\"\" data-consent-overflow" + tag.substring(7) + "</iframe>");
    }

    @Test
    void otherTagsOverTheBound_passThroughVerbatim() {
        String link = tag("link", "rel=preload href=" + A, MAX + 1);
        String div = tag("div", "class=a", 2 * MAX);
        assertThat(HtmlRewriter.rewrite(link + div, TestPolicy.standard().injecting(""))).isEqualTo(link + div);
    }

    @Test
    void scriptWithTooManyAttributes_failsClosed() {
        StringBuilder tag = new StringBuilder("<script");
        for (int i = 0; i < HeldTag.MAX_ATTRIBUTES + 10; i++) {
            tag.append(" a").append(i);
        }
        tag.append(" src=").append(A).append('>');
        assertThat(rewrite(tag.toString())).isEqualTo("<script type=\"text/plain\" data-consent-overflow" + tag.substring(7));
    }

    @Test
    void overflow_isTheSameWhateverTheChunks() throws IOException {
        String page = "<html><head>" + tag("script", "src=" + A, MAX + 5) + "x</script>"
                + tag("iframe", "data-consent=marketing", MAX) + "</iframe>"
                + tag("iframe", "data-consent=marketing", MAX + 1) + "</iframe>" + "<p>é</p>";
        String expected = HtmlRewriter.rewrite(page, TestPolicy.standard());
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard())) {
                for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(round < 20 ? 20_000 : 70_000));
                    out.write(bytes, at, n);
                    at += n;
                }
            }
            assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }
}
