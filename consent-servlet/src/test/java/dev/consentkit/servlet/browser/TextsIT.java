package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Organizer texts show literally, right-to-left locales render right to left, and themes apply. */
class TextsIT extends BrowserTest {

    @Test
    void markupInOrganizerTexts_showsAsText() {
        open(TestSite.MARKUP);
        WebElement banner = banner();
        assertThat(banner.findElement(By.tagName("h2")).getText()).isEqualTo("<b>Bold</b> & <img src=x onerror=\"window.pwned=1\">");
        assertThat(banner.findElement(By.id("ck-d")).getText()).isEqualTo("<script>window.pwned=1</script> stays text");
        assertThat(banner.findElements(By.cssSelector("b, img, script"))).isEmpty();
        action("customize").click();
        assertThat(driver().findElement(By.cssSelector("label[for='ck-c-analytics']")).getText()).isEqualTo("<i>Analytics</i>");
        assertThat(driver().findElements(By.cssSelector(".ck i"))).isEmpty();
        assertThat(js("return window.pwned")).isNull();
    }

    @Test
    void rightToLeftLocale_rendersRightToLeft() throws IOException {
        headers(Map.of("CF-IPCountry", "DE", "Accept-Language", "ar"));
        open(TestSite.WAITING_ROOM);
        WebElement banner = banner();
        assertThat(js("const r = document.querySelector('.ck'); return [r.dir, r.lang, getComputedStyle(arguments[0]).direction]", banner))
                .isEqualTo(java.util.List.of("rtl", "ar", "rtl"));
        assertThat(banner.findElement(By.tagName("h2")).getText()).isEqualTo("نحن نحترم خصوصيتك");
        // the box sits at the inline end: the left in a right-to-left locale
        assertThat(banner.getRect().getX()).isLessThan(100);
        screenshot("banner-box-rtl");
        action("customize").click();
        screenshot("preferences-rtl");
    }

    @Test
    void themeCustomProperties_applyWithoutInlineStyleElements() {
        open(TestSite.REGISTER);
        assertThat(js("return getComputedStyle(document.documentElement).getPropertyValue('--ck-accent').trim()")).isEqualTo("#1f4fd1");
        assertThat(js("return getComputedStyle(document.documentElement).getPropertyValue('--ck-radius').trim()")).isEqualTo("10px");
        assertThat(action("accept-all").getCssValue("border-radius")).isEqualTo("10px");
        assertThat(driver().findElements(By.cssSelector("style"))).isEmpty();
    }
}
