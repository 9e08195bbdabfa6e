package dev.consentkit.core;

import java.util.Optional;

/**
 * What a {@link Declaration} names: an HTTP cookie, a browser-storage key, an IndexedDB database,
 * or the source URL of a script or an iframe.
 */
public enum DeclarationKind {
    /** An HTTP cookie, set by the server or by {@code document.cookie}. */
    COOKIE("cookie"),
    /** A {@code localStorage} key. */
    LOCAL_STORAGE("localStorage"),
    /** A {@code sessionStorage} key. */
    SESSION_STORAGE("sessionStorage"),
    /** An IndexedDB database name. */
    INDEXED_DB("indexedDB"),
    /** The {@code src} of a {@code <script>} element. */
    SCRIPT("script"),
    /** The {@code src} of an {@code <iframe>} element. */
    IFRAME("iframe");

    private final String id;

    DeclarationKind(String id) {
        this.id = id;
    }

    /**
     * {@return the identifier used in configuration and JSON output, such as
     * {@code "localStorage"}}
     */
    public String id() {
        return id;
    }

    /**
     * Looks a kind up by its {@linkplain #id() identifier}.
     *
     * @param id an identifier such as {@code "cookie"}; may be null
     * @return the kind, or empty when {@code id} names none
     */
    public static Optional<DeclarationKind> fromId(String id) {
        for (DeclarationKind kind : values()) {
            if (kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
