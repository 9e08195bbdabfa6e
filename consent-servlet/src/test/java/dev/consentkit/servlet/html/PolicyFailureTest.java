package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An exception from the policy counts as "not granted" for that tag and never corrupts output. */
class PolicyFailureTest {

    private static final String A = "https://analytics.example/a.js";
    private static final String PAGE = "<html><head><title>T</title>"
            + "<link rel=preload as=script href=" + A + ">"
            + "<script src=" + A + " async></script>"
            + "<script data-consent=marketing>x()</script>"
            + "</head><body><iframe src=https://video.example/1></iframe><p>text</p></body></html>";

    @Test
    void classificationThatThrows_neutralisesTheTag_withoutNamingACategory() {
        TestPolicy policy = new TestPolicy() {
            @Override
            public String categoryOf(String element, String src) {
                throw new IllegalStateException("boom");
            }
        }.grant("analytics", "marketing");
        assertThat(HtmlRewriter.rewrite(PAGE, policy)).isEqualTo("<html><head>" + TestPolicy.BOOTSTRAP + "<title>T</title>"
                + "<link rel=preload as=script data-href=" + A + ">"
                + "<script type=\"text/plain\" data-src=" + A + " async></script>"
                + "<script data-consent=marketing>x()</script>"
                + "</head><body><iframe data-src=https://video.example/1></iframe><p>text</p></body></html>");
    }

    @Test
    void grantThatThrows_isNotGranted() {
        TestPolicy policy = new TestPolicy() {
            @Override
            public boolean isGranted(String categoryId) {
                throw new IllegalArgumentException(categoryId);
            }
        }.script("https://analytics.example/", "analytics").iframe("https://video.example/", "marketing");
        assertThat(HtmlRewriter.rewrite(PAGE, policy)).isEqualTo("<html><head>" + TestPolicy.BOOTSTRAP + "<title>T</title>"
                + "<link rel=preload as=script data-href=" + A + ">"
                + "<script type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + " async></script>"
                + "<script type=\"text/plain\" data-consent=marketing>x()</script>"
                + "</head><body><iframe data-consent=\"marketing\" data-src=https://video.example/1></iframe><p>text</p></body></html>");
    }

    @Test
    void injectionThatThrows_insertsNothing_andIsNotRetried() {
        int[] calls = {0};
        TestPolicy policy = new TestPolicy() {
            @Override
            public String headInjection() {
                calls[0]++;
                throw new IllegalStateException("no bootstrap");
            }
        }.grant("analytics", "marketing");
        String page = "<html><head><title>T</title></head><head><body><script src=x></script>";
        assertThat(HtmlRewriter.rewrite(page, policy)).isEqualTo(page);
        assertThat(calls[0]).isEqualTo(1);
    }
}
