package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings store on one database; run on H2 and on PostgreSQL. */
abstract class JdbcConfigurationStoreContract {

    private static final String NO_MARKETING_AFTER_REGISTERING = "{\"pageTypes\": {\"thank-you\": {\"categories\": [\"analytics\"]}}}\n";
    private static final String MARKETING_IN_THE_WAITING_ROOM =
            "{\"pageTypes\": {\"waiting-room\": {\"categories\": [\"preferences\", \"analytics\", \"marketing\"]}}}\n";

    @TempDir
    Path dir;

    SettingsDatabase db;
    JdbcConfigurationStore store;

    abstract SettingsDatabase database();

    @BeforeEach
    void open() throws Exception {
        db = database();
        store = db.builder(SettingsFixtures.files(dir)).build();
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void versions_areNumberedAndKept_newestFirst() {
        store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 1, "acme", "no marketing after registering");
        store.append("acme", 1, "{}\n", 0, 1, "admin", null);

        assertThat(store.latest("acme")).get().extracting(SettingsVersion::version, SettingsVersion::author).containsExactly(2, "admin");
        assertThat(store.history("acme")).extracting(SettingsVersion::version).containsExactly(2, 1);
        assertThat(store.version("acme", 1)).get().satisfies(v -> {
            assertThat(v.overlay()).isEqualTo(NO_MARKETING_AFTER_REGISTERING);
            assertThat(v.comment()).isEqualTo("no marketing after registering");
            assertThat(v.savedAt()).isNotNull();
        });
        assertThat(store.history("globex")).isEmpty();
    }

    @Test
    void savingFromAnOutdatedVersion_isAConflict_andSavesNothing() {
        store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 1, "acme", "");

        assertThatThrownBy(() -> store.append("acme", 0, "{}\n", 0, 1, "someone", ""))
                .isInstanceOf(SettingsConflictException.class)
                .hasMessageContaining("at version 1, not 0");
        assertThat(store.history("acme")).hasSize(1);
    }

    @Test
    void theEdits_areLaidOverTheFiles_andTheBumpsRaiseTheRevision() throws Exception {
        try (CachingPolicyRepository policies = SettingsFixtures.repository(store, false)) {
            assertThat(policies.policy("acme").pageType("thank-you").offers("marketing")).isTrue();
            assertThat(policies.policy("globex").revision()).isEqualTo(3);

            store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 1, "acme", "");
            store.append("globex", 0, MARKETING_IN_THE_WAITING_ROOM, 1, 4, "globex", "");
            policies.reload("acme");
            policies.reload("globex");

            Policy acme = policies.policy("acme");
            assertThat(acme.pageType("thank-you").offers("marketing")).isFalse();
            assertThat(acme.organizer().name()).as("the file still counts").isEqualTo("Acme Events");
            assertThat(acme.revision()).isEqualTo(1);
            Policy globex = policies.policy("globex");
            assertThat(globex.pageType("waiting-room").offers("marketing")).isTrue();
            assertThat(globex.pageType("registration").offers("marketing")).as("globex's own page types").isFalse();
            assertThat(globex.revision()).isEqualTo(4);
        }
        List<ConfigurationSource> layers = store.layers("globex").orElseThrow();
        assertThat(layers).extracting(ConfigurationSource::name)
                .containsExactly("default.json", "globex.json", "globex settings v1", "settings revision");
    }

    @Test
    void thePlatformOperatorsEdits_reachEveryTenant() throws Exception {
        store.append(Policy.DEFAULT_TENANT, 0, "{\"regions\": {\"BR\": \"opt-in\", \"US\": \"notice\"}}", 0, 1, "admin", "");

        try (CachingPolicyRepository policies = SettingsFixtures.repository(store, false)) {
            assertThat(policies.policy("acme").regimeFor("US").id()).isEqualTo("notice");
            assertThat(policies.policy(Policy.DEFAULT_TENANT).regimeFor("US").id()).isEqualTo("notice");
            assertThat(policies.policy("globex").regimeFor("US").id()).as("globex's file says opt-in").isEqualTo("opt-in");
        }
    }

    @Test
    void aTenantWithOnlySettings_isATenant() throws Exception {
        assertThat(store.tenants()).containsExactly("acme", "globex");
        assertThat(store.layers("initech")).isEmpty();

        store.append("initech", 0, "{\"regions\": {\"FR\": \"notice\"}}", 0, 1, "admin", "");

        assertThat(store.tenants()).containsExactly("acme", "globex", "initech");
        try (CachingPolicyRepository policies = SettingsFixtures.repository(store, false)) {
            assertThat(policies.policy("initech").tenant()).isEqualTo("initech");
            assertThat(policies.policy("initech").regimeFor("FR").id()).isEqualTo("notice");
        }
    }

    @Test
    void theSingleDocumentsOfTheStore_composeToTheSameConfiguration() throws Exception {
        store.append(Policy.DEFAULT_TENANT, 0, "{\"regions\": {\"US\": null}}", 1, 2, "admin", "");
        store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 2, "acme", "");

        Policy fromLayers = TestPolicies.loader(Clock.systemUTC()).load("acme", store.layers("acme").orElseThrow());
        Policy fromTwo = TestPolicies.loader(Clock.systemUTC()).load("acme",
                List.of(store.platformDefault().orElseThrow(), store.tenant("acme").orElseThrow()));

        assertThat(fromTwo.revision()).isEqualTo(fromLayers.revision()).isEqualTo(2);
        assertThat(fromTwo.regimeFor("US")).isEqualTo(fromLayers.regimeFor("US"));
        assertThat(fromTwo.pageType("thank-you").offered()).isEqualTo(fromLayers.pageType("thank-you").offered());
    }

    @Test
    void twoInstancesOnOneDatabase_applyEachOthersSaves_withinSeconds() throws Exception {
        try (JdbcConfigurationStore other = db.builder(new DirectoryConfigurationStore(dir)).build();
             CachingPolicyRepository here = SettingsFixtures.repository(store, true);
             CachingPolicyRepository there = SettingsFixtures.repository(other, true)) {
            assertThat(there.policy("acme").pageType("thank-you").offers("marketing")).isTrue();

            store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 1, "acme", "");

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (there.policy("acme").pageType("thank-you").offers("marketing") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(there.policy("acme").pageType("thank-you").offers("marketing")).as("the other instance reloaded").isFalse();
            assertThat(here.policy("acme").pageType("thank-you").offers("marketing")).isFalse();
        }
    }

    @Test
    void startingAgain_keepsTheTablesAndTheHistory() throws Exception {
        store.append("acme", 0, NO_MARKETING_AFTER_REGISTERING, 0, 1, "acme", "");

        try (JdbcConfigurationStore again = db.builder(new DirectoryConfigurationStore(dir)).build()) {
            assertThat(again.history("acme")).hasSize(1);
            assertThat(again.append("acme", 1, "{}\n", 0, 1, "acme", "").version()).isEqualTo(2);
        }
    }
}
