package dev.consentkit.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HTTP Basic access for a few users, each with a password and the tenants they administer: the
 * platform operator ({@code "*"}, every tenant) and organizers (their own).
 */
final class BasicAdminAccess implements ConsentOptions.AdminAccess {

    /** A user's expected credentials digest and tenants. */
    private record User(String name, byte[] digest, Set<String> tenants) {
    }

    private final Map<String, User> users = new LinkedHashMap<>();

    BasicAdminAccess(String user, String password) {
        this(Map.of(user, new ConsentOptions.AdminAccess.Account(password, Set.of("*"))));
    }

    BasicAdminAccess(Map<String, ConsentOptions.AdminAccess.Account> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("HTTP Basic admin access needs at least one user");
        }
        accounts.forEach((user, account) -> {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(account, "account");
            if (user.isEmpty() || user.contains(":") || user.length() > 200) {
                throw new IllegalArgumentException("an admin user name must have 1 to 200 characters and no ':', was \"" + user + "\"");
            }
            if (account.password().length() < 8) {
                throw new IllegalArgumentException("the admin password of \"" + user + "\" must have at least 8 characters");
            }
            users.put(user, new User(user, digest(user + ":" + account.password()), Set.copyOf(account.tenants())));
        });
    }

    @Override
    public Set<String> tenants(HttpServletRequest request) {
        User user = user(request.getHeader("Authorization"));
        return user == null ? Set.of() : user.tenants;
    }

    @Override
    public String user(HttpServletRequest request) {
        User user = user(request.getHeader("Authorization"));
        return user == null ? null : user.name;
    }

    private User user(String header) {
        if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = credentials.indexOf(':');
        User candidate = colon < 0 ? null : users.get(credentials.substring(0, colon));
        // compare digests so that the comparison takes the same time whatever the input length;
        // an unknown user is compared too, so that it takes as long as a wrong password
        byte[] given = digest(credentials);
        byte[] expected = candidate != null ? candidate.digest : users.values().iterator().next().digest;
        boolean match = MessageDigest.isEqual(expected, given);
        return candidate != null && match ? candidate : null;
    }

    @Override
    public String challenge() {
        return "Basic realm=\"ConsentKit admin\", charset=\"UTF-8\"";
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
