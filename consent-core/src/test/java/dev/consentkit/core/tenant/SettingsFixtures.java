package dev.consentkit.core.tenant;

import dev.consentkit.core.testing.TestPolicies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Configuration files for settings tests: the documented example as the platform default, and two organizers. */
final class SettingsFixtures {

    static final String ACME = """
            {"organizer": {"name": "Acme Events"}, "texts": {"en": {"title": "Acme respects your privacy"}}}
            """;
    static final String GLOBEX = """
            {"revision": 3, "organizer": {"name": "Globex"}, "regions": {"US": "opt-in"},
             "pageTypes": [{"id": "registration", "paths": ["/webinars/*/register"], "categories": ["analytics"]},
                           {"id": "waiting-room", "paths": ["/webinars/*/waiting-room"], "categories": ["preferences"]}]}
            """;

    private SettingsFixtures() {
    }

    /** Writes default.json, acme.json and globex.json into {@code dir} and returns a store over them. */
    static DirectoryConfigurationStore files(Path dir) throws IOException {
        Files.writeString(dir.resolve("default.json"), TestPolicies.exampleJson());
        Files.writeString(dir.resolve("acme.json"), ACME);
        Files.writeString(dir.resolve("globex.json"), GLOBEX);
        return new DirectoryConfigurationStore(dir);
    }

    static CachingPolicyRepository repository(ConfigurationStore store, boolean watch) {
        return CachingPolicyRepository.builder(store).loader(TestPolicies.loader(Clock.systemUTC())).watch(watch).build();
    }
}
