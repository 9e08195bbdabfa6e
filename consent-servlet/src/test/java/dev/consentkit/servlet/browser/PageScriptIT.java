package dev.consentkit.servlet.browser;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page script can neither read nor forge the visitor's consent: the cookie is HttpOnly (not in
 * {@code document.cookie}, not overwritable from script), a cookie a script writes before the
 * visitor decided is not signed with the site's key and counts as no decision, and the runtime's
 * API object cannot be replaced or changed.
 */
class PageScriptIT extends BrowserTest {

    @SuppressWarnings("unchecked")
    private Map<String, Object> serverState() {
        return (Map<String, Object>) asyncJs("const done = arguments[arguments.length - 1];"
                + " fetch('/consent/state?page=' + encodeURIComponent(location.pathname)).then(r => r.json()).then(done)");
    }

    @Test
    void theConsentCookie_isInvisibleToPageScripts_andCannotBeOverwrittenByThem() {
        open(TestSite.REGISTER + "?v=empty");
        decide("reject-all");
        Object consentId = state().get("consentId");
        assertThat((String) js("return document.cookie")).doesNotContain("consentkit");
        String before = (String) js("return document.cookie");
        js("document.cookie = 'consentkit=forged; path=/'");
        assertThat((String) js("return document.cookie")).as("the HttpOnly cookie cannot be overwritten").isEqualTo(before);
        // a script can add a cookie of the same name at a deeper path, which the browser sends first; it is no decision
        // and the server goes on to the real one
        js("document.cookie = 'consentkit=forged2'");
        Map<String, Object> server = serverState();
        assertThat(server.get("decided")).isEqualTo(true);
        assertThat(server.get("consentId")).isEqualTo(consentId);
        assertThat(server.get("allowed")).isEqualTo(List.of("necessary"));
    }

    @Test
    void aCookieWrittenByAPageScript_beforeTheVisitorDecided_isNoDecision() throws Exception {
        String config;
        try (InputStream in = TestSite.class.getResourceAsStream("consentkit.json")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // a well-formed token claiming "accept all", signed with a key the site does not have
        Policy other = PolicyLoader.builder().environment(Map.of("CONSENTKIT_KEY", TestPolicies.OTHER_SECRET)::get).build()
                .load(Policy.DEFAULT_TENANT, List.of(ConfigurationSource.of("consentkit.json", config)));
        String forged = other.tokens().encode(other.newState(null, Map.of("preferences", true, "analytics", true, "marketing", true)));
        open(TestSite.REGISTER + "?v=empty");
        js("document.cookie = 'consentkit=" + forged + "; path=/'");
        open(TestSite.REGISTER);
        assertThat(serverState().get("decided")).isEqualTo(false);
        assertThat(state().get("decided")).isEqualTo(false);
        assertThat(bannerShown()).isTrue();
        assertNoWritesOf(List.of("preferences", "analytics", "marketing"), "after a forged consent cookie");
        assertThat(traces().get("ran")).isEmpty();
    }

    @Test
    void theApiObject_cannotBeReplacedOrChanged() {
        open(TestSite.REGISTER + "?v=empty");
        Object result = js("const k = window.consentKit; try { window.consentKit = {acceptAll() {}}; } catch (e) {}"
                + " try { k.acceptAll = () => 'hijacked'; } catch (e) {}"
                + " return [window.consentKit === k, Object.isFrozen(k), String(k.acceptAll).includes('hijacked')]");
        assertThat(result).isEqualTo(List.of(true, true, false));
    }

    @Test
    void aValidTokenPlantedAtADeeperPath_neverWidensTheVisitorsDecision() throws Exception {
        String config;
        try (InputStream in = TestSite.class.getResourceAsStream("consentkit.json")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // what an attacker gets by accepting everything on the site himself: a token the site signed
        Policy site = TestPolicies.loader(java.time.Clock.systemUTC()).load(Policy.DEFAULT_TENANT,
                List.of(ConfigurationSource.of("consentkit.json", config)));
        String attackers = site.tokens().encode(site.newState(null, Map.of("preferences", true, "analytics", true, "marketing", true)));
        open(TestSite.REGISTER + "?v=empty");
        decide("reject-all");
        // a script (or a sibling subdomain) plants it where the browser sends it first: at a deeper path
        js("document.cookie = 'consentkit=" + attackers + "; path=/webinars'");
        open(TestSite.REGISTER);
        Map<String, Object> server = serverState();
        assertThat(server.get("allowed")).isEqualTo(List.of("necessary"));
        assertThat(state().get("allowed")).isEqualTo(List.of("necessary"));
        assertNoWritesOf(List.of("preferences", "analytics", "marketing"), "after a planted token");
    }
}
