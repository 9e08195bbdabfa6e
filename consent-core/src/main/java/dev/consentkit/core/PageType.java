package dev.consentkit.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A kind of page, such as the webinar registration page, matched by request path patterns.
 * It says which categories the page may use (offer) and how the banner looks there.
 *
 * @param id the identifier: {@code registration}, {@code waiting-room}, {@code thank-you},
 *     {@code profile}, {@code login} or a custom one
 * @param index the position in the policy's page-type list
 * @param paths the path patterns, in order; {@code *} matches one path segment,
 *     {@code **} any number of segments
 * @param offered the categories offered on this page, always including {@value Category#NECESSARY}
 * @param layout the banner layout
 * @param texts banner text overrides: locale to (text key to text)
 */
public record PageType(String id, int index, List<String> paths, Set<String> offered,
                       Layout layout, Map<String, Map<String, String>> texts) {

    /** Identifiers of the page types every webinar platform has. */
    public static final List<String> STANDARD_IDS =
            List.of("registration", "waiting-room", "thank-you", "profile", "login");

    /**
     * Validates and copies the components.
     *
     * @param id the identifier; not null
     * @param index the position in the policy's page-type list
     * @param paths the path patterns, in order; copied
     * @param offered the categories offered; copied
     * @param layout the banner layout; not null
     * @param texts text overrides: locale to (text key to text); copied
     */
    public PageType {
        Objects.requireNonNull(id, "id");
        paths = List.copyOf(paths);
        offered = Set.copyOf(offered);
        Objects.requireNonNull(layout, "layout");
        texts = Map.copyOf(texts);
    }

    /**
     * Whether this page offers {@code categoryId}; {@value Category#NECESSARY} always is.
     *
     * @param categoryId a category identifier
     * @return true when the category may be used on pages of this type
     */
    public boolean offers(String categoryId) {
        return offered.contains(categoryId);
    }
}
