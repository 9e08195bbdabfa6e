package dev.consentkit.core.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * One saved version of an organizer's settings: the edits made on the settings screen, laid over
 * the configuration files (see {@link dev.consentkit.core.config.SettingsOverlay}).
 *
 * @param tenant the organizer
 * @param version 1 for the first save, then one more per save (a roll-back is a save too)
 * @param overlay the edits, as a settings overlay
 * @param revisionBumps how many times this tenant's saves have raised the policy revision so far
 * @param revision the policy revision in force right after the save
 * @param author who saved it, as the admin access names them
 * @param savedAt when
 * @param comment what the author wrote about it; may be empty
 */
public record SettingsVersion(String tenant, int version, String overlay, int revisionBumps, long revision,
                              String author, Instant savedAt, String comment) {

    /**
     * Validates and copies the components.
     *
     * @param tenant the organizer
     * @param version the version number, from 1
     * @param overlay the edits
     * @param revisionBumps the tenant's revision bumps so far
     * @param revision the revision in force after the save
     * @param author who saved it
     * @param savedAt when
     * @param comment the author's note; null for none
     */
    public SettingsVersion {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(overlay, "overlay");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(savedAt, "savedAt");
        comment = comment == null ? "" : comment;
        if (version < 1) {
            throw new IllegalArgumentException("a settings version starts at 1, was " + version);
        }
        if (revisionBumps < 0) {
            throw new IllegalArgumentException("revision bumps must not be negative, was " + revisionBumps);
        }
    }
}
