package dev.consentkit.core;

/**
 * Told about every name that no declaration covers, so organizers can declare it.
 *
 * <p>Called on the request thread, possibly many times for the same name: implementations must
 * be fast, thread-safe and never throw (a thrown exception is ignored).
 */
@FunctionalInterface
public interface UndeclaredListener {

    /** A listener that ignores every report. */
    UndeclaredListener NONE = (tenant, kind, name) -> { };

    /**
     * Reports an undeclared name.
     *
     * @param tenant the tenant whose policy saw it
     * @param kind what the name names
     * @param name the cookie name, storage key, database name or URL
     */
    void onUndeclared(String tenant, DeclarationKind kind, String name);
}
