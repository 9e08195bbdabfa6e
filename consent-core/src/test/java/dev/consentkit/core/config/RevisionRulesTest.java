package dev.consentkit.core.config;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which changes ask attendees for more than before, and so raise the revision. */
class RevisionRulesTest {

    private static final String BASE = TestPolicies.exampleJson();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a category newly offered on a page type    | {\"pageTypes\": {\"waiting-room\": {\"categories\": [\"preferences\", \"analytics\", \"marketing\"]}}}"
                    + " | the page type waiting-room now offers marketing",
            "a declaration added to a category          | {\"declarations\": [{\"category\": \"analytics\", \"kind\": \"cookie\", \"name\": \"_hj\"}]}"
                    + " | cookie \"_hj\" is now declared as analytics",
            "a declaration moved into another category  | {\"declarations\": [{\"category\": \"analytics\", \"kind\": \"cookie\", \"name\": \"st_viewer\"}]}"
                    + " | cookie \"st_viewer\" is now declared as analytics",
            "a declaration renamed                      | {\"declarations\": [{\"category\": null, \"kind\": \"cookie\", \"name\": \"srv_visit\"},"
                    + " {\"category\": \"analytics\", \"kind\": \"cookie\", \"name\": \"srv_\", \"match\": \"prefix\"}]}"
                    + " | cookie \"srv_\" is now declared as analytics",
    })
    void changesThatAskForMore_giveTheirReason(String what, String overlay, String reason) {
        assertThat(RevisionRules.reasonsToAskAgain(BASE, SettingsOverlay.apply(BASE, overlay))).as(what).containsExactly(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a category no longer offered      | {\"pageTypes\": {\"thank-you\": {\"categories\": [\"analytics\"]}}}",
            "a declaration removed             | {\"declarations\": [{\"category\": null, \"kind\": \"cookie\", \"name\": \"srv_visit\"}]}",
            "a declaration added to necessary  | {\"declarations\": [{\"category\": \"necessary\", \"kind\": \"cookie\", \"name\": \"XSRF\"}]}",
            "wording                           | {\"texts\": {\"en\": {\"title\": \"Cookies?\"}}, \"pageTypes\": {\"login\": {\"texts\": null}}}",
            "a purpose, provider and retention | {\"declarations\": [{\"category\": \"analytics\", \"kind\": \"cookie\", \"name\": \"srv_visit\", \"provider\": \"Us\", \"purpose\": \"Counting\", \"retention\": \"1 day\"}]}",
            "a layout                          | {\"pageTypes\": {\"login\": {\"layout\": \"modal\"}}}",
            "a region's regime                 | {\"regions\": {\"US\": \"opt-in\", \"BR\": \"notice\"}}",
    })
    void changesThatAskForNothingMore_keepTheRevision(String what, String overlay) {
        assertThat(RevisionRules.reasonsToAskAgain(BASE, SettingsOverlay.apply(BASE, overlay))).as(what).isEmpty();
    }

    @Test
    void aNewCategory_aNewConsentModeSignal_andAllowingUndeclaredNames_askAgain() {
        String after = JsonMergePatch.apply(BASE, """
                {"undeclared": "allow",
                 "categories": [{"id": "necessary"}, {"id": "preferences"},
                                {"id": "analytics", "consentMode": ["analytics_storage", "ad_storage"]},
                                {"id": "marketing"}, {"id": "social", "label": "Social", "description": "Share buttons"}]}
                """);

        assertThat(RevisionRules.reasonsToAskAgain(BASE, after)).contains(
                "the category social is new",
                "the category analytics now also grants the Consent Mode signal ad_storage",
                "undeclared cookies, keys and scripts are now allowed");
    }

    @Test
    void theRevision_isReadAndSet() {
        assertThat(RevisionRules.revision("{}")).isEqualTo(1);
        assertThat(RevisionRules.revision(RevisionRules.withRevision(BASE, 9))).isEqualTo(9);
    }
}
