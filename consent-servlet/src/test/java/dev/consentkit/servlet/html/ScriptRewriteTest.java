package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptRewriteTest {

    private static final String A = "https://analytics.example/a.js";
    private static final String M = "https://ads.example/m.js";

    private static String refused(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard());
    }

    private static String granted(String html) {
        return HtmlRewriter.rewrite(html, TestPolicy.standard().grant("analytics", "marketing", "preferences"));
    }

    @Test
    void scriptOfRefusedCategory_isNeutralised() {
        assertThat(refused("<script src=\"" + A + "\" async></script>"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + A + "\" async></script>");
    }

    @Test
    void scriptOfGrantedCategory_isUntouched() {
        String page = "<script src=\"" + A + "\" async></script>";
        assertThat(granted(page)).isEqualTo(page);
    }

    @Test
    void undeclaredOrNecessaryScript_isUntouched() {
        String page = "<script src=\"/app.js\"></script><script src=\"https://cdn.example/necessary/x.js\"></script><script>inline()</script>";
        assertThat(refused(page)).isEqualTo(page);
    }

    @Test
    void necessary_isNeverAskedAbout() {
        TestPolicy policy = new TestPolicy() {
            @Override
            public boolean isGranted(String categoryId) {
                throw new AssertionError("asked about " + categoryId);
            }
        }.script("https://cdn.example/", "necessary");
        String page = "<script src=\"https://cdn.example/x.js\"></script><script data-consent=necessary>a()</script>";
        assertThat(HtmlRewriter.rewrite(page, policy)).isEqualTo(page);
    }

    @Test
    void originalType_isKeptInDataType() {
        assertThat(refused("<script type=module src=" + M + "></script>"))
                .isEqualTo("<script data-consent=\"marketing\" type=\"text/plain\" data-type=module data-src=" + M + "></script>");
    }

    @Test
    void inlineScriptWithDataConsent_getsTextPlain_andKeepsItsContent() {
        assertThat(refused("<script data-consent=\"analytics\">track('<b>')</script>"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\">track('<b>')</script>");
    }

    @Test
    void dataConsent_winsOverTheSourcesCategory() {
        String page = "<script data-consent=preferences src=\"" + A + "\"></script>";
        assertThat(HtmlRewriter.rewrite(page, TestPolicy.standard().grant("preferences"))).isEqualTo(page);
        assertThat(refused(page)).isEqualTo("<script type=\"text/plain\" data-consent=preferences data-src=\"" + A + "\"></script>");
    }

    @Test
    void organizerMarkup_isActivatedWhenGranted_andLeftNeutralOtherwise() {
        String page = "<script type=\"text/plain\" data-consent=\"analytics\" src=\"" + A + "\"></script>";
        assertThat(granted(page)).isEqualTo("<script data-consent=\"analytics\" src=\"" + A + "\"></script>");
        assertThat(refused(page)).isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + A + "\"></script>");
    }

    @Test
    void activation_restoresTheTypeFromDataType() {
        assertThat(granted("<script type=\"text/plain\" data-type=\"module\" data-consent=marketing data-src=" + M + ">"))
                .isEqualTo("<script type=\"module\" data-consent=marketing src=" + M + ">");
    }

    @Test
    void activation_dropsAPlaceholderSrc() {
        assertThat(granted("<script src=\"/noop.js\" data-consent=analytics data-src=\"" + A + "\">"))
                .isEqualTo("<script data-consent=analytics src=\"" + A + "\">");
    }

    @Test
    void grantedScriptThatIsNotNeutral_isUntouched() {
        String page = "<script type=module data-consent=analytics src=" + A + ">";
        assertThat(granted(page)).isEqualTo(page);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script data-consent=\"analytics\" type=\"module\" src=\"https://analytics.example/a.js\" defer></script>",
        "<script data-consent='marketing' src=https://ads.example/m.js></script>",
        "<script data-consent=analytics>inline()</script>",
        "<SCRIPT DATA-CONSENT=analytics TYPE=text/javascript SRC=https://analytics.example/a.js ASYNC>",
        "<script\tdata-consent=\"analytics\"\nsrc=\"https://analytics.example/a.js\"\f/>",
        "<script data-consent=analytics src=a.js src=b.js type=module type=x>",
    })
    void neutraliseThenActivate_givesBackTheOriginal(String original) {
        String neutral = refused(original);
        assertThat(neutral).isNotEqualTo(original);
        assertThat(granted(neutral)).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script src=\"https://analytics.example/a.js\"></script>",
        "<script type=module src=https://ads.example/m.js></script>",
        "<script data-consent=analytics>inline()</script>",
        "<script type=\"text/plain\" data-consent=analytics src=https://analytics.example/a.js>",
        "<script src=https://analytics.example/a.js src=https://ads.example/m.js>",
    })
    void rewriting_isIdempotent(String page) {
        String once = refused(page);
        assertThat(refused(once)).isEqualTo(once);
        String activated = granted(once);
        assertThat(granted(activated)).isEqualTo(activated);
    }

    @Test
    void duplicatedSrc_isClassifiedByTheFirst() {
        String page = "<script src=\"/app.js\" src=\"" + A + "\"></script>";
        assertThat(refused(page)).isEqualTo(page);
    }

    @Test
    void duplicatedSrc_isRenamedEverywhere_whenNeutralised() {
        assertThat(refused("<script src=\"" + A + "\" SRC=\"/app.js\"></script>"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + A + "\" data-SRC=\"/app.js\"></script>");
    }

    @Test
    void duplicatedType_theNeutralOneComesFirst() {
        assertThat(refused("<script type=module type=\"text/plain\" src=" + A + ">"))
                .isEqualTo("<script data-consent=\"analytics\" type=\"text/plain\" data-type=module type=\"text/plain\" data-src=" + A + ">");
    }

    @Test
    void srcIsEntityDecoded_forClassificationOnly() {
        TestPolicy policy = TestPolicy.standard();
        String raw = "https&#x3A;&#X2f;&#47;analytics.example&sol;a.js?x=1&amp;y=2&lt=3";
        String out = HtmlRewriter.rewrite("<script src=\"" + raw + "\"></script>", policy);
        assertThat(policy.sourcesAsked).containsExactly("script https://analytics.example/a.js?x=1&y=2&lt=3");
        assertThat(out).isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"" + raw + "\"></script>");
    }

    @Test
    void srcIsCleanedLikeTheBrowserCleansUrls() {
        TestPolicy policy = TestPolicy.standard();
        HtmlRewriter.rewrite("<script src=\" \thttps://analy\ntics.exa&#9;mple/a.js\n \"></script>", policy);
        assertThat(policy.sourcesAsked).containsExactly("script https://analytics.example/a.js");
    }

    @Test
    void slashBetweenNameAndAttribute_isAnAttributeSeparator() {
        assertThat(refused("<script/src=" + A + "></script>"))
                .isEqualTo("<script/type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + "></script>");
    }

    @Test
    void uppercaseAndOddSpacing_areRecognised() {
        assertThat(refused("<SCRIPT\n\tSRC = '" + A + "'\f>x</SCRIPT >"))
                .isEqualTo("<SCRIPT\n\ttype=\"text/plain\" data-consent=\"analytics\" data-SRC = '" + A + "'\f>x</SCRIPT >");
    }

    @Test
    void quotedGreaterThan_doesNotEndTheTag() {
        assertThat(refused("<script data-x=\"a>b\" data-y='c>\"d' src=" + A + ">"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-x=\"a>b\" data-y='c>\"d' data-src=" + A + ">");
    }

    @Test
    void unquotedValueRunsToWhitespaceOrGreaterThan() {
        assertThat(refused("<script src=" + A + "?a=\"b\"'c'></script>"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + "?a=\"b\"'c'></script>");
    }

    @Test
    void valuelessDataConsent_isAnEmptyCategory_andRefused() {
        assertThat(refused("<script data-consent src=/x.js></script>"))
                .isEqualTo("<script type=\"text/plain\" data-consent data-src=/x.js></script>");
    }

    @Test
    void dataConsentValue_isDecodedAndTrimmed() {
        String page = "<script data-consent=\" analytic&#115;\n\" src=x.js></script>";
        assertThat(HtmlRewriter.rewrite(page, TestPolicy.standard().grant("analytics"))).isEqualTo(page);
    }

    @Test
    void categoryInAnInsertedAttribute_isEscaped() {
        TestPolicy policy = TestPolicy.standard().script("https://odd.example/", "a\"b&c");
        assertThat(HtmlRewriter.rewrite("<script src=https://odd.example/x.js>", policy))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"a&quot;b&amp;c\" data-src=https://odd.example/x.js>");
    }

    @Test
    void similarTagNames_areNotScripts() {
        String page = "<scripts src=" + A + "><scrip src=" + A + "><svg:script src=" + A + ">";
        assertThat(refused(page)).isEqualTo(page);
    }

    @Test
    void selfClosingScript_stillStartsScriptData() {
        assertThat(refused("<script src=" + A + "/><p>text</p></script><script src=" + M + ">"))
                .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=" + A + "/><p>text</p></script>"
                        + "<script type=\"text/plain\" data-consent=\"marketing\" data-src=" + M + ">");
    }
}
