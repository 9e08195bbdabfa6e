package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A keyboard-only attendee: Tab, Shift+Tab, Enter, Space and Escape, and nothing else. */
class KeyboardIT extends BrowserTest {

    private void press(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }

    private void shiftTab() {
        new Actions(driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    }

    /** Presses Tab until {@code target} has focus; fails after {@code max} presses. */
    private void tabTo(String target, int max) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < max && !target.equals(activeElement()); i++) {
            press(Keys.TAB);
            seen.add(activeElement());
        }
        assertThat(activeElement()).as("focus after " + seen).isEqualTo(target);
    }

    private boolean focusInside(String selector) {
        return Boolean.TRUE.equals(js("return !!document.activeElement.closest(arguments[0])", selector));
    }

    @Test
    void customiseSaveAndWithdraw_withTheKeyboardOnly() {
        open(TestSite.REGISTER);
        assertThat(activeElement()).as("focus moves into the banner").isEqualTo("banner");
        tabTo("customize", 6);
        press(Keys.ENTER);
        assertThat(activeElement()).isEqualTo("preferences");

        // the preferences trap focus: forwards and backwards
        tabTo("close", 1);
        shiftTab();
        assertThat(activeElement()).isEqualTo("save");
        press(Keys.TAB);
        assertThat(activeElement()).isEqualTo("close");
        for (int i = 0; i < 25; i++) {
            press(Keys.TAB);
            assertThat(focusInside(".ck-p")).as("Tab " + i + " stays in the preferences").isTrue();
        }

        // Escape leaves without deciding, back on the banner
        tabTo("analytics", 12);
        press(Keys.SPACE);
        assertThat(js("return document.activeElement.checked")).isEqualTo(true);
        press(Keys.ESCAPE);
        assertThat(driver().findElements(By.cssSelector(".ck-p"))).isEmpty();
        assertThat(activeElement()).isEqualTo("banner");
        assertThat(state()).containsEntry("decided", false);

        tabTo("customize", 6);
        press(Keys.ENTER);
        assertThat(js("return [...document.querySelectorAll('input[data-consent-category]')].map(i => i.checked)"))
                .as("no pre-ticked boxes").isEqualTo(List.of(true, false, false, false));
        tabTo("analytics", 4);
        press(Keys.SPACE);
        tabTo("save", 12);
        js("window.__decided = false; document.addEventListener('consentkit:change', () => window.__decided = true)");
        press(Keys.ENTER);
        waitUntil("the saved choice", d -> Boolean.TRUE.equals(js("return window.__decided")));
        assertThat(state()).containsEntry("choices", Map.of("necessary", true, "preferences", false, "analytics", true, "marketing", false));
        assertThat(activeElement()).as("focus lands on the settings control").isEqualTo("open");
        waitUntil("the status message", d -> "Your choices have been saved.".equals(js("return document.querySelector('.ck [role=status]').textContent")));

        // withdrawing takes no more keys than accepting did
        press(Keys.ENTER);
        assertThat(activeElement()).isEqualTo("preferences");
        tabTo("reject-all", 12);
        js("window.__decided = false");
        press(Keys.ENTER);
        waitUntil("the withdrawal", d -> Boolean.TRUE.equals(js("return window.__decided")));
        assertThat(state().get("allowed")).isEqualTo(List.of("necessary"));
    }

    @Test
    void modalBanner_trapsFocus_andEscapeDecidesNothing() {
        open(TestSite.PROFILE);
        assertThat(activeElement()).isEqualTo("banner");
        for (int i = 0; i < 12; i++) {
            press(Keys.TAB);
            assertThat(focusInside("[data-consent-banner]")).as("Tab " + i).isTrue();
        }
        for (int i = 0; i < 12; i++) {
            shiftTab();
            assertThat(focusInside("[data-consent-banner]")).as("Shift+Tab " + i).isTrue();
        }
        press(Keys.ESCAPE);
        assertThat(bannerShown()).isTrue();
        assertThat(state()).containsEntry("decided", false);
        assertNothingNonEssential("after Escape");
    }

    @Test
    void nonModalBanner_letsThePageBeUsed_andEscapeDecidesNothing() {
        open(TestSite.WAITING_ROOM);
        press(Keys.ESCAPE);
        assertThat(bannerShown()).isTrue();
        assertThat(state()).containsEntry("decided", false);
        driver().findElement(By.name("email")).sendKeys("ada@example.org");
        js("window.scrollTo(0, document.body.scrollHeight)");
        assertThat(bannerShown()).isTrue();
        assertThat(state()).containsEntry("decided", false);
        assertNothingNonEssential("after using the page");
    }
}
