package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code window.consentKit}, its {@code change} listeners and the {@code consentkit:change} DOM event. */
class ApiIT extends BrowserTest {

    @Test
    void get_answersTheState_asACopy() {
        open(TestSite.REGISTER);
        assertThat(state()).containsOnlyKeys("decided", "consentId", "choices", "allowed", "regime", "pageType")
                .containsEntry("decided", false).containsEntry("consentId", null).containsEntry("choices", null)
                .containsEntry("allowed", List.of("necessary")).containsEntry("regime", "opt-in").containsEntry("pageType", "registration");
        js("const s = consentKit.get(); s.allowed.push('marketing'); s.decided = true;");
        assertThat(state()).containsEntry("decided", false).containsEntry("allowed", List.of("necessary"));
        assertThat(js("window.consentKit = null; consentKit.acceptAll = null; return typeof consentKit.acceptAll")).isEqualTo("function");
    }

    @Test
    void decisions_resolveToTheNewState_andSetMergesWithTheCurrentChoices() {
        open(TestSite.REGISTER);
        Map<String, Object> s = api("consentKit.set({analytics: true})");
        assertThat(s).containsEntry("decided", true)
                .containsEntry("choices", Map.of("necessary", true, "preferences", false, "analytics", true, "marketing", false))
                .containsEntry("allowed", List.of("necessary", "analytics"));
        String id = (String) s.get("consentId");
        assertThat(id).matches("[0-9a-f-]{36}");

        assertThat(api("consentKit.set({marketing: true})").get("allowed")).isEqualTo(List.of("necessary", "analytics", "marketing"));
        assertThat(api("consentKit.rejectAll()").get("allowed")).isEqualTo(List.of("necessary"));
        assertThat(api("consentKit.acceptAll()").get("allowed")).isEqualTo(List.of("necessary", "preferences", "analytics", "marketing"));
        Map<String, Object> withdrawn = api("consentKit.withdraw()");
        assertThat(withdrawn).containsEntry("allowed", List.of("necessary")).containsEntry("consentId", id);
        assertThat(state()).isEqualTo(withdrawn);
    }

    @Test
    void setInOptOut_keepsWhatIsAllowed_unlessRefused() {
        region("US");
        open(TestSite.REGISTER);
        assertThat(api("consentKit.set({marketing: false})").get("allowed")).isEqualTo(List.of("necessary", "preferences", "analytics"));
    }

    @Test
    void changeListenersAndTheDomEvent_followEveryDecision_untilUnsubscribed() {
        open(TestSite.REGISTER);
        js("""
                window.seen = [];
                window.off = consentKit.on('change', s => seen.push('listener ' + s.allowed.join()));
                document.addEventListener('consentkit:change', e => seen.push('event ' + e.detail.allowed.join()));
                """);
        api("consentKit.acceptAll()");
        js("off()");
        api("consentKit.rejectAll()");
        assertThat(js("return seen")).isEqualTo(List.of(
                "listener necessary,preferences,analytics,marketing", "event necessary,preferences,analytics,marketing",
                "event necessary"));
    }

    @Test
    void refusedRequests_rejectThePromise_withTheServersError() {
        open(TestSite.REGISTER);
        assertThat(api("consentKit.set({necessary: false})").get("failed")).asString().isNotBlank();
        assertThat(state()).containsEntry("decided", false);
    }

    @Test
    void open_showsThePreferences_withASwitchPerOfferedCategory_andThePageTypesCookieTable() {
        open(TestSite.WAITING_ROOM);
        js("consentKit.open()");
        WebElement prefs = driver().findElement(By.cssSelector(".ck-p[role=dialog]"));
        assertThat(prefs.getAttribute("aria-modal")).isEqualTo("true");
        assertThat(prefs.findElements(By.cssSelector("input[type=checkbox][role=switch][data-consent-category]")))
                .extracting(i -> i.getAttribute("data-consent-category") + " " + i.isSelected() + " " + i.isEnabled())
                .containsExactly("necessary true false", "preferences false true", "analytics false true");
        assertThat(prefs.findElements(By.cssSelector("td:first-child"))).extracting(WebElement::getText)
                .contains("JSESSIONID", "chat_prefs", "_mx_", "mx-events").doesNotContain("_adnet_id", "utm_attribution");
        assertThat(prefs.findElements(By.cssSelector("a"))).extracting(a -> a.getAttribute("href"))
                .containsExactly(origin + "/privacy", origin + "/consent/cookies?page=%2Fwebinars%2Fproduct-launch%2Fwaiting-room");
        assertThat(prefs.findElements(By.cssSelector("[data-consent-action]"))).extracting(b -> b.getAttribute("data-consent-action"))
                .containsExactly("close", "accept-all", "reject-all", "save");
    }
}
