package dev.consentkit.core;

import java.util.Optional;

/** How the banner is laid out on a page type. None of them blocks the page (no cookie wall). */
public enum Layout {
    /** A bar along the bottom of the viewport. */
    BAR("bar"),
    /** A box in a corner of the viewport. */
    BOX("box"),
    /** A centred modal dialog that keeps focus until the visitor decides or customises. */
    MODAL("modal");

    private final String id;

    Layout(String id) {
        this.id = id;
    }

    /** {@return the identifier used in configuration and JSON output, such as {@code "bar"}} */
    public String id() {
        return id;
    }

    /**
     * Looks a layout up by its {@linkplain #id() identifier}.
     *
     * @param id an identifier such as {@code "modal"}; may be null
     * @return the layout, or empty when {@code id} names none
     */
    public static Optional<Layout> fromId(String id) {
        for (Layout layout : values()) {
            if (layout.id.equals(id)) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }
}
