package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingPolicyRepositoryTest {

    private static final String PLATFORM = "{\"signingKeys\": [{\"id\": \"k1\", \"secret\": \"" + TestPolicies.TEST_SECRET + "\"}],"
            + " \"organizer\": {\"name\": \"Platform\"}, \"categories\": [{\"id\": \"analytics\"}]}";

    @TempDir
    Path dir;

    private CachingPolicyRepository repository(Path dir, boolean watch, List<String> events) {
        return CachingPolicyRepository.builder(new DirectoryConfigurationStore(dir))
                .loader(TestPolicies.loader(Clock.systemUTC()))
                .watch(watch)
                .listener(new PolicyRepository.Listener() {
                    @Override
                    public void loaded(String tenant, Policy policy) {
                        events.add("loaded " + tenant + " " + policy.organizer().name());
                    }

                    @Override
                    public void rejected(String tenant, Exception problem) {
                        events.add("rejected " + tenant);
                    }
                })
                .build();
    }

    @Test
    void eachTenant_getsItsDocumentOverThePlatformDefault() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        try (var repo = repository(dir, false, new CopyOnWriteArrayList<>())) {
            assertThat(repo.policy("acme").organizer().name()).isEqualTo("Acme");
            assertThat(repo.policy("acme").tenant()).isEqualTo("acme");
            assertThat(repo.policy("acme").category("analytics")).isNotNull();
            assertThat(repo.policy(null).organizer().name()).isEqualTo("Platform");
            assertThat(repo.tenants()).containsExactly("acme", "default");
            assertThat(repo.hasTenant("acme")).isTrue();
        }
    }

    @Test
    void unknownTenants_getThePlatformDefault() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        try (var repo = repository(dir, false, new CopyOnWriteArrayList<>())) {
            assertThat(repo.policy("nobody").tenant()).isEqualTo("default");
            assertThat(repo.policy("../etc/passwd").tenant()).isEqualTo("default");
            assertThat(repo.hasTenant("nobody")).isFalse();
        }
    }

    @Test
    void aBrokenPlatformDefault_failsAtStart() throws IOException {
        Files.writeString(dir.resolve("default.json"), "{\"revision\": \"x\"}");
        assertThatThrownBy(() -> repository(dir, false, new CopyOnWriteArrayList<>()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("$.revision");
    }

    @Test
    void aTenantThatNeverLoaded_failsClosedWithItsProblems() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"undeclared\": 5}");
        try (var repo = repository(dir, false, new CopyOnWriteArrayList<>())) {
            assertThatThrownBy(() -> repo.policy("acme")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("acme.json:1:2: $.undeclared");
        }
    }

    @Test
    void aBrokenChange_keepsTheLastGoodPolicy_andReportsWhy() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        List<String> events = new CopyOnWriteArrayList<>();
        try (var repo = repository(dir, false, events)) {
            Policy good = repo.policy("acme");
            Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": 42}}");
            assertThatThrownBy(() -> repo.reload("acme")).isInstanceOf(ConfigurationException.class);
            assertThat(repo.policy("acme")).isSameAs(good);
            assertThat(repo.lastProblem("acme")).get().extracting(Throwable::getMessage).asString().contains("$.organizer.name");
            assertThat(events).contains("rejected acme");
        }
    }

    @Test
    void aChangeThatFailsUnexpectedly_isARejectionToo_andKeepsTheLastGoodPolicy() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        CountingStore store = new CountingStore(new DirectoryConfigurationStore(dir)) {
            @Override
            public Optional<ConfigurationSource> tenant(String tenant) throws IOException {
                if (failing.get()) {
                    throw new IllegalStateException("store failure (test)");
                }
                return super.tenant(tenant);
            }
        };
        List<String> events = new CopyOnWriteArrayList<>();
        try (var repo = CachingPolicyRepository.builder(store).loader(TestPolicies.loader(Clock.systemUTC()))
                .listener(new PolicyRepository.Listener() {
                    @Override
                    public void loaded(String tenant, Policy policy) {
                    }

                    @Override
                    public void rejected(String tenant, Exception problem) {
                        events.add("rejected " + tenant);
                    }
                }).build()) {
            Policy good = repo.policy("acme");
            failing.set(true);
            assertThatThrownBy(() -> repo.reload("acme")).isInstanceOf(ConfigurationException.class).hasMessageContaining("store failure");
            assertThat(repo.policy("acme")).isSameAs(good);
            assertThat(repo.lastProblem("acme")).isPresent();
            assertThat(events).containsExactly("rejected acme");
        }
    }

    @Test
    void anEditedFile_isAppliedWithoutARestart() throws Exception {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        List<String> events = new CopyOnWriteArrayList<>();
        try (var repo = repository(dir, true, events)) {
            assertThat(repo.policy("acme").organizer().name()).isEqualTo("Acme");
            Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme Events\"}}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!repo.policy("acme").organizer().name().equals("Acme Events") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(repo.policy("acme").organizer().name()).isEqualTo("Acme Events");
        }
    }

    @Test
    void aChangedPlatformDefault_recompilesEveryCachedTenant() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{\"organizer\": {\"name\": \"Acme\"}}");
        try (var repo = repository(dir, false, new CopyOnWriteArrayList<>())) {
            assertThat(repo.policy("acme").revision()).isEqualTo(1);
            Files.writeString(dir.resolve("default.json"), PLATFORM.replace("{\"signingKeys\"", "{\"revision\": 7, \"signingKeys\""));
            repo.reload(Policy.DEFAULT_TENANT);
            assertThat(repo.policy("acme").revision()).isEqualTo(7);
            assertThat(repo.policy(null).revision()).isEqualTo(7);
        }
    }

    @Test
    void cachedPolicies_areServedWithoutReadingTheStore() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        Files.writeString(dir.resolve("acme.json"), "{}");
        CountingStore store = new CountingStore(new DirectoryConfigurationStore(dir));
        try (var repo = CachingPolicyRepository.builder(store).loader(TestPolicies.loader(Clock.systemUTC())).watch(false).build()) {
            Policy first = repo.policy("acme");
            int reads = store.reads.get();
            for (int i = 0; i < 1000; i++) {
                assertThat(repo.policy("acme")).isSameAs(first);
            }
            assertThat(store.reads.get()).isEqualTo(reads);
        }
    }

    @Test
    void theCache_isBounded() throws IOException {
        Files.writeString(dir.resolve("default.json"), PLATFORM);
        for (int i = 0; i < 20; i++) {
            Files.writeString(dir.resolve("t" + i + ".json"), "{\"organizer\": {\"name\": \"T" + i + "\"}}");
        }
        try (var repo = CachingPolicyRepository.builder(new DirectoryConfigurationStore(dir))
                .loader(TestPolicies.loader(Clock.systemUTC())).watch(false).maximumSize(5).build()) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 20; i++) {
                    assertThat(repo.policy("t" + i).organizer().name()).isEqualTo("T" + i);
                }
            }
        }
    }

    @Test
    void missingFolder_isAClearError() {
        assertThatThrownBy(() -> new DirectoryConfigurationStore(dir.resolve("nope")))
                .hasMessageContaining("does not exist or is not a folder");
    }

    @Test
    void singlePolicyRepository_servesItsPolicyToEveryone() {
        Policy p = TestPolicies.example();
        PolicyRepository repo = PolicyRepository.of(p);
        assertThat(repo.policy("anyone")).isSameAs(p);
        assertThat(repo.tenants()).containsExactly("default");
    }

    private static class CountingStore implements ConfigurationStore {
        final ConfigurationStore delegate;
        final AtomicInteger reads = new AtomicInteger();

        CountingStore(ConfigurationStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<ConfigurationSource> platformDefault() throws IOException {
            reads.incrementAndGet();
            return delegate.platformDefault();
        }

        @Override
        public Optional<ConfigurationSource> tenant(String tenant) throws IOException {
            reads.incrementAndGet();
            return delegate.tenant(tenant);
        }

        @Override
        public Set<String> tenants() throws IOException {
            reads.incrementAndGet();
            return delegate.tenants();
        }

        @Override
        public void watch(Consumer<String> onChange) {
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
