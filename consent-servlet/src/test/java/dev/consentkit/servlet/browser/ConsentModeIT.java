package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Google Consent Mode v2 signals in {@code dataLayer}, and Global Privacy Control. */
class ConsentModeIT extends BrowserTest {

    private static final List<String> PARAMETERS = List.of("ad_storage", "ad_user_data", "ad_personalization",
            "analytics_storage", "functionality_storage", "personalization_storage", "security_storage");

    /** The consent commands in {@code dataLayer}, in order; each entry must be an arguments object, as gtag.js pushes. */
    @SuppressWarnings("unchecked")
    private List<List<Object>> consentCommands() {
        return (List<List<Object>>) js("""
                return dataLayer.map(a => {
                  if (Object.prototype.toString.call(a) != '[object Arguments]') throw new Error('not an arguments object: ' + JSON.stringify(a));
                  return Array.from(a);
                }).filter(a => a[0] == 'consent');
                """);
    }

    private static Map<String, Object> signals(String granted, Object... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String p : PARAMETERS) {
            m.put(p, granted.contains(p) ? "granted" : "denied");
        }
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return m;
    }

    @Test
    void optIn_deniesEverythingButSecurityByDefault_thenUpdatesAfterTheDecision() {
        open(TestSite.REGISTER);
        assertThat(consentCommands()).containsExactly(
                List.of("consent", "default", signals("security_storage", "wait_for_update", 500L)));
        decide("accept-all");
        assertThat(consentCommands()).hasSize(2);
        assertThat(consentCommands().get(1)).isEqualTo(List.of("consent", "update", signals(
                "security_storage functionality_storage personalization_storage analytics_storage ad_storage ad_user_data ad_personalization")));
    }

    @Test
    void decidedVisitor_getsTheDefaultThenAnUpdate_onEveryPageLoad() {
        open(TestSite.REGISTER);
        decide("reject-all");
        api("consentKit.set({analytics: true})");
        open(TestSite.THANK_YOU);
        String granted = "security_storage analytics_storage";
        assertThat(consentCommands()).containsExactly(
                List.of("consent", "default", signals(granted, "wait_for_update", 500L)),
                List.of("consent", "update", signals(granted)));
    }

    @Test
    void parametersOfCategoriesThePageDoesNotOffer_stayDenied() {
        open(TestSite.LOGIN);
        decide("accept-all");
        assertThat(consentCommands().get(1)).isEqualTo(List.of("consent", "update", signals("security_storage analytics_storage")));
    }

    @Test
    void optOut_grantsByDefault_whatTheRegimeAllows() {
        region("US");
        open(TestSite.WAITING_ROOM);
        assertThat(consentCommands()).containsExactly(List.of("consent", "default", signals(
                "security_storage functionality_storage personalization_storage analytics_storage", "wait_for_update", 500L)));
    }

    @Test
    void disabledConsentMode_pushesNothing() {
        // rewrites the bootstrap as the parser inserts it, before the runtime reads it
        beforePageScripts("""
                new MutationObserver((ms, o) => {
                  const b = document.getElementById('consentkit-bootstrap');
                  if (b && b.textContent) {
                    const j = JSON.parse(b.textContent);
                    j.consentMode.enabled = false;
                    b.textContent = JSON.stringify(j);
                    o.disconnect();
                  }
                }).observe(document, {childList: true, subtree: true});
                """);
        open(TestSite.REGISTER);
        decide("accept-all");
        assertThat(js("return window.dataLayer")).isNull();
    }

    @Test
    void gpc_inOptOut_refusesSaleOrSharing_untilTheVisitorGrantsItExplicitly() {
        region("US");
        gpcInBrowser();
        open(TestSite.THANK_YOU);
        assertThat(state().get("allowed")).isEqualTo(List.of("necessary", "analytics"));
        awaitWritesOf(List.of("analytics"));
        assertNoWritesOf(List.of("marketing"), "GPC refuses marketing");
        assertThat(traces().get("ran")).containsExactly("analytics");
        assertThat(consentCommands().get(0).get(2)).isEqualTo(signals("security_storage analytics_storage", "wait_for_update", 500L));

        api("consentKit.set({marketing: true})");
        awaitWritesOf(List.of("analytics", "marketing"));
        assertThat(state().get("allowed")).asList().contains("marketing");
    }

    @Test
    void gpcHeader_isHonouredByTheServer_andTheBrowserAgrees() {
        region("US");
        headers(Map.of("CF-IPCountry", "US", "Sec-GPC", "1"));
        gpcInBrowser();
        open(TestSite.REGISTER);
        assertThat(js("return JSON.parse(document.getElementById('consentkit-bootstrap').textContent).gpc")).isEqualTo(true);
        assertThat(state().get("allowed")).asList().doesNotContain("marketing").contains("analytics");
    }

    @Test
    void gpc_inOptIn_isNeverConsent() {
        gpcInBrowser();
        open(TestSite.REGISTER);
        assertThat(state().get("allowed")).isEqualTo(List.of("necessary"));
        assertNothingNonEssential("GPC in opt-in");
        decide("accept-all");
        awaitWritesOf(List.of("preferences", "analytics", "marketing"));
    }
}
