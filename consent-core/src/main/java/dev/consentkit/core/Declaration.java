package dev.consentkit.core;

import java.util.Objects;

/**
 * One thing a category covers: a cookie, a storage key, an IndexedDB database, or a script or
 * iframe source, with what the organizer must publish about it.
 *
 * @param kind what the name names
 * @param name the declared name: the exact name, the prefix, or the regular expression
 * @param match how {@code name} is compared
 * @param provider who sets it, such as {@code "Google Analytics"} or the organizer itself
 * @param purpose why it is used, per locale
 * @param retention how long it is kept, as published ({@code "13 months"}, {@code "session"})
 * @param domain the cookie's {@code Domain} attribute when it has one, else null; used to expire it
 * @param path the cookie's {@code Path} attribute, {@code "/"} when not declared; used to expire it
 */
public record Declaration(DeclarationKind kind, String name, MatchType match, String provider,
                          LocalizedText purpose, String retention, String domain, String path) {

    /**
     * Validates and normalises the components: a null provider or retention becomes {@code ""},
     * a null purpose an empty text, a null or empty path {@code "/"}.
     *
     * @param kind what the name names; not null
     * @param name the declared name; not null, not empty
     * @param match how {@code name} is compared; not null
     * @param provider who sets it, may be null
     * @param purpose why it is used, per locale, may be null
     * @param retention how long it is kept, as published, may be null
     * @param domain the cookie's {@code Domain} attribute, or null
     * @param path the cookie's {@code Path} attribute, or null for {@code "/"}
     * @throws IllegalArgumentException when the name is empty, or a regular expression does not
     *     compile or could backtrack catastrophically (nested quantifiers, back-references)
     */
    public Declaration {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        provider = provider == null ? "" : provider;
        purpose = purpose == null ? LocalizedText.empty() : purpose;
        retention = retention == null ? "" : retention;
        path = path == null || path.isEmpty() ? "/" : path;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("declaration name must not be empty");
        }
        if (match == MatchType.REGEX) {
            try {
                java.util.regex.Pattern.compile(name);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex(), e);
            }
            String unsafe = RegexBudget.rejectReason(name);
            if (unsafe != null) {
                throw new IllegalArgumentException("regular expression \"" + name + "\" is rejected: " + unsafe);
            }
        }
    }

    /**
     * A declaration with no published details; handy in tests and programmatic setup.
     *
     * @param kind what the name names
     * @param name the exact name, prefix or regular expression
     * @param match how {@code name} is compared
     * @return the declaration, with an empty provider, purpose and retention and path {@code /}
     */
    public static Declaration of(DeclarationKind kind, String name, MatchType match) {
        return new Declaration(kind, name, match, "", LocalizedText.empty(), "", null, "/");
    }
}
