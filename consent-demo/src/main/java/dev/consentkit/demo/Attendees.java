package dev.consentkit.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The demo's attendees and accounts, in memory: registrations per webinar, and sign-in accounts
 * with PBKDF2 password hashes. A demo account exists from the start.
 */
final class Attendees {

    /** The demo account's e-mail address, shown on the sign-in page. */
    static final String DEMO_EMAIL = "demo@example.com";
    /** The demo account's password, shown on the sign-in page. */
    static final String DEMO_PASSWORD = "webinar-demo";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{2,}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 60_000;
    private static final int MAX_ACCOUNTS = 10_000;

    /** One registration. */
    record Registration(String webinar, String name, String email, String company) {
    }

    private record Account(String email, String name, byte[] salt, byte[] hash) {
    }

    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    Attendees() {
        createAccount(DEMO_EMAIL, "Demo Attendee", DEMO_PASSWORD);
    }

    /** Whether {@code email} looks like an e-mail address. */
    static boolean isEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    /** Normalises an address for lookups. */
    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The reference to an attendee that the consent ledger records as the data subject: a hash of
     * the address, so the ledger holds no e-mail address, yet an organizer can find an
     * attendee's decisions when they ask.
     */
    static String subjectReference(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(email).getBytes(StandardCharsets.UTF_8));
            return "attendee-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers an attendee for a webinar (again: the latest details win). */
    Registration register(String webinar, String name, String email, String company) {
        Registration r = new Registration(webinar, name, normalize(email), company);
        if (registrations.size() < MAX_ACCOUNTS * 10) {
            registrations.put(webinar + "\u0000" + r.email(), r);
        }
        return r;
    }

    /** How many attendees registered for a webinar. */
    long registeredFor(String webinar) {
        return registrations.values().stream().filter(r -> r.webinar().equals(webinar)).count();
    }

    /** Creates or replaces an account; false when the demo's bound is reached. */
    boolean createAccount(String email, String name, String password) {
        if (accounts.size() >= MAX_ACCOUNTS) {
            return false;
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String key = normalize(email);
        accounts.put(key, new Account(key, name, salt, hash(password, salt)));
        return true;
    }

    /** The account's name when the password is right, else null. Takes as long for unknown addresses. */
    String signIn(String email, String password) {
        if (email == null || password == null || password.length() > 256) {
            return null;
        }
        Account a = accounts.get(normalize(email));
        byte[] salt = a == null ? new byte[16] : a.salt();
        byte[] hash = hash(password, salt);
        return a != null && MessageDigest.isEqual(hash, a.hash()) ? a.name() : null;
    }

    private static byte[] hash(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
