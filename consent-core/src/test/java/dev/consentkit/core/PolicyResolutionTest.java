package dev.consentkit.core;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Page types and regimes of the documented example configuration. */
class PolicyResolutionTest {

    private final Policy policy = TestPolicies.example();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/webinars/product-launch/register, registration",
            "/webinars/product-launch/waiting-room, waiting-room",
            "/webinars/product-launch/thank-you, thank-you",
            "/organizers/acme, profile",
            "/login, login",
    })
    void pageTypeFor_standardPages(String path, String pageType) {
        assertThat(policy.pageTypeFor(path).id()).isEqualTo(pageType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/webinars", "/webinars/product-launch", "/consent/state", "/organizers/acme/extra"})
    void pageTypeFor_otherPaths_isNull(String path) {
        assertThat(policy.pageTypeFor(path)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "DE, OPT_IN", "de, OPT_IN", "FR, OPT_IN", "NO, OPT_IN", "IS, OPT_IN", "LI, OPT_IN",
            "GB, OPT_IN", "UK, OPT_IN", "CH, OPT_IN",
            "US, OPT_OUT", "us, OPT_OUT", "CA, OPT_OUT",
            "BR, OPT_IN", "JP, OPT_IN",
    })
    void regimeFor_countries(String country, Regime expected) {
        assertThat(policy.regimeFor(country)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"XX", "T1", "D", "DEU", "1A", "  ", "é!"})
    void regimeFor_unknownRegion_isTheUnknownRegime(String country) {
        assertThat(policy.regimeFor(country)).isEqualTo(Regime.OPT_IN);
    }

    @Test
    void unknownRegion_defaultsToTheStrictestConfiguredRegime() {
        Policy lenient = Policy.builder("t").signingKey(key())
                .region("other", Regime.NOTICE)
                .region("EEA", Regime.OPT_OUT).region("UK", Regime.OPT_OUT).region("CH", Regime.OPT_OUT)
                .build();
        assertThat(lenient.regimeFor("BR")).isEqualTo(Regime.NOTICE);
        assertThat(lenient.regimeFor("DE")).isEqualTo(Regime.OPT_OUT);
        assertThat(lenient.regimeFor(null)).isEqualTo(Regime.OPT_OUT);
    }

    @Test
    void aCountryOverridesItsGroup_whateverTheOrder() {
        Policy p = Policy.builder("t").signingKey(key())
                .region("DE", Regime.NOTICE)
                .region("EEA", Regime.OPT_IN)
                .build();
        assertThat(p.regimeFor("DE")).isEqualTo(Regime.NOTICE);
        assertThat(p.regimeFor("AT")).isEqualTo(Regime.OPT_IN);
    }

    @Test
    void eeaUkAndSwitzerland_areOptInWithoutAnyConfiguration() {
        Policy p = Policy.builder("t").signingKey(key()).region("other", Regime.NOTICE).build();
        for (String cc : Regions.EEA) {
            assertThat(p.regimeFor(cc)).as(cc).isEqualTo(Regime.OPT_IN);
        }
        assertThat(p.regimeFor("GB")).isEqualTo(Regime.OPT_IN);
        assertThat(p.regimeFor("CH")).isEqualTo(Regime.OPT_IN);
        assertThat(Regions.EEA).hasSize(30);
    }

    @Test
    void necessaryCategory_isFirstAndAlwaysPresent() {
        Policy p = Policy.builder("t").signingKey(key())
                .category("analytics", null, null, java.util.List.of(), java.util.List.of(), false).build();
        assertThat(p.categories()).extracting(Category::id).containsExactly("necessary", "analytics");
        assertThat(p.categories().get(0).required()).isTrue();
    }

    static dev.consentkit.core.token.SigningKey key() {
        return new dev.consentkit.core.token.SigningKey("k", java.util.Base64.getDecoder().decode(TestPolicies.TEST_SECRET));
    }
}
