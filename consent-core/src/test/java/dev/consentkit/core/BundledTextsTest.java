package dev.consentkit.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BundledTextsTest {

    @Test
    void all26Locales_areBundled_withEveryKey() {
        assertThat(BundledTexts.locales()).hasSize(26).containsAll(BundledTexts.LOCALES);
        for (String locale : BundledTexts.LOCALES) {
            Map<String, String> texts = BundledTexts.of(locale);
            assertThat(texts.keySet()).as(locale).containsExactlyInAnyOrderElementsOf(BundledTexts.keys());
            texts.forEach((key, value) -> assertThat(value).as(locale + "." + key).isNotBlank());
        }
    }

    @Test
    void placeholders_survivedTranslation() {
        for (String locale : BundledTexts.LOCALES) {
            Map<String, String> texts = BundledTexts.of(locale);
            assertThat(texts.get("placeholder")).as(locale).contains("{provider}").contains("{category}");
            assertThat(texts.get("alwaysAllow")).as(locale).contains("{category}");
        }
    }

    @Test
    void translations_differFromEnglish() {
        Map<String, String> en = BundledTexts.of("en");
        for (String locale : BundledTexts.LOCALES) {
            if (!locale.equals("en")) {
                assertThat(BundledTexts.of(locale).get("description")).as(locale).isNotEqualTo(en.get("description"));
            }
        }
    }
}
