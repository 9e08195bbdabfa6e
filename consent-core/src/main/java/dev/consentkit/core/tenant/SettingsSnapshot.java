package dev.consentkit.core.tenant;

import java.util.Objects;

/**
 * A tenant's configuration as the settings screen sees it: what the files say, what is in force
 * with the organizer's edits, and the revision.
 *
 * @param tenant the organizer
 * @param files the effective configuration of the files (the platform default, with the platform
 *     operator's own edits, and the tenant's file laid over it), before this tenant's edits
 * @param effective the effective configuration with this tenant's edits; its {@code revision}
 *     is the files' one (see {@link #revision()})
 * @param version the latest saved version, or null when the tenant has none
 * @param filesRevision the {@code revision} the files give this tenant
 * @param platformBumps how many times the platform operator's saves raised the revision
 * @param ownBumps how many times this tenant's saves raised the revision
 */
public record SettingsSnapshot(String tenant, String files, String effective, SettingsVersion version,
                               long filesRevision, int platformBumps, int ownBumps) {

    /**
     * Validates and copies the components.
     *
     * @param tenant the organizer
     * @param files the configuration of the files
     * @param effective the configuration with this tenant's edits
     * @param version the latest version, or null
     * @param filesRevision the files' revision
     * @param platformBumps the platform operator's revision bumps
     * @param ownBumps this tenant's revision bumps
     */
    public SettingsSnapshot {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(effective, "effective");
    }

    /**
     * The latest version number.
     *
     * @return the number, 0 when there is none (the files alone)
     */
    public int versionNumber() {
        return version == null ? 0 : version.version();
    }

    /**
     * The policy revision in force: the files' revision plus every bump of the settings screen.
     *
     * @return the revision
     */
    public long revision() {
        return filesRevision + platformBumps + ownBumps;
    }
}
