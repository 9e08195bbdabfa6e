package dev.consentkit.core.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentkit.core.ConsentState;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a {@link ConsentState} into the value of the consent cookie and back.
 *
 * <p>A token is the base64url (unpadded) encoding of:
 * <pre>
 *   version      1 byte, {@value #VERSION}
 *   key id       1 byte length + ASCII
 *   consent id   16 bytes
 *   revision     unsigned varint
 *   decided at   unsigned varint, epoch seconds
 *   lifetime     unsigned varint, seconds from decided at to expiry
 *   choices      1 byte count, then per category: 1 byte (id length &lt;&lt; 1 | granted) + ASCII id
 *   signature    32 bytes HMAC-SHA256 over a context label, the tenant and all bytes above
 * </pre>
 * The first {@linkplain SigningKey key} signs; every key verifies, which lets keys rotate. The
 * tenant is bound into the signature, so a token issued for one organizer means nothing to
 * another.
 *
 * <p>{@link #decode} never throws: a token that is missing, malformed, not canonical, badly
 * signed, signed by an unknown key, expired or of an older revision yields "no decision". Decoded
 * tokens are cached by their raw value; expiry is re-checked on every hit. Thread-safe: one codec
 * serves every request thread.
 */
public final class ConsentTokenCodec {

    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;

    /** Tokens longer than this are rejected unread; a real one is about 150 characters. */
    public static final int MAX_TOKEN_LENGTH = 2048;

    private static final int MAC_LENGTH = 32;
    private static final byte[] LABEL = "consentkit/token/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final List<SigningKey> keys;
    private final byte[] context;
    private final Clock clock;
    private final Cache<String, ConsentState> decoded;
    private final byte[][] keyIds;                // of keys, in order, ASCII
    private final ThreadLocal<Mac[]> macs;        // per thread, one per key, in the order of keys

    private ConsentTokenCodec(List<SigningKey> keys, String tenant, Clock clock, int cacheSize) {
        this.keys = List.copyOf(keys);
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is required");
        }
        Map<String, SigningKey> byId = new LinkedHashMap<>();
        for (SigningKey key : this.keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("duplicate signing key id \"" + key.id() + "\"");
            }
        }
        this.context = Objects.requireNonNull(tenant, "tenant").getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decoded = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.keyIds = this.keys.stream().map(k -> k.id().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        int keyCount = this.keys.size();
        this.macs = ThreadLocal.withInitial(() -> new Mac[keyCount]);
    }

    /**
     * Creates a codec.
     *
     * @param keys the keys, the signing key first; at least one
     * @param tenant the tenant the tokens belong to; bound into every signature
     * @param clock the clock that decides expiry
     * @param cacheSize how many decoded tokens to keep, by raw value
     * @return the codec
     */
    public static ConsentTokenCodec create(List<SigningKey> keys, String tenant, Clock clock, int cacheSize) {
        return new ConsentTokenCodec(keys, tenant, clock, cacheSize);
    }

    /** {@return the key that signs new tokens} */
    public SigningKey signingKey() {
        return keys.get(0);
    }

    /**
     * Encodes and signs a state.
     *
     * @param state the visitor's decision
     * @return the cookie value: base64url, about 150 characters
     * @throws IllegalArgumentException when a category id is not 1 to 63 ASCII characters or
     *     there are more than 255 choices
     */
    public String encode(ConsentState state) {
        SigningKey key = keys.get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(VERSION);
        byte[] kid = key.id().getBytes(StandardCharsets.US_ASCII);
        out.write(kid.length);
        out.writeBytes(kid);
        UUID id = state.consentId();
        writeLong(out, id.getMostSignificantBits());
        writeLong(out, id.getLeastSignificantBits());
        writeVarint(out, state.revision());
        long decided = state.decidedAt().getEpochSecond();
        if (decided < 0) {
            throw new IllegalArgumentException("decidedAt is before 1970: " + state.decidedAt());
        }
        writeVarint(out, decided);
        writeVarint(out, Math.max(0, state.expiresAt().getEpochSecond() - decided));
        Map<String, Boolean> choices = state.choices();
        if (choices.size() > 255) {
            throw new IllegalArgumentException("too many categories in one state: " + choices.size());
        }
        out.write(choices.size());
        for (var e : choices.entrySet()) {
            byte[] cid = e.getKey().getBytes(StandardCharsets.US_ASCII);
            if (cid.length == 0 || cid.length > 63 || !e.getKey().chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("category id must be 1 to 63 printable ASCII characters: \""
                        + e.getKey() + "\"");
            }
            out.write(cid.length << 1 | (e.getValue() ? 1 : 0));
            out.writeBytes(cid);
        }
        byte[] body = out.toByteArray();
        byte[] mac = mac(0, body, body.length);
        out.writeBytes(mac);
        return ENCODER.encodeToString(out.toByteArray());
    }

    /**
     * Decodes and verifies a token. Never throws.
     *
     * @param token the raw cookie value; may be null
     * @param currentRevision the policy's revision: a token of an older one is no decision
     * @return the state, or empty for anything that is not a valid, current, unexpired token
     */
    public Optional<ConsentState> decode(String token, long currentRevision) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        ConsentState state = decoded.getIfPresent(token);
        if (state == null) {
            try {
                state = verifyAndParse(token);
            } catch (RuntimeException e) {
                state = null; // malformed input of any shape is no decision
            }
            if (state == null) {
                return Optional.empty();
            }
            decoded.put(token, state);
        }
        if (state.revision() < currentRevision || state.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(state);
    }

    /**
     * Decodes a token whose signature is valid, whatever its expiry and revision: the consent id
     * of an outdated decision, to link the next decision to it. Never throws.
     *
     * @param token the raw cookie value; may be null
     * @return the state, or empty when the token is not one this codec's keys signed
     */
    public Optional<ConsentState> decodeVerified(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(verifyAndParse(token));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private ConsentState verifyAndParse(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        // the decoder ignores unused trailing bits; require the canonical form (those bits zero)
        // so that every distinct string is a distinct token
        int unusedBits = switch (token.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        if ((sextet(token.charAt(token.length() - 1)) & ((1 << unusedBits) - 1)) != 0) {
            return null;
        }
        byte[] bytes = DECODER.decode(token);
        if (bytes.length < 1 + 1 + 16 + 3 + 1 + MAC_LENGTH || bytes[0] != VERSION) {
            return null;
        }
        Reader in = new Reader(bytes, bytes.length - MAC_LENGTH);
        in.pos = 1;
        int kidLength = in.u8();
        in.skip(kidLength);
        int key = keyIndex(bytes, in.pos - kidLength, kidLength);
        if (key < 0) {
            return null;
        }
        byte[] expected = mac(key, bytes, bytes.length - MAC_LENGTH);
        if (!macEquals(expected, bytes, bytes.length - MAC_LENGTH)) {
            return null;
        }
        UUID id = new UUID(in.i64(), in.i64());
        long revision = in.varint();
        long decidedAt = in.varint();
        long lifetime = in.varint();
        int count = in.u8();
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int head = in.u8();
            int length = head >>> 1;
            if (length == 0) {
                return null;
            }
            String category = new String(in.take(length), StandardCharsets.US_ASCII);
            if (choices.put(category, (head & 1) == 1) != null) {
                return null;
            }
        }
        if (in.pos != in.limit) {
            return null; // trailing bytes: not a token this codec wrote
        }
        return new ConsentState(id, choices, revision, Instant.ofEpochSecond(decidedAt),
                Instant.ofEpochSecond(Math.addExact(decidedAt, lifetime)));
    }

    /** The index in {@link #keys} of the key whose id is the ASCII {@code bytes[from, from + length)}, or -1. */
    private int keyIndex(byte[] bytes, int from, int length) {
        next:
        for (int k = 0; k < keyIds.length; k++) {
            byte[] id = keyIds[k];
            if (id.length != length) {
                continue;
            }
            for (int i = 0; i < length; i++) {
                if (id[i] != bytes[from + i]) {
                    continue next;
                }
            }
            return k;
        }
        return -1;
    }

    /** Constant-time comparison of a MAC with the last {@link #MAC_LENGTH} bytes of a token, from {@code at}. */
    private static boolean macEquals(byte[] expected, byte[] token, int at) {
        int difference = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            difference |= expected[i] ^ token[at + i];
        }
        return difference == 0;
    }

    /** The value of a base64url character already checked to be one. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private byte[] mac(int key, byte[] data, int length) {
        Mac[] perKey = macs.get();
        Mac mac = perKey[key];
        if (mac == null) {
            mac = newMac(keys.get(key));
            perKey[key] = mac;
        }
        mac.update(LABEL);
        mac.update((byte) 0);
        mac.update(context);
        mac.update((byte) 0);
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    private static Mac newMac(SigningKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v);
        }
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Bounds-checked reading; any overrun throws and the caller treats it as malformed. */
    private static final class Reader {
        final byte[] bytes;
        final int limit;
        int pos;

        Reader(byte[] bytes, int limit) {
            this.bytes = bytes;
            this.limit = limit;
        }

        int u8() {
            if (pos >= limit) {
                throw new IndexOutOfBoundsException();
            }
            return bytes[pos++] & 0xFF;
        }

        void skip(int n) {
            if (n < 0 || pos + n > limit) {
                throw new IndexOutOfBoundsException();
            }
            pos += n;
        }

        byte[] take(int n) {
            if (n < 0 || pos + n > limit) {
                throw new IndexOutOfBoundsException();
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
            pos += n;
            return out;
        }

        long i64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | u8();
            }
            return v;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = u8();
                // reject non-minimal encodings (a trailing zero group) so each value has one form
                if (b == 0 && shift > 0) {
                    throw new IllegalArgumentException("non-minimal varint");
                }
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }
    }
}
