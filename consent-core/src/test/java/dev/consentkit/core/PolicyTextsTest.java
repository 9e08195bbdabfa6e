package dev.consentkit.core;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTextsTest {

    private final Policy policy = TestPolicies.example();

    @Test
    void pageTypeOverride_winsForItsLocaleOnly() {
        assertThat(policy.texts(policy.pageType("registration"), "en").get("title")).isEqualTo("Before you register");
        assertThat(policy.texts(policy.pageType("waiting-room"), "en").get("title")).isEqualTo("We value your privacy");
        assertThat(policy.texts(policy.pageType("registration"), "de").get("title")).isEqualTo(BundledTexts.of("de").get("title"));
    }

    @Test
    void onlyOfferedCategories_haveTexts() {
        BannerTexts login = policy.texts(policy.pageType("login"), "en");
        assertThat(login.values()).containsKeys("category.necessary.label", "category.analytics.label")
                .doesNotContainKeys("category.marketing.label", "category.preferences.label");
    }

    @Test
    void unknownLocales_fallBackToTheDefault() {
        BannerTexts t = policy.texts(null, "xx");
        assertThat(t.locale()).isEqualTo("en");
        assertThat(t.direction()).isEqualTo("ltr");
    }

    @Test
    void hash_followsTheWording_andIsStable() {
        Policy other = Policy.builder("t").signingKey(PolicyResolutionTest.key()).texts("en", Map.of("title", "Changed")).build();
        Policy same = Policy.builder("t").signingKey(PolicyResolutionTest.key()).build();
        Policy same2 = Policy.builder("t").signingKey(PolicyResolutionTest.key()).build();
        assertThat(same.texts(null, "en").hash()).isEqualTo(same2.texts(null, "en").hash()).hasSize(64);
        assertThat(other.texts(null, "en").hash()).isNotEqualTo(same.texts(null, "en").hash());
        assertThat(same.texts(null, "de").hash()).isNotEqualTo(same.texts(null, "en").hash());
    }

    @Test
    void configuredCategoryLabels_winOverBundledOnes_perLocale() {
        Policy p = Policy.builder("t").signingKey(PolicyResolutionTest.key())
                .category("analytics", new LocalizedText(Map.of("en", "Audience measurement")), null, List.of(), List.of(), false)
                .build();
        assertThat(p.texts(null, "en").get("category.analytics.label")).isEqualTo("Audience measurement");
        assertThat(p.texts(null, "de").get("category.analytics.label")).isEqualTo(BundledTexts.of("de").get("category.analytics.label"));
    }

    @Test
    void rightToLeftLocales_areMarked() {
        assertThat(BannerTexts.directionOf("ar")).isEqualTo("rtl");
        assertThat(BannerTexts.directionOf("he-IL")).isEqualTo("rtl");
        assertThat(BannerTexts.directionOf("de")).isEqualTo("ltr");
    }

    @Test
    void negotiateLocale_usesThePolicysLocales() {
        assertThat(policy.negotiateLocale("pl-PL,pl;q=0.9")).isEqualTo("pl");
        assertThat(policy.negotiateLocale("ja")).isEqualTo("en");
    }
}
