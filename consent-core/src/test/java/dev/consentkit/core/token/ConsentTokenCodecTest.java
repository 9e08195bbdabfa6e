package dev.consentkit.core.token;

import dev.consentkit.core.ConsentState;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentTokenCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final SigningKey K1 = new SigningKey("k1", Base64.getDecoder().decode(TestPolicies.TEST_SECRET));
    private static final SigningKey K2 = new SigningKey("k2", Base64.getDecoder().decode(TestPolicies.OTHER_SECRET));

    private final MutableClock clock = new MutableClock(NOW);
    private final ConsentTokenCodec codec = ConsentTokenCodec.create(List.of(K1), "acme", clock, 100);

    private static ConsentState state(long revision, Map<String, Boolean> choices) {
        return new ConsentState(UUID.fromString("7d0c7e9e-98a6-4c43-9b45-0d0f6b3f1a22"), choices, revision, NOW,
                NOW.plus(Duration.ofDays(182)));
    }

    private static ConsentState sample() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("preferences", false);
        choices.put("analytics", true);
        choices.put("marketing", false);
        return state(3, choices);
    }

    @Test
    void roundTrip_keepsEveryField() {
        ConsentState original = sample();
        String token = codec.encode(original);
        assertThat(codec.decode(token, 3)).contains(original);
        assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThan(200);
    }

    static Stream<ConsentState> randomStates() {
        Random random = new Random(20261129);
        return IntStream.range(0, 300).mapToObj(i -> {
            Map<String, Boolean> choices = new LinkedHashMap<>();
            int n = random.nextInt(8);
            for (int c = 0; c < n; c++) {
                StringBuilder id = new StringBuilder();
                int len = 1 + random.nextInt(20);
                for (int j = 0; j < len; j++) {
                    id.append((char) ('a' + random.nextInt(26)));
                }
                choices.put(id.toString(), random.nextBoolean());
            }
            Instant decided = Instant.ofEpochSecond(NOW.getEpochSecond() - random.nextInt(1_000_000));
            return new ConsentState(new UUID(random.nextLong(), random.nextLong()), choices,
                    random.nextInt(Integer.MAX_VALUE), decided, decided.plusSeconds(2_000_000 + random.nextInt(30_000_000)));
        });
    }

    @ParameterizedTest
    @MethodSource("randomStates")
    void roundTrip_ofGeneratedStates(ConsentState state) {
        assertThat(codec.decode(codec.encode(state), 0)).contains(state);
    }

    @Test
    void everySingleBitFlipOfTheDecodedBytes_isRejected() {
        byte[] bytes = Base64.getUrlDecoder().decode(codec.encode(sample()));
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] copy = bytes.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
            assertThat(codec.decode(tampered, 0)).as("bit %d", bit).isEmpty();
        }
    }

    @Test
    void everySingleBitFlipOfTheTokenText_isRejected() {
        String token = codec.encode(sample());
        for (int i = 0; i < token.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                char flipped = (char) (token.charAt(i) ^ (1 << bit));
                String tampered = token.substring(0, i) + flipped + token.substring(i + 1);
                assertThat(codec.decode(tampered, 0)).as("char %d bit %d", i, bit).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("randomStates")
    void otherSpellingsOfTheSameBytes_areRejected(ConsentState state) {
        // base64 without padding leaves 2 or 4 bits of the last character unused; a decoder
        // ignores them, so a token with them set decodes to the same signed bytes
        String token = codec.encode(state);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        int unused = token.length() % 4 == 2 ? 0b1111 : token.length() % 4 == 3 ? 0b11 : 0;
        for (int low = 1; low <= unused; low++) {
            String other = token.substring(0, token.length() - 1) + alphabet.charAt(last | low);
            assertThat(Base64.getUrlDecoder().decode(other)).isEqualTo(Base64.getUrlDecoder().decode(token));
            assertThat(codec.decode(other, 0)).as(other).isEmpty();
            assertThat(codec.decodeVerified(other)).as(other).isEmpty();
        }
        assertThat(codec.decode(token, 0)).contains(state);
    }

    @Test
    void truncatedOrExtendedTokens_areRejected() {
        String token = codec.encode(sample());
        for (int len = 0; len < token.length(); len++) {
            assertThat(codec.decode(token.substring(0, len), 0)).isEmpty();
        }
        assertThat(codec.decode(token + "A", 0)).isEmpty();
        assertThat(codec.decode(token + "=", 0)).isEmpty();
    }

    @Test
    void randomBytes_neverDecode_andNeverThrow() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = 1; // a plausible version byte gets the parser further
            }
            assertThat(codec.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(junk), 0)).isEmpty();
            assertThat(codec.decode(new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1), 0)).isEmpty();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"x", "....", "null", "AQ", "AQID", "eyJhbGciOiJIUzI1NiJ9.e30.abc", "%00%01"})
    void malformedTokens_areNoDecision(String token) {
        assertThat(codec.decode(token, 0)).isEmpty();
    }

    @Test
    void overlongTokens_areRejectedUnread() {
        assertThat(codec.decode("A".repeat(ConsentTokenCodec.MAX_TOKEN_LENGTH + 1), 0)).isEmpty();
    }

    @Test
    void expiredTokens_areNoDecision_evenWhenCached() {
        String token = codec.encode(sample());
        assertThat(codec.decode(token, 0)).isPresent(); // now cached
        clock.now = NOW.plus(Duration.ofDays(182));
        assertThat(codec.decode(token, 0)).isEmpty();
    }

    @Test
    void tokensOfAnOlderRevision_areNoDecision() {
        String token = codec.encode(sample()); // revision 3
        assertThat(codec.decode(token, 3)).isPresent();
        assertThat(codec.decode(token, 4)).isEmpty();
    }

    @Test
    void tokensOfAnotherTenant_areNoDecision() {
        ConsentTokenCodec other = ConsentTokenCodec.create(List.of(K1), "globex", clock, 100);
        assertThat(other.decode(codec.encode(sample()), 0)).isEmpty();
    }

    @Test
    void keyRotation_newestSigns_oldKeysStillVerify() {
        String oldToken = codec.encode(sample());
        ConsentTokenCodec rotated = ConsentTokenCodec.create(List.of(K2, K1), "acme", clock, 100);
        assertThat(rotated.decode(oldToken, 0)).contains(sample());
        String newToken = rotated.encode(sample());
        assertThat(rotated.signingKey().id()).isEqualTo("k2");
        assertThat(rotated.decode(newToken, 0)).contains(sample());
        // an instance that only knows k1 does not accept k2's tokens
        assertThat(codec.decode(newToken, 0)).isEmpty();
    }

    @Test
    void aRetiredKey_nolongerVerifies() {
        String oldToken = codec.encode(sample());
        ConsentTokenCodec retired = ConsentTokenCodec.create(List.of(K2), "acme", clock, 100);
        assertThat(retired.decode(oldToken, 0)).isEmpty();
    }

    @Test
    void sameKeyIdWithAnotherSecret_doesNotVerify() {
        SigningKey impostor = new SigningKey("k1", Base64.getDecoder().decode(TestPolicies.OTHER_SECRET));
        ConsentTokenCodec forged = ConsentTokenCodec.create(List.of(impostor), "acme", clock, 100);
        assertThat(codec.decode(forged.encode(sample()), 0)).isEmpty();
    }

    @Test
    void keys_areValidated() {
        assertThatThrownBy(() -> new SigningKey("k", new byte[31])).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> new SigningKey("bad id", new byte[32])).hasMessageContaining("signing key id");
        assertThatThrownBy(() -> ConsentTokenCodec.create(List.of(), "t", clock, 1)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ConsentTokenCodec.create(List.of(K1, K1), "t", clock, 1)).hasMessageContaining("duplicate");
        assertThat(K1.toString()).doesNotContain("secret-0123");
    }

    @Test
    void encode_rejectsUnencodableCategoryIds() {
        assertThatThrownBy(() -> codec.encode(state(1, Map.of("x".repeat(64), true)))).hasMessageContaining("category id");
        assertThatThrownBy(() -> codec.encode(state(1, Map.of("ü", true)))).hasMessageContaining("category id");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
