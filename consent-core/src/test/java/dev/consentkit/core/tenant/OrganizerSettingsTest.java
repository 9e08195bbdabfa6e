package dev.consentkit.core.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reviewing, saving, rolling back, exporting and importing an organizer's settings (on H2). */
class OrganizerSettingsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private SettingsDatabase db;
    private JdbcConfigurationStore store;
    private CachingPolicyRepository policies;
    private OrganizerSettings settings;

    @BeforeEach
    void open() throws Exception {
        db = new SettingsDatabase.H2();
        store = db.builder(SettingsFixtures.files(dir)).build();
        policies = SettingsFixtures.repository(store, false);
        settings = OrganizerSettings.builder(store).loader(TestPolicies.loader(Clock.systemUTC())).policies(policies).build();
    }

    @AfterEach
    void close() throws Exception {
        policies.close();
        db.close();
    }

    /** The tenant's configuration in force, edited. */
    private String draft(String tenant, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(settings.snapshot(tenant).effective());
        edit.accept(doc);
        return doc.toString();
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

    @Test
    void stoppingMarketingOnThankYou_isSavedAndInForceAtOnce_withoutAskingAgain() throws Exception {
        String draft = draft("acme", d -> pageType(d, "thank-you").putArray("categories").add("analytics"));

        SettingsReview review = settings.review("acme", draft);
        assertThat(review.valid()).isTrue();
        assertThat(review.changes()).extracting(Object::toString).containsExactly("Page type thank-you: no longer offers marketing");
        assertThat(review.asksAgain()).isFalse();
        assertThat(review.revisionAfter()).isEqualTo(review.revisionBefore()).isEqualTo(1);

        SettingsVersion saved = settings.save("acme", draft, review.basedOn(), "acme", "no ads after registering");

        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.comment()).isEqualTo("no ads after registering");
        assertThat(policies.policy("acme").pageType("thank-you").offers("marketing")).isFalse();
        assertThat(policies.policy("acme").revision()).isEqualTo(1);
    }

    @Test
    void offeringMore_raisesTheRevision_andSaysWhyBeforeSaving() throws Exception {
        String draft = draft("acme", d -> {
            pageType(d, "waiting-room").putArray("categories").add("preferences").add("analytics").add("marketing");
            category(d, "analytics").withArray("declarations").addObject().put("kind", "cookie").put("name", "_hj").put("provider", "Hotjar");
        });

        SettingsReview review = settings.review("acme", draft);

        assertThat(review.askAgainReasons()).containsExactly("the page type waiting-room now offers marketing",
                "cookie \"_hj\" is now declared as analytics");
        assertThat(review.revisionAfter()).isEqualTo(2);
        settings.save("acme", draft, 0, "acme", "");
        assertThat(policies.policy("acme").revision()).isEqualTo(2);
        assertThat(policies.policy("globex").revision()).as("other organizers keep theirs").isEqualTo(3);

        // wording only, afterwards: the revision stays
        String wording = draft("acme", d -> d.with("texts").with("en").put("title", "Cookies at Acme"));
        SettingsReview second = settings.review("acme", wording);
        assertThat(second.asksAgain()).isFalse();
        settings.save("acme", wording, 1, "acme", "");
        assertThat(policies.policy("acme").revision()).isEqualTo(2);
        assertThat(policies.policy("acme").texts(null, "en").get("title")).isEqualTo("Cookies at Acme");
    }

    @Test
    void problems_carryTheJsonPathOfTheirValue_andNothingIsSaved() throws Exception {
        String draft = draft("acme", d -> {
            pageType(d, "login").put("layout", "sidebar");
            d.putObject("regions").put("Mars", "opt-in");
            d.with("texts").with("en").put("bogus", "x");
            ((ArrayNode) category(d, "marketing").get("declarations")).addObject().put("kind", "cookie").put("name", "bad name;");
        });

        SettingsReview review = settings.review("acme", draft);

        assertThat(review.problems()).extracting(ConfigurationProblem::path).containsExactlyInAnyOrder(
                "$.pageTypes[4].layout", "$.regions.Mars", "$.texts.en.bogus", "$.categories[3].declarations[12].name");
        assertThatThrownBy(() -> settings.save("acme", draft, 0, "acme", "")).isInstanceOf(ConfigurationException.class);
        assertThat(settings.history("acme")).isEmpty();
    }

    @Test
    void whatTheFilesOwn_cannotBeChangedHere() throws Exception {
        String draft = draft("acme", d -> d.putArray("signingKeys").addObject().put("id", "mine").put("secret", TestPolicies.OTHER_SECRET));

        SettingsReview review = settings.review("acme", draft);

        assertThat(review.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.path()).startsWith("$.signingKeys[0]");
            assertThat(p.message()).contains("configuration files");
        });
    }

    @Test
    void aSaveFromAnOutdatedVersion_isRefused() throws Exception {
        String first = draft("acme", d -> pageType(d, "login").put("layout", "modal"));
        settings.save("acme", first, 0, "admin", "");
        String second = draft("acme", d -> pageType(d, "login").put("layout", "box"));

        assertThatThrownBy(() -> settings.save("acme", second, 0, "acme", "")).isInstanceOf(SettingsConflictException.class);
        assertThatThrownBy(() -> settings.save("acme", draft("acme", d -> { }), 1, "acme", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to save");
    }

    @Test
    void rollingBack_savesTheOldConfigurationAsANewVersion_andNeverLowersTheRevision() throws Exception {
        String more = draft("acme", d -> pageType(d, "login").putArray("categories").add("analytics").add("marketing"));
        settings.save("acme", more, 0, "acme", "marketing on login"); // v1, revision 2
        String less = draft("acme", d -> pageType(d, "login").putArray("categories").add("analytics"));
        settings.save("acme", less, 1, "acme", "no marketing on login"); // v2, revision 2

        assertThat(settings.diff("acme", 1, 2)).extracting(Object::toString).containsExactly("Page type login: no longer offers marketing");
        SettingsReview back = settings.reviewRollback("acme", 1);
        assertThat(back.changes()).extracting(Object::toString).containsExactly("Page type login: now offers marketing");
        assertThat(back.revisionAfter()).as("offering marketing again asks again").isEqualTo(3);
        SettingsVersion v3 = settings.save("acme", back.document(), back.basedOn(), "acme", "roll back to version 1");

        assertThat(v3.version()).isEqualTo(3);
        assertThat(settings.history("acme")).extracting(SettingsVersion::version).containsExactly(3, 2, 1);
        assertThat(policies.policy("acme").pageType("login").offers("marketing")).isTrue();
        assertThat(policies.policy("acme").revision()).isEqualTo(3);
        SettingsReview toFiles = settings.reviewRollback("acme", 0);
        assertThat(toFiles.revisionAfter()).as("the files offer less: no reason to ask").isEqualTo(3);
    }

    @Test
    void anExportedVersion_importsToTheSameConfiguration() throws Exception {
        String draft = draft("acme", d -> {
            pageType(d, "thank-you").put("layout", "modal");
            d.with("regions").put("BR", "opt-in");
        });
        settings.save("acme", draft, 0, "acme", "");
        String exported = settings.export("acme", 1);
        JsonNode file = MAPPER.readTree(exported);
        assertThat(file.get("organizer").get("name").asText()).as("like acme.json").isEqualTo("Acme Events");
        assertThat(file.has("signingKeys")).as("only what differs from the platform default").isFalse();

        settings.save("acme", draft("acme", d -> pageType(d, "thank-you").put("layout", "bar")), 1, "acme", "");
        SettingsReview imported = settings.reviewImport("acme", exported);

        assertThat(imported.valid()).isTrue();
        assertThat(imported.changes()).extracting(Object::toString).containsExactly("Page type thank-you: banner layout bar → modal");
        assertThat(settings.reviewImport("acme", "{ not json").problems()).extracting(ConfigurationProblem::source).containsExactly("import.json");
    }

    @Test
    void theCompiledDraft_isThePolicyThatSavingWouldPutInForce() throws Exception {
        String draft = draft("acme", d -> pageType(d, "registration").putArray("categories").add("analytics"));

        Policy preview = settings.compile("acme", draft);

        assertThat(preview.pageType("registration").offers("marketing")).isFalse();
        assertThat(policies.policy("acme").pageType("registration").offers("marketing")).as("nothing saved").isTrue();
        assertThatThrownBy(() -> settings.compile("acme", draft("acme", d -> pageType(d, "login").put("layout", "x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("$.pageTypes[4].layout");
        assertThat(settings.compile(Policy.DEFAULT_TENANT, settings.snapshot(Policy.DEFAULT_TENANT).effective()).tenant())
                .isEqualTo(Policy.DEFAULT_TENANT);
    }
}
