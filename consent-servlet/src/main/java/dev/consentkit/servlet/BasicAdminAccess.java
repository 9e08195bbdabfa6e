package dev.consentkit.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/** HTTP Basic access for the platform operator, who sees every tenant. */
final class BasicAdminAccess implements ConsentOptions.AdminAccess {

    private final byte[] expected;

    BasicAdminAccess(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (password.length() < 8) {
            throw new IllegalArgumentException("the admin password must have at least 8 characters");
        }
        if (user.contains(":")) {
            throw new IllegalArgumentException("the admin user must not contain ':'");
        }
        this.expected = digest(user + ":" + password);
    }

    @Override
    public Set<String> tenants(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Set.of();
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
        // compare digests so that the comparison takes the same time whatever the input length
        return MessageDigest.isEqual(expected, digest(credentials)) ? Set.of("*") : Set.of();
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
