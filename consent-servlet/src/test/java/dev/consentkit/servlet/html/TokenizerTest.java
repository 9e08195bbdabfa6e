package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Markup that only looks like a script tag stays as it is, and markup that is one is found. */
class TokenizerTest {

    private static final String A = "https://analytics.example/a.js";
    private static final String TAG = "<script src=\"" + A + "\"></script>";
    private static final String NEUTRAL = "<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + A + "\"></script>";

    private static String rewrite(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard().injecting(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!-- %s -->",
        "<!--%s-->",
        "<!-- a -- > %s -->",
        "<!-- a --!- %s -->",
        "<!-- <!-- %s -->",
        "<!DOCTYPE html SYSTEM \"x\" %s",
        "<style>a::after{content:\"%s\"}</style>",
        "<style>%s</styles></style >",
        "<title>%s</title>",
        "<TEXTAREA>%s</TEXTAREA>",
        "<textarea>%s</textarea/>",
        "<xmp>%s</xmp>",
        "<noembed>%s</noembed>",
        "<noframes>%s</noframes>",
        "<iframe>%s</iframe>",
        "<plaintext>%s</plaintext>%s",
        "<script>document.write('%s')</script>",
        "<script>var s = \"<\\/script>%s\";</script>",
        "<script><!-- document.write(\"%s\") --></script>",
        "<div title=\"%s\"></div>",
        "<div title='%s'></div>",
        "<p data-x=%s",
        "<svg><![CDATA[ %s ]]></svg>",
        "<math><mtext><title>%s</title></mtext></math>",
        "<svg><foreignObject><style>%s</style></foreignObject></svg>",
        "<![CDATA[ %s ]]>",
        "<?php echo '%s' ?>",
    })
    void fakeTags_inCommentsRawTextAndAttributes_areUntouched(String template) {
        String page = template.replace("%s", TAG);
        assertThat(rewrite(page)).isEqualTo(page);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!-->%s",
        "<!--->%s",
        "<!---->%s",
        "<!-- a --!>%s",
        "<!-- a --->%s",
        "<!-- <!-- a -->%s",
        "<!doctype html>%s",
        "<!x>%s",
        "<?xml version=\"1.0\"?>%s",
        "</>%s",
        "</ p>%s",
        "</div class=\"x>\">%s",
        "a < b <3 <>%s",
        "<style>p{}</style>%s",
        "<style>p{}</STYLE\t>%s",
        "<title>t</title/>%s",
        "<script>if (a<b && c</d) {}</script>%s",
        "<script>x</script  foo=\"</script>\">%s",
        "<script><!--<script></script>alert(1)</script>%s",
        "<script><!--<script>x</script>--></script>%s",
        "<script><!-- a --></script>%s",
        "<svg><title/><style/><desc/></svg>%s",
        "<svg><![CDATA[ ]] ]]]> ]]></svg>%s",
        "<svg><p>%s",
        "<math><mi><style>a{}</style></mi></math>%s",
        "<noscript>x</noscript>%s",
    })
    void realTags_afterOtherMarkup_areFound(String template) {
        String page = template.replace("%s", TAG);
        assertThat(rewrite(page)).isEqualTo(template.replace("%s", NEUTRAL));
    }

    @Test
    void scriptInsideNoscript_isNeutralisedToo() {
        assertThat(rewrite("<noscript>" + TAG + "</noscript>")).isEqualTo("<noscript>" + NEUTRAL + "</noscript>");
    }

    @Test
    void scriptInsideSvg_isNeutralised() {
        assertThat(rewrite("<svg><style>" + TAG + "</style></svg>")).isEqualTo("<svg><style>" + NEUTRAL + "</style></svg>");
    }

    @Test
    void svgTitleIsAnIntegrationPoint_withHtmlInside() {
        assertThat(rewrite("<svg><title><style>" + TAG + "</style>" + TAG + "</title></svg>"))
                .isEqualTo("<svg><title><style>" + TAG + "</style>" + NEUTRAL + "</title></svg>");
    }

    @Test
    void mathElementsInSvg_areNotIntegrationPoints() {
        assertThat(rewrite("<svg><mi><title>" + TAG + "</title></mi></svg>"))
                .isEqualTo("<svg><mi><title>" + NEUTRAL + "</title></mi></svg>");
        assertThat(rewrite("<math><title>" + TAG + "</title></math>"))
                .isEqualTo("<math><title>" + NEUTRAL + "</title></math>");
    }

    @Test
    void endTagOfAnOpenForeignElement_closesWhatIsInsideIt() {
        // </script> closes the SVG script, and the desc in it: the title after is SVG, an integration point
        assertThat(rewrite("<svg><script><desc>x</script><title>" + TAG + "</title></svg>"))
                .isEqualTo("<svg><script><desc>x</script><title>" + NEUTRAL + "</title></svg>");
    }

    @Test
    void endTagWhileAnHtmlElementIsOpenInAnIntegrationPoint_doesNotCloseForeignElements() {
        // the browser ignores </script> here (the <b> is open in the desc), so <title> is HTML: RCDATA
        String page = "<svg><script><desc><b></script><title>" + TAG + "</title></svg>";
        assertThat(rewrite(page)).isEqualTo(page);
    }

    @Test
    void htmlInsideForeignObject_isHtml_untilTheForeignObjectCloses() {
        assertThat(rewrite("<svg><foreignObject><div><b></b></div><style>" + TAG + "</style></foreignObject><style>" + TAG + "</style></svg>"))
                .isEqualTo("<svg><foreignObject><div><b></b></div><style>" + TAG + "</style></foreignObject><style>" + NEUTRAL + "</style></svg>");
    }

    @Test
    void unclosedSvg_scriptsAfterItAreStillFound() {
        assertThat(rewrite("<div><svg><path d=\"M0 0\"></div>" + TAG + "<style>p{}</style>" + TAG))
                .isEqualTo("<div><svg><path d=\"M0 0\"></div>" + NEUTRAL + "<style>p{}</style>" + NEUTRAL);
    }

    @Test
    void unfinishedTagAtTheEnd_isPassedOnAsIs() {
        String page = "<p>x</p><script src=\"" + A;
        assertThat(rewrite(page)).isEqualTo(page);
        assertThat(rewrite("<p>x</p><scr")).isEqualTo("<p>x</p><scr");
        assertThat(rewrite("<p>x</p><")).isEqualTo("<p>x</p><");
    }

    @Test
    void nulAndOtherControlCharacters_passThrough() {
        String page = "<p\u0000 a\u0001=b>\u0000x</p>\r\n<div\u0000>";
        assertThat(rewrite(page)).isEqualTo(page);
    }

    @Test
    void textAndUninterestingTags_passThroughExactly() {
        String page = "<!DOCTYPE html>\r\n<HTML LANG='de'><Body>\n<P CLASS = \"a\"   id=b data-x>Grüße &amp; 日本 😀 <br/>"
                + "<img src=\"" + A + "\"><a href=\"" + A + "\">a</a><input value='<script src=x>'></BODY></HTML>";
        String expected = page.replace("<Body>", TestPolicy.BOOTSTRAP + "<Body>");
        assertThat(HtmlRewriter.rewrite(page, TestPolicy.standard())).isEqualTo(expected);
    }
}
