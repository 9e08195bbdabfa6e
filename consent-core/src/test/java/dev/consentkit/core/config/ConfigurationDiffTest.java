package dev.consentkit.core.config;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationDiffTest {

    private static final String BASE = TestPolicies.exampleJson();

    private static String edit(String overlay) {
        return SettingsOverlay.apply(BASE, overlay);
    }

    @Test
    void theSameDocument_hasNoChanges() {
        assertThat(ConfigurationDiff.between(BASE, JsonMergePatch.apply(BASE, "{}"))).isEmpty();
    }

    @Test
    void changes_readAsAnOrganizerSpeaks() {
        String after = edit("""
                {"pageTypes": {"thank-you": {"categories": ["analytics", "preferences"], "layout": "modal",
                                             "texts": {"en": {"title": "Thanks!"}}}},
                 "texts": {"de": {"title": "Ihre Wahl"}},
                 "regions": {"US": "notice", "CA": null},
                 "declarations": [
                   {"category": "analytics", "kind": "cookie", "name": "utm_attribution", "provider": "This site", "retention": "30 days"},
                   {"category": "marketing", "kind": "cookie", "name": "st_viewer", "provider": "StreamTube", "retention": "2 years"},
                   {"category": null, "kind": "script", "name": "/demo/vendor/ads.js"},
                   {"category": "preferences", "kind": "localStorage", "name": "theme", "provider": "This site"}
                 ]}
                """);

        assertThat(ConfigurationDiff.between(BASE, after)).extracting(ConfigurationDiff.Change::toString).containsExactly(
                "Page type thank-you: now offers preferences",
                "Page type thank-you: no longer offers marketing",
                "Page type thank-you: banner layout box → modal",
                "Page type thank-you, texts (en): title set to \"Thanks!\"",
                "Category preferences: localStorage \"theme\" declared",
                "Category analytics: cookie \"utm_attribution\" moved here from marketing",
                "Category analytics: cookie \"utm_attribution\": purpose removed (was \"Remembers which campaign brought you here.\")",
                "Category marketing: cookie \"st_viewer\": provider \"StreamTube (demo)\" → \"StreamTube\"",
                "Category marketing: cookie \"st_viewer\": purpose removed (was \"Recognises you on every site that embeds StreamTube videos.\")",
                "Category marketing: cookie \"st_viewer\": retention \"1 year\" → \"2 years\"",
                "Category marketing: script \"/demo/vendor/ads.js\" no longer declared",
                "Texts (de): title set to \"Ihre Wahl\"",
                "Regions: US opt-out → notice",
                "Regions: CA back to the built-in default (was opt-out)");
    }

    @Test
    void otherFields_areNamedByPath() {
        String after = JsonMergePatch.apply(BASE, "{\"theme\": {\"--ck-accent\": \"#000000\"}, \"revision\": 7}");

        assertThat(ConfigurationDiff.between(BASE, after)).extracting(ConfigurationDiff.Change::toString)
                .containsExactly("Configuration: theme[\"--ck-accent\"] \"#1f4fd1\" → \"#000000\"");
    }
}
