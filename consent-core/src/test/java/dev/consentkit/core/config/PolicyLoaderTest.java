package dev.consentkit.core.config;

import dev.consentkit.core.Layout;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.UndeclaredPolicy;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PolicyLoaderTest {

    private static final String KEYS = "\"signingKeys\": [{\"id\": \"k1\", \"secret\": \"" + TestPolicies.TEST_SECRET + "\"}]";

    private final PolicyLoader loader = TestPolicies.loader(Clock.systemUTC());

    private List<ConfigurationProblem> problems(String json) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> loader.parse("acme", "acme.json", json));
        assertThat(e).as("expected the configuration to be rejected").isNotNull();
        return e.problems();
    }

    private static String minimal(String extra) {
        return "{" + KEYS + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void exampleConfiguration_loads() {
        Policy p = TestPolicies.example();
        assertThat(p.tenant()).isEqualTo("default");
        assertThat(p.revision()).isEqualTo(1);
        assertThat(p.categories()).extracting(c -> c.id()).containsExactly("necessary", "preferences", "analytics", "marketing");
        assertThat(p.pageTypes()).extracting(t -> t.id()).containsExactly("registration", "waiting-room", "thank-you", "profile", "login");
        assertThat(p.pageType("profile").layout()).isEqualTo(Layout.MODAL);
        assertThat(p.pageType("waiting-room").offered()).containsExactlyInAnyOrder("necessary", "preferences", "analytics");
        assertThat(p.regimeFor("US")).isEqualTo(Regime.OPT_OUT);
        assertThat(p.consentLifetime()).isEqualTo(Period.ofMonths(6));
        assertThat(p.undeclaredPolicy()).isEqualTo(UndeclaredPolicy.BLOCK);
        assertThat(p.category("marketing").refusedByGpc()).isTrue();
        assertThat(p.category("analytics").refusedByGpc()).isFalse();
        assertThat(p.category("marketing").consentModeSignals()).containsExactly("ad_storage", "ad_user_data", "ad_personalization");
        assertThat(p.theme()).containsEntry("--ck-accent", "#1f4fd1");
        assertThat(p.organizer().privacyPolicyUrl()).isEqualTo("/privacy");
    }

    @Test
    void minimalConfiguration_hasTheDocumentedDefaults() {
        Policy p = loader.parse("t", "t.json", minimal(""));
        assertThat(p.revision()).isEqualTo(1);
        assertThat(p.defaultLocale()).isEqualTo("en");
        assertThat(p.consentLifetime()).isEqualTo(Period.ofMonths(6));
        assertThat(p.undeclaredPolicy()).isEqualTo(UndeclaredPolicy.BLOCK);
        assertThat(p.categories()).extracting(c -> c.id()).containsExactly("necessary");
        assertThat(p.regimeFor("DE")).isEqualTo(Regime.OPT_IN);
        assertThat(p.regimeFor("US")).isEqualTo(Regime.OPT_IN);
        assertThat(p.locales()).hasSize(26);
    }

    @Test
    void aPageTypeWithoutCategories_offersEveryCategory() {
        Policy p = loader.parse("t", "t.json", minimal("\"categories\": [{\"id\": \"analytics\"}], "
                + "\"pageTypes\": [{\"id\": \"registration\", \"paths\": [\"/r\"]}]"));
        assertThat(p.pageType("registration").offered()).containsExactlyInAnyOrder("necessary", "analytics");
    }

    @Test
    void problem_carriesPathLineAndColumn() {
        String json = "{\n  " + KEYS + ",\n  \"undeclared\": \"maybe\"\n}";
        List<ConfigurationProblem> found = problems(json);
        assertThat(found).hasSize(1);
        ConfigurationProblem p = found.get(0);
        assertThat(p.source()).isEqualTo("acme.json");
        assertThat(p.path()).isEqualTo("$.undeclared");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("must be one of block, allow, was \"maybe\"");
        assertThat(p.toString()).isEqualTo("acme.json:3:3: $.undeclared: must be one of block, allow, was \"maybe\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            // description | extra JSON | expected path | expected message fragment
            "unknown field | \"colour\": 1 | $.colour | unknown field \"colour\"",
            "unknown nested field | \"organizer\": {\"nam\": \"x\"} | $.organizer.nam | unknown field \"nam\"",
            "wrong type | \"revision\": \"2\" | $.revision | must be an integer, was a string",
            "negative revision | \"revision\": -1 | $.revision | must be between 0 and",
            "bad enum | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"x\", \"match\": \"glob\"}]}] | $.categories[0].declarations[0].match | must be one of exact, prefix, regex, was \"glob\"",
            "bad kind | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"flash\", \"name\": \"x\"}]}] | $.categories[0].declarations[0].kind | must be one of cookie, localStorage",
            "missing name | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\"}]}] | $.categories[0].declarations[0].name | is required",
            "bad category id | \"categories\": [{\"id\": \"Ana Lytics\"}] | $.categories[0].id | must be a category id",
            "duplicate category | \"categories\": [{\"id\": \"analytics\"}, {\"id\": \"analytics\"}] | $.categories[1].id | duplicate category id \"analytics\"",
            "duplicate page type | \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"/a\"]}, {\"id\": \"login\", \"paths\": [\"/b\"]}] | $.pageTypes[1].id | duplicate page type id \"login\"",
            "missing category | \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"/login\"], \"categories\": [\"marketing\"]}] | $.pageTypes[0].categories[0] | refers to category \"marketing\", which is not configured",
            "category listed twice | \"categories\": [{\"id\": \"analytics\"}], \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"/login\"], \"categories\": [\"analytics\", \"analytics\"]}] | $.pageTypes[0].categories[1] | lists category \"analytics\" twice",
            "no paths | \"pageTypes\": [{\"id\": \"login\", \"paths\": []}] | $.pageTypes[0].paths | must have at least 1 entry",
            "relative path | \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"login\"]}] | $.pageTypes[0].paths[0] | must be a path pattern starting with '/'",
            "star mid-segment | \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"/lo*in\"]}] | $.pageTypes[0].paths[0] | '*' may only end a path segment",
            "bad layout | \"pageTypes\": [{\"id\": \"login\", \"paths\": [\"/l\"], \"layout\": \"popup\"}] | $.pageTypes[0].layout | must be one of bar, box, modal",
            "regex does not compile | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"([a-z]\", \"match\": \"regex\"}]}] | $.categories[0].declarations[0].name | is not a valid regular expression",
            "catastrophic regex | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"(a+)+b\", \"match\": \"regex\"}]}] | $.categories[0].declarations[0].name | nested quantifiers",
            "bad cookie name | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"a b;c\"}]}] | $.categories[0].declarations[0].name | is not a valid cookie name",
            "declared twice | \"categories\": [{\"id\": \"a\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"x\"}]}, {\"id\": \"b\", \"declarations\": [{\"kind\": \"cookie\", \"name\": \"x\"}]}] | $.categories[1].declarations[0].name | is already declared at $.categories[0].declarations[0]",
            "lifetime over 13 months | \"consentLifetime\": \"P14M\" | $.consentLifetime | must be at most 13 months",
            "lifetime in days over 13 months | \"consentLifetime\": \"P400D\" | $.consentLifetime | must be at most 13 months",
            "lifetime zero | \"consentLifetime\": \"P0D\" | $.consentLifetime | must be longer than zero",
            "lifetime not a period | \"consentLifetime\": \"6 months\" | $.consentLifetime | must be an ISO-8601 period",
            "bad region key | \"regions\": {\"Germany\": \"opt-in\"} | $.regions.Germany | is not a two-letter country code",
            "bad regime | \"regions\": {\"US\": \"opt-maybe\"} | $.regions.US | must be one of opt-in, opt-out, notice",
            "bad locale | \"defaultLocale\": \"EN_us\" | $.defaultLocale | must be a lower-case locale tag",
            "unknown text key | \"texts\": {\"en\": {\"titel\": \"x\"}} | $.texts.en.titel | unknown text key \"titel\"",
            "text for missing category | \"texts\": {\"en\": {\"category.ads.label\": \"x\"}} | $.texts.en[\"category.ads.label\"] | unknown text key",
            "custom category without label | \"categories\": [{\"id\": \"social\"}] | $.categories[0].label | category \"social\" is not a standard category",
            "default locale without texts | \"defaultLocale\": \"ar\" | $.texts | the default locale \"ar\" has no bundled texts",
            "locale list without default | \"locales\": [\"de\"] | $.locales | must include the default locale \"en\"",
            "locale without texts | \"locales\": [\"en\", \"ja\"] | $.locales[1] | locale \"ja\" has no bundled texts",
            "theme injection | \"theme\": {\"--ck-accent\": \"red;}body{display:none\"} | $.theme[\"--ck-accent\"] | must be a plain CSS value",
            "theme url | \"theme\": {\"--ck-bg\": \"url(https)\"} | $.theme[\"--ck-bg\"] | must not load resources",
            "theme key | \"theme\": {\"color\": \"red\"} | $.theme.color | is not a CSS custom property",
            "javascript url | \"organizer\": {\"privacyPolicyUrl\": \"javascript:alert(1)\"} | $.organizer.privacyPolicyUrl | must be an http(s) URL or a path",
            "wait too long | \"consentMode\": {\"waitForUpdate\": 60000} | $.consentMode.waitForUpdate | must be between 0 and 10000",
    })
    void invalidConfiguration_isRejectedWithItsPath(String description, String extra, String path, String message) {
        List<ConfigurationProblem> found = problems(minimal(extra));
        assertThat(found).as(description).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
            assertThat(p.line()).isPositive();
        });
    }

    @Test
    void moreCategoriesThanTheTokenCanCarry_areAProblem_notAnException() {
        StringBuilder categories = new StringBuilder("\"categories\": [");
        for (int i = 0; i < Policy.MAX_CATEGORIES; i++) {
            categories.append(i > 0 ? "," : "").append("{\"id\": \"c").append(i).append("\", \"label\": \"C\", \"description\": \"C\"}");
        }
        assertThat(problems(minimal(categories.append("]").toString()))).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("$.categories");
            assertThat(p.message()).contains("at most " + Policy.MAX_CATEGORIES);
        });
    }

    @Test
    void missingSigningKeys_areAProblem() {
        assertThat(problems("{}")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$.signingKeys");
            assertThat(p.message()).contains("at least one signing key is required");
        });
        assertThat(problems("{\"signingKeys\": []}")).extracting(ConfigurationProblem::path).contains("$.signingKeys");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "short secret | {\"id\": \"k\", \"secret\": \"c2hvcnQ=\"} | $.signingKeys[0].secret | the secret has 5 bytes; at least 32",
            "not base64 | {\"id\": \"k\", \"secret\": \"%%%%\"} | $.signingKeys[0].secret | not base64",
            "two sources | {\"id\": \"k\", \"secret\": \"x\", \"secretEnv\": \"X\"} | $.signingKeys[0] | exactly one of secret, secretEnv, secretFile; has secret, secretEnv",
            "no source | {\"id\": \"k\"} | $.signingKeys[0] | has none",
            "unset variable | {\"id\": \"k\", \"secretEnv\": \"NOT_SET_ANYWHERE\"} | $.signingKeys[0].secretEnv | environment variable NOT_SET_ANYWHERE is not set",
            "missing file | {\"id\": \"k\", \"secretFile\": \"/nonexistent/key\"} | $.signingKeys[0].secretFile | cannot read",
            "bad id | {\"id\": \"k 1\", \"secretEnv\": \"CONSENTKIT_KEY\"} | $.signingKeys[0].id | must be 1 to 32 characters",
    })
    void badSigningKeys_areRejected(String description, String key, String path, String message) {
        assertThat(problems("{\"signingKeys\": [" + key + "]}")).as(description).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void duplicateKeyIds_areRejected() {
        String k = "{\"id\": \"k\", \"secretEnv\": \"CONSENTKIT_KEY\"}";
        assertThat(problems("{\"signingKeys\": [" + k + ", " + k + "]}"))
                .anySatisfy(p -> assertThat(p.message()).isEqualTo("duplicate signing key id \"k\""));
    }

    @Test
    void secretFile_isResolvedAgainstTheConfigurationFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("key.b64"), TestPolicies.TEST_SECRET + "\n");
        Path config = dir.resolve("consentkit.json");
        Files.writeString(config, "{\"signingKeys\": [{\"id\": \"k\", \"secretFile\": \"key.b64\"}]}");
        assertThat(loader.load(config).tokens().signingKey().id()).isEqualTo("k");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        String json = "{\"revision\": \"x\", \"undeclared\": \"no\", \"consentLifetime\": \"P2Y\", \"extra\": true,"
                + " \"categories\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}";
        List<ConfigurationProblem> found = problems(json);
        assertThat(found).extracting(ConfigurationProblem::path).contains("$.revision", "$.undeclared", "$.consentLifetime",
                "$.extra", "$.categories[1].id", "$.signingKeys", "$.categories[0].label");
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> loader.parse("t", "t.json", json));
        assertThat(e.getMessage()).startsWith(found.size() + " problems in the ConsentKit configuration:")
                .contains("t.json:1:2: $.revision: must be an integer, was a string");
    }

    @Test
    void notJson_isOneProblemWithItsPosition() {
        assertThat(problems("{\n  \"revision\": 1,\n  oops\n}")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid JSON");
        });
        assertThat(problems("")).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("the document is empty"));
        assertThat(problems("[1]")).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("must be an object, was an array"));
        assertThat(problems("{} {}")).singleElement().satisfies(p -> assertThat(p.message()).contains("after the end"));
    }

    @Test
    void duplicateJsonKeys_areAProblem_notLastOneWins() {
        assertThat(problems("{" + KEYS + ", \"revision\": 1, \"revision\": 2}")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$.revision");
            assertThat(p.message()).isEqualTo("duplicate key \"revision\"");
        });
    }

    @Test
    void tenantLayer_isMergedOverThePlatformDefault_asAMergePatch() {
        String platform = minimal("\"categories\": [{\"id\": \"analytics\"}, {\"id\": \"marketing\"}], "
                + "\"texts\": {\"en\": {\"title\": \"Platform\", \"save\": \"Keep\"}}, \"regions\": {\"US\": \"opt-out\"}");
        String tenant = "{\"organizer\": {\"name\": \"Acme\"}, \"texts\": {\"en\": {\"title\": \"Acme\"}}, "
                + "\"regions\": {\"US\": null}, \"categories\": [{\"id\": \"analytics\"}]}";
        Policy p = loader.load("acme", List.of(ConfigurationSource.of("default.json", platform), ConfigurationSource.of("acme.json", tenant)));
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.organizer().name()).isEqualTo("Acme");
        assertThat(p.textOverrides().get("en")).containsEntry("title", "Acme").containsEntry("save", "Keep");
        assertThat(p.regimeFor("US")).isEqualTo(Regime.OPT_IN); // null removed the platform's entry
        assertThat(p.categories()).extracting(c -> c.id()).containsExactly("necessary", "analytics"); // arrays replace
    }

    @Test
    void problemsInATenantLayer_pointIntoTheTenantFile() {
        String platform = minimal("");
        String tenant = "{\n\"organizer\": {\"name\": \"Acme\"},\n\"undeclared\": \"sometimes\"\n}";
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> loader.load("acme",
                List.of(ConfigurationSource.of("default.json", platform), ConfigurationSource.of("acme.json", tenant))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("acme.json");
            assertThat(p.line()).isEqualTo(3);
        });
    }

    @Test
    void validate_returnsProblemsWithoutThrowing() {
        assertThat(loader.validate(List.of(ConfigurationSource.of("x.json", minimal(""))))).isEmpty();
        assertThat(loader.validate(List.of(ConfigurationSource.of("x.json", "{}")))).hasSize(1);
    }

    @Test
    void localizedTexts_acceptAStringOrALocaleMap() {
        Policy p = loader.parse("t", "t.json", minimal("\"categories\": [{\"id\": \"social\", \"label\": \"Social\", "
                + "\"description\": {\"en\": \"Share buttons\", \"de\": \"Teilen-Knöpfe\"}}]"));
        assertThat(p.category("social").label().values()).isEqualTo(Map.of("en", "Social"));
        assertThat(p.category("social").description().in("de", "en")).isEqualTo("Teilen-Knöpfe");
    }

    @Test
    void emptyDocumentName_orNullArguments_failFast() {
        assertThatThrownBy(() -> loader.load("t", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loader.load(null, List.of())).isInstanceOf(NullPointerException.class);
    }
}
