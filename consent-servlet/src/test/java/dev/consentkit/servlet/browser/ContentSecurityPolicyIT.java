package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a strict nonce-based policy ({@code script-src 'nonce-N'; style-src 'self' 'nonce-N'})
 * the runtime works without a single violation: no inline handlers, no eval, no inline styles.
 */
class ContentSecurityPolicyIT extends BrowserTest {

    @Test
    void strictPolicy_bannerPreferencesAndActivation_withoutViolations() {
        open(TestSite.REGISTER + "?csp=1");
        assertThat(js("return getComputedStyle(document.querySelector('[data-consent-banner]')).position")).isEqualTo("fixed");
        action("customize").click();
        decide("accept-all");
        awaitWritesOf(List.of("preferences", "analytics", "marketing"));
        assertThat(traces().get("ran")).containsExactly("chat", "analytics", "ads", "pixel");
        action("open").click();
        decide("reject-all");
        assertThat(js("return violations")).isEqualTo(List.of());
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void strictPolicy_embedPlaceholder_withoutViolations() {
        open(TestSite.REGISTER + "?csp=1&v=embed");
        assertThat(js("return document.querySelectorAll('.ck-ph').length")).isEqualTo(2L);
        assertThat(js("return getComputedStyle(document.querySelector('.ck-ph')).display")).isEqualTo("grid");
        assertThat(js("return violations")).isEqualTo(List.of());
    }
}
