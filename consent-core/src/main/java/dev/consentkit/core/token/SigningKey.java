package dev.consentkit.core.token;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret that signs and verifies consent tokens, with the identifier tokens carry so that the
 * right key verifies them after a rotation. {@link #toString()} never shows the secret.
 * Immutable: the secret is copied in and never handed out.
 */
public final class SigningKey {

    /** The shortest secret accepted: 256 bits, the HMAC-SHA256 block-strength recommendation. */
    public static final int MIN_SECRET_BYTES = 32;

    private final String id;
    private final byte[] secret;

    /**
     * Creates a key.
     *
     * @param id 1 to 32 characters out of {@code A-Z a-z 0-9 . _ -}
     * @param secret at least {@value #MIN_SECRET_BYTES} random bytes; copied
     * @throws IllegalArgumentException when the id or the secret is unfit
     */
    public SigningKey(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!isValidId(id)) {
            throw new IllegalArgumentException(
                    "signing key id must be 1 to 32 characters out of A-Z a-z 0-9 . _ -: \"" + id + "\"");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing key \"" + id + "\" has " + secret.length
                    + " bytes of secret; at least " + MIN_SECRET_BYTES + " are required");
        }
        this.id = id;
        this.secret = secret.clone();
    }

    /**
     * Whether {@code id} is a valid key identifier.
     *
     * @param id a candidate identifier, may be null
     * @return true when it is 1 to 32 characters of A-Z, a-z, 0-9, '.', '_' and '-'
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@return the key identifier} */
    public String id() {
        return id;
    }

    byte[] secret() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.id.equals(id) && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[" + id + ", " + secret.length + " bytes]";
    }

    /** Overwrites a copy of secret material; used by callers that decoded it from text. */
    static void wipe(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0);
    }
}
