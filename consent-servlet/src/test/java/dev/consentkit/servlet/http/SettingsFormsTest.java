package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.config.JsonMergePatch;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings forms: a form read from its fields, applied over the configuration, and where each value came from. */
class SettingsFormsTest {

    private static final JsonNode EFFECTIVE = SettingsForms.parse(JsonMergePatch.apply(TestPolicies.exampleJson(), "{}"));

    private static SettingsForms.Params params(Map<String, String> fields) {
        return SettingsForms.Params.of(fields::get);
    }

    private record Applied(ObjectNode draft, FieldMap fields, List<SettingsForms.FormProblem> problems) {
    }

    private static Applied apply(SettingsForms.Form form) {
        FieldMap fields = new FieldMap();
        List<SettingsForms.FormProblem> problems = new ArrayList<>();
        ObjectNode draft = form.apply(EFFECTIVE, fields, problems);
        return new Applied(draft, fields, problems);
    }

    private static JsonNode pageType(JsonNode doc, String id) {
        return SettingsForms.pageType(doc, id);
    }

    @Test
    void aFormAsRendered_appliesToTheSameConfiguration() {
        for (SettingsForms.Form form : List.of(SettingsForms.PagesForm.of(EFFECTIVE), SettingsForms.RegionsForm.of(EFFECTIVE),
                SettingsForms.DeclarationsForm.of(EFFECTIVE), SettingsForms.TextsForm.of(EFFECTIVE, "", "en"),
                SettingsForms.TextsForm.of(EFFECTIVE, "login", "en"))) {
            Applied a = apply(form);
            assertThat(a.draft()).as(form.getClass().getSimpleName()).isEqualTo(EFFECTIVE);
            assertThat(a.problems()).isEmpty();
        }
    }

    @Test
    void pageTypes_fromTheirFields_andFieldsForTheirPaths() {
        Map<String, String> fields = new HashMap<>(Map.of("pt.0.id", "thank-you", "pt.0.offer.analytics", "on", "pt.0.layout", "modal"));

        Applied a = apply(SettingsForms.PagesForm.parse(params(fields), EFFECTIVE));

        assertThat(pageType(a.draft(), "thank-you").get("categories").toString()).isEqualTo("[\"analytics\"]");
        assertThat(pageType(a.draft(), "thank-you").get("layout").asText()).isEqualTo("modal");
        assertThat(pageType(a.draft(), "registration")).as("page types the form does not carry stay").isEqualTo(pageType(EFFECTIVE, "registration"));
        assertThat(a.fields().place("$.pageTypes[2].categories[0]")).isEqualTo("pt-0-offers");
        assertThat(a.fields().place("$.pageTypes[2].layout")).isEqualTo("pt-0-layout");
        assertThat(a.fields().place("$.pageTypes[2].paths[0]")).isEqualTo("pt-0");
        assertThat(a.fields().place("$.signingKeys[0]")).isNull();
    }

    @Test
    void aPageTypeTheFilesNoLongerHave_isAProblemOnItsRow() {
        Applied a = apply(SettingsForms.PagesForm.parse(params(Map.of("pt.0.id", "webcast")), EFFECTIVE));

        assertThat(a.problems()).extracting(SettingsForms.FormProblem::field).containsExactly("pt-0");
    }

    @Test
    void texts_emptyMeansTheDefault_andOnlyCarriedKeysChange() {
        Map<String, String> fields = Map.of("scope", "registration", "locale", "en", "t.title", "  ", "t.acceptAll", " Yes ");

        Applied a = apply(SettingsForms.TextsForm.parse(params(fields), EFFECTIVE));

        assertThat(pageType(a.draft(), "registration").path("texts").path("en").toString()).isEqualTo("{\"acceptAll\":\"Yes\"}");
        assertThat(a.fields().place("$.pageTypes[0].texts.en.acceptAll")).isEqualTo("text-2");
        assertThat(a.fields().place("$.pageTypes[0].texts.en[\"category.analytics.label\"]")).isEqualTo("text-" 
                + SettingsForms.textKeys(EFFECTIVE).indexOf("category.analytics.label"));
        assertThat(a.fields().place("$.pageTypes[0].texts.en.bogus")).as("an unknown key: the texts").isEqualTo("texts");
    }

    @ParameterizedTest(name = "scope {0}, locale {1}")
    @CsvSource({"webcast, en", "'', EN", "'../x', en", "'', ''"})
    void texts_refuseAnUnknownScopeOrABadLocale(String scope, String locale) {
        assertThatThrownBy(() -> SettingsForms.TextsForm.parse(params(Map.of("scope", scope, "locale", locale)), EFFECTIVE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regions_setClearAndAdd() {
        Map<String, String> fields = Map.of("r.0.key", "US", "r.0.regime", "", "r.1.key", "CA", "r.1.regime", "notice",
                "r.new.key", " br ", "r.new.regime", "opt-in");

        Applied a = apply(SettingsForms.RegionsForm.parse(params(fields), EFFECTIVE));

        assertThat(a.draft().get("regions").has("US")).isFalse();
        assertThat(a.draft().get("regions").get("CA").asText()).isEqualTo("notice");
        assertThat(a.draft().get("regions").get("BR").asText()).isEqualTo("opt-in");
        assertThat(a.draft().get("regions").get("EEA").asText()).as("not in the form: as it was").isEqualTo("opt-in");
        assertThat(a.fields().place("$.regions.CA")).isEqualTo("r-1-regime");
        assertThat(a.fields().place("$.regions.BR")).isEqualTo("r-new-key");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"br, BR", "eea, EEA", "Other, other", "UNKNOWN, unknown", "Mars, Mars"})
    void regions_areNormalizedAsTyped(String typed, String key) {
        assertThat(SettingsForms.RegionsForm.normalize(typed)).isEqualTo(key);
    }

    @Test
    void declarations_areEditedMovedDeletedAndAdded_keepingWhatTheFormDoesNotShow() {
        SettingsForms.DeclarationsForm initial = SettingsForms.DeclarationsForm.of(EFFECTIVE);
        Map<String, String> fields = new HashMap<>();
        List<SettingsForms.DeclarationRow> rows = initial.rows();
        for (int n = 0; n < rows.size(); n++) {
            SettingsForms.DeclarationRow r = rows.get(n);
            fields.put("d." + n + ".orig", r.original());
            fields.put("d." + n + ".category", r.category());
            fields.put("d." + n + ".kind", r.kind());
            fields.put("d." + n + ".name", r.name());
            fields.put("d." + n + ".match", r.match());
            fields.put("d." + n + ".provider", r.provider());
            fields.put("d." + n + ".purpose", r.purpose());
            fields.put("d." + n + ".retention", r.retention());
            switch (r.name()) {
                case "srv_visit" -> fields.put("d." + n + ".retention", "7 days");
                case "utm_attribution" -> fields.put("d." + n + ".category", "analytics");
                case "st_viewer" -> fields.put("d." + n + ".delete", "on");
                default -> {
                }
            }
        }
        fields.putAll(Map.of("new.kind", "cookie", "new.name", "_hjid", "new.match", "exact", "new.category", "analytics",
                "new.provider", "Hotjar"));

        Applied a = apply(SettingsForms.DeclarationsForm.parse(params(fields), EFFECTIVE));

        String analytics = a.draft().get("categories").get(2).get("declarations").toString();
        String marketing = a.draft().get("categories").get(3).get("declarations").toString();
        assertThat(analytics).contains("\"name\":\"srv_visit\",\"provider\":\"This site\",\"purpose\":\"Counts returning visitors on the server.\","
                + "\"retention\":\"7 days\"", "utm_attribution", "{\"kind\":\"cookie\",\"name\":\"_hjid\",\"provider\":\"Hotjar\"}");
        assertThat(marketing).doesNotContain("utm_attribution", "st_viewer");
        assertThat(a.draft().get("categories").get(0)).as("untouched categories stay").isEqualTo(EFFECTIVE.get("categories").get(0));
        int hj = a.draft().get("categories").get(2).get("declarations").size() - 1;
        assertThat(a.fields().place("$.categories[2].declarations[" + hj + "].name")).isEqualTo("d-" + rows.size() + "-name");
        assertThat(a.fields().place("$.categories[2].declarations[2].retention")).as("srv_visit, in place").isEqualTo("d-12-retention");
    }

    @Test
    void aSmallFormNamingOnlyANewDeclaration_keepsEveryOther() {
        Map<String, String> fields = Map.of("new.kind", "localStorage", "new.name", "promo", "new.match", "exact", "new.category", "marketing");

        SettingsForms.DeclarationsForm form = SettingsForms.DeclarationsForm.parse(params(fields), EFFECTIVE);
        Applied a = apply(form);

        assertThat(form.allRows()).hasSize(SettingsForms.DeclarationsForm.of(EFFECTIVE).rows().size() + 1);
        assertThat(a.draft().get("categories").get(3).get("declarations").size())
                .isEqualTo(EFFECTIVE.get("categories").get(3).get("declarations").size() + 1);
    }

    @Test
    void aDeclarationMovedToACategoryThatDoesNotExist_isAProblemOnItsField() {
        Applied a = apply(SettingsForms.DeclarationsForm.parse(params(Map.of("new.kind", "cookie", "new.name", "x", "new.category", "social")),
                EFFECTIVE));

        assertThat(a.problems()).singleElement().satisfies(p -> assertThat(p.field()).endsWith("-category"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "$.a.b.c                              | $.a.b",
            "$.a[3]                               | $.a",
            "$.texts.en[\"category.x.label\"]     | $.texts.en",
            "$.a                                  | $",
            "$                                    | ''",
    })
    void parentPaths(String path, String parent) {
        assertThat(FieldMap.parent(path)).isEqualTo(parent.isEmpty() ? null : parent);
    }
}
