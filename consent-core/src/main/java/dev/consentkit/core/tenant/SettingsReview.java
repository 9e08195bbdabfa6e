package dev.consentkit.core.tenant;

import dev.consentkit.core.config.ConfigurationDiff;
import dev.consentkit.core.config.ConfigurationProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What saving a draft of a tenant's settings would do, for the organizer to see before saving.
 *
 * @param tenant the organizer
 * @param document the configuration that would be in force (its {@code revision} is the files')
 * @param basedOn the latest saved version the review was made against, 0 for none
 * @param problems every problem of the draft, from the same validator as the JSON files, with
 *     the JSON path of the value; empty when it can be saved
 * @param changes what changes, readably
 * @param askAgainReasons why attendees would be asked again; empty when the change asks for
 *     nothing more (wording, removals)
 * @param revisionBefore the policy revision in force
 * @param revisionAfter the policy revision after saving
 * @param revisionBumps the tenant's revision bumps after saving
 * @param overlay the edits that would be saved, as a settings overlay
 */
public record SettingsReview(String tenant, String document, int basedOn, List<ConfigurationProblem> problems,
                             List<ConfigurationDiff.Change> changes, List<String> askAgainReasons,
                             long revisionBefore, long revisionAfter, int revisionBumps, String overlay) {

    /**
     * Validates and copies the components.
     *
     * @param tenant the organizer
     * @param document the configuration that would be in force
     * @param basedOn the version reviewed against
     * @param problems the draft's problems
     * @param changes what changes
     * @param askAgainReasons why attendees would be asked again
     * @param revisionBefore the revision in force
     * @param revisionAfter the revision after saving
     * @param revisionBumps the tenant's bumps after saving
     * @param overlay the edits that would be saved
     */
    public SettingsReview {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(overlay, "overlay");
        problems = List.copyOf(problems);
        changes = List.copyOf(changes);
        askAgainReasons = List.copyOf(askAgainReasons);
    }

    /**
     * Whether the draft has no problems.
     *
     * @return true when it can be saved
     */
    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * Whether the draft changes anything.
     *
     * @return true when there is at least one change
     */
    public boolean changed() {
        return !changes.isEmpty();
    }

    /**
     * Whether saving raises the revision, so that attendees are asked again.
     *
     * @return true when the revision after saving is higher
     */
    public boolean asksAgain() {
        return revisionAfter > revisionBefore;
    }

    /**
     * A short fingerprint of what would be saved and what it was reviewed against: a form can
     * carry it from the review to the save, which refuses a draft that changed in between.
     *
     * @return 16 hexadecimal digits
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tenant + '\u0000' + basedOn + '\u0000' + revisionAfter + '\u0000' + overlay).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
