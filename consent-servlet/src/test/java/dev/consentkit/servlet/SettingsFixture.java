package dev.consentkit.servlet;

import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.core.tenant.DirectoryConfigurationStore;
import dev.consentkit.core.tenant.JdbcConfigurationStore;
import dev.consentkit.core.tenant.OrganizerSettings;
import dev.consentkit.core.testing.TestPolicies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Configuration files (the documented example as the platform default, and two organizers), the
 * settings store over them on a database, and the repository and settings that use them.
 */
public final class SettingsFixture implements AutoCloseable {

    /** The platform operator's password. */
    public static final String OPERATOR_PASSWORD = "operator-password";
    /** Acme's organizer password. */
    public static final String ACME_PASSWORD = "acme-organizer-pw";
    /** Globex's organizer password. */
    public static final String GLOBEX_PASSWORD = "globex-organizer-pw";

    public static final String ACME = """
            {"organizer": {"name": "Acme Events"}, "texts": {"en": {"title": "Acme respects your privacy"}}}
            """;
    public static final String GLOBEX = """
            {"organizer": {"name": "Globex"}, "regions": {"US": "opt-in"}}
            """;

    public final Path directory;
    public final String url;
    public final JdbcConfigurationStore store;
    public final CachingPolicyRepository policies;
    public final OrganizerSettings settings;

    private SettingsFixture(Path directory, String url, String tablePrefix, boolean watch) {
        this.directory = directory;
        this.url = url;
        this.store = JdbcConfigurationStore.builder(new DirectoryConfigurationStore(directory)).url(url).tablePrefix(tablePrefix)
                .pollInterval(Duration.ofMillis(200)).build();
        this.policies = CachingPolicyRepository.builder(store).loader(TestPolicies.loader(Clock.systemUTC())).watch(watch).build();
        this.settings = OrganizerSettings.builder(store).loader(TestPolicies.loader(Clock.systemUTC())).policies(policies).build();
    }

    /** Writes the files into {@code directory} and opens a fresh in-memory H2 database. */
    public static SettingsFixture create(Path directory) throws IOException {
        writeFiles(directory);
        return new SettingsFixture(directory, "jdbc:h2:mem:settings-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                JdbcConfigurationStore.DEFAULT_TABLE_PREFIX, false);
    }

    /**
     * One instance of a cluster over shared files and a shared database, watching for changes.
     *
     * @param tablePrefix the settings tables' prefix
     */
    public static SettingsFixture open(Path directory, String url, String tablePrefix) {
        return new SettingsFixture(directory, url, tablePrefix, true);
    }

    public static void writeFiles(Path directory) throws IOException {
        Files.writeString(directory.resolve("default.json"), TestPolicies.exampleJson());
        Files.writeString(directory.resolve("acme.json"), ACME);
        Files.writeString(directory.resolve("globex.json"), GLOBEX);
    }

    /** HTTP Basic: admin (every tenant), acme and globex (their own). */
    public static ConsentOptions.AdminAccess access() {
        return ConsentOptions.AdminAccess.basicUsers(Map.of(
                "admin", new ConsentOptions.AdminAccess.Account(OPERATOR_PASSWORD, Set.of("*")),
                "acme", new ConsentOptions.AdminAccess.Account(ACME_PASSWORD, Set.of("acme")),
                "globex", new ConsentOptions.AdminAccess.Account(GLOBEX_PASSWORD, Set.of("globex"))));
    }

    /** The options of a filter with the settings screen on. */
    public ConsentOptions.Builder options() {
        return ConsentOptions.builder(policies).adminAccess(access()).settings(settings);
    }

    @Override
    public void close() {
        policies.close(); // closes the store
    }
}
