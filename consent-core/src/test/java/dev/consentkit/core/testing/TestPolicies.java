package dev.consentkit.core.testing;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.PolicyLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Shared fixtures: the documented example configuration and a fixed test key. */
public final class TestPolicies {

    /** A fixed 32-byte secret, base64; never use outside tests. */
    public static final String TEST_SECRET = Base64.getEncoder().encodeToString(
            "consentkit-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    /** A second secret, for rotation tests. */
    public static final String OTHER_SECRET = Base64.getEncoder().encodeToString(
            "another-consentkit-secret-for-rotation!".getBytes(StandardCharsets.US_ASCII));

    private TestPolicies() {
    }

    /** The text of {@code docs/examples/consentkit.json}, found from any module folder. */
    public static String exampleJson() {
        for (Path candidate : List.of(Path.of("docs/examples/consentkit.json"), Path.of("../docs/examples/consentkit.json"),
                Path.of("../../docs/examples/consentkit.json"))) {
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("docs/examples/consentkit.json not found from " + Path.of("").toAbsolutePath());
    }

    /** A loader whose environment has {@code CONSENTKIT_KEY} set to the test secret. */
    public static PolicyLoader loader(Clock clock) {
        return PolicyLoader.builder()
                .clock(clock)
                .environment(Map.of("CONSENTKIT_KEY", TEST_SECRET)::get)
                .build();
    }

    /** The example configuration, compiled with the test key. */
    public static Policy example(Clock clock) {
        return loader(clock).load(Policy.DEFAULT_TENANT, List.of(ConfigurationSource.of("consentkit.json", exampleJson())));
    }

    /** The example configuration, compiled with the test key and the system clock. */
    public static Policy example() {
        return example(Clock.systemUTC());
    }
}
