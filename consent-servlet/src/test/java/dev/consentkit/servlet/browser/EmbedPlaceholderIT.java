package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Video and meeting embeds of a refused category: a placeholder that says why, loads once or allows. */
class EmbedPlaceholderIT extends BrowserTest {

    private static final String PLACEHOLDER_TEXT =
            "This content is provided by StreamTube (demo) and needs your consent to Marketing cookies.";

    private List<WebElement> placeholders() {
        return driver().findElements(By.cssSelector(".ck-ph"));
    }

    private String frameText(int id) {
        return (String) js("const f = document.querySelector('iframe[title][src*=\"id=" + id + "\"]');"
                + " return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.textContent : null");
    }

    @Test
    void embedsOfARefusedCategory_showAPlaceholder_andDoNotLoad() {
        open(TestSite.REGISTER + "?v=embed");
        assertThat(placeholders()).hasSize(2).allSatisfy(p -> {
            assertThat(p.isDisplayed()).isTrue();
            assertThat(p.findElement(By.tagName("p")).getText()).isEqualTo(PLACEHOLDER_TEXT);
            assertThat(p.findElements(By.tagName("button"))).extracting(WebElement::getText)
                    .containsExactly("Load once", "Always allow Marketing");
        });
        // the organizer-marked embed and a plain one the runtime caught while the parser inserted it
        assertThat(js("return [...document.querySelectorAll('main iframe')].map(f => [f.hidden, f.hasAttribute('src'), f.dataset.consent])"))
                .isEqualTo(List.of(List.of(true, false, "marketing"), List.of(true, false, "marketing")));
        assertThat(frameText(1)).isNull();
        assertThat(frameText(2)).isNull();
    }

    @Test
    void loadOnce_loadsThatEmbedOnly_forTheRestOfTheSession() {
        open(TestSite.REGISTER + "?v=embed");
        placeholders().get(0).findElement(By.xpath(".//button[1]")).click();
        waitUntil("the first video", d -> "video 1 playing".equals(frameText(1)));
        assertThat(placeholders()).hasSize(1);
        assertThat(state()).containsEntry("decided", false);
        assertThat(js("return Object.keys(sessionStorage)")).isEqualTo(List.of("ck.once:/demo/vendor/video?id=1"));

        open(TestSite.REGISTER + "?v=embed");
        waitUntil("the first video again", d -> "video 1 playing".equals(frameText(1)));
        assertThat(placeholders()).hasSize(1);
        assertThat(frameText(2)).isNull();
    }

    @Test
    void alwaysAllow_grantsTheCategory_andLoadsItsEmbeds() {
        open(TestSite.REGISTER + "?v=embed");
        WebElement always = placeholders().get(1).findElement(By.xpath(".//button[2]"));
        js("arguments[0].scrollIntoView({block: 'start'})", always); // above the bar
        always.click();
        waitUntil("both videos", d -> "video 1 playing".equals(frameText(1)) && "video 2 playing".equals(frameText(2)));
        assertThat(placeholders()).isEmpty();
        assertThat(state()).containsEntry("decided", true);
        assertThat(state().get("allowed")).asList().contains("marketing").doesNotContain("analytics");
    }

    @Test
    void embedInsertedByAScript_getsAPlaceholderToo() {
        open(TestSite.REGISTER + "?v=empty");
        js("const f = document.createElement('iframe'); f.title = 'Later video'; f.src = '/demo/vendor/video?id=3'; document.querySelector('main').append(f);");
        waitUntil("a placeholder", d -> placeholders().size() == 1);
        assertThat(js("const f = document.querySelector('iframe[title=\"Later video\"]'); return [f.hasAttribute('src'), f.dataset.src]"))
                .isEqualTo(List.of(false, "/demo/vendor/video?id=3"));
    }
}
