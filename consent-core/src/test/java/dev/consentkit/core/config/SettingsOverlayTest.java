package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings overlay: derived from an edited document, laid back over the files. */
class SettingsOverlayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BASE = JsonMergePatch.apply(TestPolicies.exampleJson(), "{}");

    private static ObjectNode base() throws Exception {
        return (ObjectNode) MAPPER.readTree(BASE);
    }

    private static ObjectNode pageType(ObjectNode doc, String id) {
        for (JsonNode p : doc.get("pageTypes")) {
            if (p.get("id").asText().equals(id)) {
                return (ObjectNode) p;
            }
        }
        throw new AssertionError(id);
    }

    private static ObjectNode category(ObjectNode doc, String id) {
        for (JsonNode c : doc.get("categories")) {
            if (c.get("id").asText().equals(id)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError(id);
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void noEdits_deriveTheEmptyOverlay() {
        SettingsOverlay.Derived derived = SettingsOverlay.derive(BASE, BASE);

        assertThat(derived.problems()).isEmpty();
        assertThat(SettingsOverlay.isEmpty(derived.overlay())).isTrue();
    }

    @Test
    void pageTypeEdits_areKeptById_andApplyBack() throws Exception {
        ObjectNode desired = base();
        pageType(desired, "thank-you").putArray("categories").add("analytics");
        pageType(desired, "login").put("layout", "modal");
        pageType(desired, "login").putObject("texts").putObject("de").put("title", "Anmelden");

        SettingsOverlay.Derived derived = SettingsOverlay.derive(BASE, desired.toString());

        assertThat(derived.problems()).isEmpty();
        JsonNode overlay = json(derived.overlay());
        assertThat(overlay.get("pageTypes").get("thank-you")).isEqualTo(json("{\"categories\": [\"analytics\"]}"));
        assertThat(overlay.get("pageTypes").get("login").get("layout").asText()).isEqualTo("modal");
        assertThat(overlay.get("pageTypes").get("login").get("texts").get("en").isNull()).as("the English override removed").isTrue();
        assertThat(json(SettingsOverlay.apply(BASE, derived.overlay()))).isEqualTo(desired);
    }

    @Test
    void declarationEdits_moveAndRemoveByIdentity_andKeepOthersInPlace() throws Exception {
        ObjectNode desired = base();
        ArrayNode marketing = (ArrayNode) category(desired, "marketing").get("declarations");
        ArrayNode analytics = (ArrayNode) category(desired, "analytics").get("declarations");
        JsonNode utm = marketing.remove(4); // utm_attribution
        analytics.add(utm);
        ((ObjectNode) analytics.get(1)).put("retention", "12 months"); // _mx_, edited in place
        marketing.remove(0); // ads.js
        analytics.addObject().put("kind", "cookie").put("name", "_new").put("provider", "Metrics");

        SettingsOverlay.Derived derived = SettingsOverlay.derive(BASE, desired.toString());

        assertThat(derived.problems()).isEmpty();
        JsonNode entries = json(derived.overlay()).get("declarations");
        assertThat(entries).hasSize(4);
        assertThat(json(SettingsOverlay.apply(BASE, derived.overlay()))).isEqualTo(desired);
    }

    @Test
    void textsAndRegions_arePatched_withNullForRemoval() throws Exception {
        ObjectNode desired = base();
        ((ObjectNode) desired.get("regions")).remove("CA");
        ((ObjectNode) desired.get("regions")).put("BR", "opt-in");
        desired.putObject("texts").putObject("fr").put("title", "Vos choix");

        JsonNode overlay = json(SettingsOverlay.derive(BASE, desired.toString()).overlay());

        assertThat(overlay.get("regions")).isEqualTo(json("{\"CA\": null, \"BR\": \"opt-in\"}"));
        assertThat(overlay.get("texts")).isEqualTo(json("{\"fr\": {\"title\": \"Vos choix\"}}"));
        assertThat(json(SettingsOverlay.apply(BASE, overlay.toString()))).isEqualTo(desired);
    }

    @Test
    void editsOutsideTheSettings_areProblemsWithTheirPaths() throws Exception {
        ObjectNode desired = base();
        desired.putArray("signingKeys").addObject().put("id", "k9").put("secretFile", "/etc/passwd");
        ((ArrayNode) pageType(desired, "login").get("paths")).add("/signin");
        category(desired, "marketing").put("label", "Ads");
        desired.put("revision", 42); // managed by the store: not a problem

        SettingsOverlay.Derived derived = SettingsOverlay.derive(BASE, desired.toString());

        assertThat(derived.problems()).extracting(ConfigurationProblem::path)
                .containsExactlyInAnyOrder("$.signingKeys[0].id", "$.signingKeys[0].secretFile", "$.signingKeys[0].secretEnv",
                        "$.pageTypes[4].paths", "$.categories[3].label");
        assertThat(derived.problems()).allSatisfy(p -> assertThat(p.message()).contains("configuration files"));
    }

    @Test
    void changesToTheFiles_flowThroughAnOverlay() throws Exception {
        ObjectNode desired = base();
        pageType(desired, "thank-you").putArray("categories").add("analytics");
        category(desired, "analytics").withArray("declarations").addObject().put("kind", "cookie").put("name", "_x");
        String overlay = SettingsOverlay.derive(BASE, desired.toString()).overlay();

        // later, developers add a page type and a marketing declaration to the files
        ObjectNode files = base();
        ((ArrayNode) files.get("pageTypes")).addObject().put("id", "replay").putArray("paths").add("/webinars/*/replay");
        category(files, "marketing").withArray("declarations").addObject().put("kind", "cookie").put("name", "_fresh");
        ObjectNode applied = (ObjectNode) json(SettingsOverlay.apply(files.toString(), overlay));

        assertThat(pageType(applied, "replay")).isNotNull();
        assertThat(pageType(applied, "thank-you").get("categories")).isEqualTo(json("[\"analytics\"]"));
        assertThat(category(applied, "marketing").get("declarations").toString()).contains("_fresh");
        assertThat(category(applied, "analytics").get("declarations").toString()).contains("\"_x\"");
    }

    @Test
    void anOverlayForWhatTheFilesNoLongerHave_isIgnored() throws Exception {
        String overlay = "{\"pageTypes\": {\"webcast\": {\"layout\": \"modal\"}},"
                + " \"declarations\": [{\"category\": \"social\", \"kind\": \"cookie\", \"name\": \"_fb\"}]}";

        assertThat(json(SettingsOverlay.apply(BASE, overlay))).isEqualTo(base());
    }
}
