package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadInjectionTest {

    private static final String I = TestPolicy.BOOTSTRAP;

    private static String rewrite(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard());
    }

    @Test
    void headStartTag_getsTheBootstrapRightAfterIt() {
        assertThat(rewrite("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>T</title></head><body>x</body></html>"))
                .isEqualTo("<!DOCTYPE html><html lang=en><head>" + I + "<meta charset=utf-8><title>T</title></head><body>x</body></html>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<HEAD>|<HEAD>",
        "<Head profile=\"a>b\">|<Head profile=\"a>b\">",
        "`<head\n\tdata-x='1'\f>`|`<head\n\tdata-x='1'\f>`",
        "<head/>|<head/>",
    })
    void headStartTag_inAnySpelling_isFound(String head, String expectedHead) {
        assertThat(rewrite("<html>" + head + "<title>T</title>")).isEqualTo("<html>" + expectedHead + I + "<title>T</title>");
    }

    @Test
    void withoutHead_goesBeforeBody() {
        assertThat(rewrite("<html><body class=a><p>x")).isEqualTo("<html>" + I + "<body class=a><p>x");
    }

    @Test
    void bodyInAFragment_stillGetsIt() {
        assertThat(rewrite("<p>intro</p><body><p>x")).isEqualTo("<p>intro</p>" + I + "<body><p>x");
    }

    @Test
    void withoutHeadOrBody_goesBeforeTheFirstHeadElement_onceAnHtmlTagWasSeen() {
        assertThat(rewrite("<html><meta charset=utf-8><title>T</title>"))
                .isEqualTo("<html>" + I + "<meta charset=utf-8><title>T</title>");
        assertThat(rewrite("<html><p>a</p><link rel=stylesheet href=a.css>"))
                .isEqualTo("<html><p>a</p>" + I + "<link rel=stylesheet href=a.css>");
    }

    @ParameterizedTest
    @CsvSource({"script", "iframe", "link", "style", "meta", "SCRIPT"})
    void withoutHeadOrBody_goesBeforeTheFirstOf(String tag) {
        assertThat(rewrite("<!doctype html>\n<" + tag + " id=x>"))
                .isEqualTo("<!doctype html>\n" + I + "<" + tag + " id=x>");
    }

    @Test
    void fragment_getsNothing() {
        TestPolicy policy = TestPolicy.standard();
        String fragment = "<div><script>var a=1</script><style>p{}</style><meta name=x><link rel=x></div>";
        assertThat(HtmlRewriter.rewrite(fragment, policy)).isEqualTo(fragment);
        assertThat(policy.injections).isZero();
    }

    @Test
    void headerElement_isNotHead() {
        assertThat(rewrite("<html><header>h</header><body>"))
                .isEqualTo("<html><header>h</header>" + I + "<body>");
    }

    @Test
    void insertsAtMostOnce_andAsksOnce() {
        TestPolicy policy = TestPolicy.standard();
        String out = HtmlRewriter.rewrite("<html><head></head><head><body><script></script>", policy);
        assertThat(out).isEqualTo("<html><head>" + I + "</head><head><body><script></script>");
        assertThat(policy.injections).isEqualTo(1);
    }

    @Test
    void neverInsideComments() {
        assertThat(rewrite("<html><!-- <head> <body> --><head>"))
                .isEqualTo("<html><!-- <head> <body> --><head>" + I);
    }

    @Test
    void neverInsideRawTextOrRcdata() {
        assertThat(rewrite("<html><title><head></title><style><body></style><textarea><head></textarea><head>"))
                .isEqualTo("<html>" + I + "<title><head></title><style><body></style><textarea><head></textarea><head>");
        assertThat(rewrite("<script>document.write('<head><body>')</script><head>"))
                .isEqualTo("<script>document.write('<head><body>')</script><head>" + I);
    }

    @Test
    void neverInsideNoscriptOrTemplate() {
        assertThat(rewrite("<html><noscript><link rel=stylesheet href=a.css></noscript><style>a{}</style>"))
                .isEqualTo("<html><noscript><link rel=stylesheet href=a.css></noscript>" + I + "<style>a{}</style>");
        assertThat(rewrite("<html><template><meta name=a></template><body>"))
                .isEqualTo("<html><template><meta name=a></template>" + I + "<body>");
    }

    @Test
    void neverInsideSvg() {
        assertThat(rewrite("<!doctype html><svg><title>t</title><style>a{}</style></svg><body>"))
                .isEqualTo("<!doctype html><svg><title>t</title><style>a{}</style></svg>" + I + "<body>");
    }

    @Test
    void doctypeInsideAComment_doesNotMakeADocument() {
        String page = "<!-- <!doctype html> --><meta charset=utf-8>";
        assertThat(rewrite(page)).isEqualTo(page);
    }

    @Test
    void nullOrEmptyInjection_insertsNothing() {
        assertThat(HtmlRewriter.rewrite("<head><title>", TestPolicy.standard().injecting(null))).isEqualTo("<head><title>");
        assertThat(HtmlRewriter.rewrite("<head><title>", TestPolicy.standard().injecting(""))).isEqualTo("<head><title>");
    }

    @Test
    void injectionBeforeARewrittenScript_comesBeforeIt() {
        assertThat(rewrite("<html><script src=\"https://analytics.example/a.js\"></script>"))
                .isEqualTo("<html>" + I + "<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"https://analytics.example/a.js\"></script>");
    }
}
