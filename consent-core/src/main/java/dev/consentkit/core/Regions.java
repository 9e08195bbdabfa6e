package dev.consentkit.core;

import java.util.Set;

/** The region groups a configuration can name, as ISO 3166-1 alpha-2 country codes. */
public final class Regions {

    /** The 27 member states of the European Union. */
    public static final Set<String> EU = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** The European Economic Area: the EU plus Iceland, Liechtenstein and Norway. */
    public static final Set<String> EEA;

    /** The United Kingdom (ISO code {@code GB}; some CDNs send {@code UK}). */
    public static final Set<String> UK = Set.of("GB", "UK");

    static {
        var eea = new java.util.HashSet<>(EU);
        eea.addAll(Set.of("IS", "LI", "NO"));
        EEA = Set.copyOf(eea);
    }

    private Regions() {
    }

    /**
     * The countries of a group name ({@code EEA}, {@code EU}, {@code UK}), or null when
     * {@code name} is not a group.
     *
     * @param name a group name, exactly {@code EEA}, {@code EU} or {@code UK}
     * @return the ISO country codes of the group, or null
     */
    public static Set<String> group(String name) {
        return switch (name) {
            case "EEA" -> EEA;
            case "EU" -> EU;
            case "UK" -> UK;
            default -> null;
        };
    }
}
