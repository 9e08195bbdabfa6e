package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationDiff;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.JsonMergePatch;
import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.config.RevisionRules;
import dev.consentkit.core.config.SettingsOverlay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the settings screen does with a tenant's configuration: show it, check a draft with the
 * same validator as the JSON files, tell what a save would change and whether attendees would be
 * asked again, save it as a new version and apply it at once, show the history and the
 * differences between versions, roll back, and export and import JSON files.
 *
 * <p>A draft is a whole configuration document (the effective one, as {@link #snapshot} gives
 * it, with the organizer's changes); only what the settings screen edits may differ from the
 * files (see {@link SettingsOverlay}). Saving raises the policy {@code revision} by one when
 * {@link RevisionRules} say the change asks attendees for more than before.
 *
 * <pre>{@code
 * OrganizerSettings settings = OrganizerSettings.builder(store).loader(loader).policies(policies).build();
 * SettingsReview review = settings.review("acme", draft);
 * if (review.valid() && review.changed()) {
 *     settings.save("acme", draft, review.basedOn(), "acme", "no marketing on the thank-you page");
 * }
 * }</pre>
 */
public final class OrganizerSettings {

    private static final Logger LOG = Logger.getLogger(OrganizerSettings.class.getName());

    private final JdbcConfigurationStore store;
    private final PolicyLoader loader;
    private final PolicyRepository policies;

    private OrganizerSettings(Builder b) {
        this.store = b.store;
        this.loader = b.loader;
        this.policies = b.policies;
    }

    /**
     * Starts building the settings over a store.
     *
     * @param store where the files and the versions are
     * @return the builder
     */
    public static Builder builder(JdbcConfigurationStore store) {
        return new Builder(store);
    }

    /**
     * The store of files and versions.
     *
     * @return the store
     */
    public JdbcConfigurationStore store() {
        return store;
    }

    /**
     * A tenant's configuration as it is in force.
     *
     * @param tenant the organizer, or {@value Policy#DEFAULT_TENANT} for the platform default
     * @return the snapshot
     * @throws IOException when a file cannot be read
     * @throws ConfigurationException when the files do not parse
     */
    public SettingsSnapshot snapshot(String tenant) throws IOException {
        return store.snapshot(tenant);
    }

    /**
     * A tenant's configuration with the edits of an earlier version, over today's files.
     *
     * @param tenant the organizer
     * @param version a saved version, 0 for the files alone
     * @return the snapshot
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when there is no such version
     */
    public SettingsSnapshot snapshot(String tenant, int version) throws IOException {
        return store.snapshot(tenant, version);
    }

    /**
     * Checks a draft and tells what saving it would do.
     *
     * @param tenant the organizer
     * @param draft the whole configuration document the organizer wants in force
     * @return the review; its problems are empty when the draft can be saved
     * @throws IOException when a file cannot be read
     */
    public SettingsReview review(String tenant, String draft) throws IOException {
        SettingsSnapshot now = store.snapshot(tenant);
        SettingsOverlay.Derived derived;
        try {
            derived = SettingsOverlay.derive(now.files(), draft);
        } catch (IllegalArgumentException e) {
            return new SettingsReview(tenant, now.effective(), now.versionNumber(),
                    List.of(new ConfigurationProblem("settings", "$", 0, 0, e.getMessage())), List.of(), List.of(),
                    now.revision(), now.revision(), now.ownBumps(), SettingsOverlay.EMPTY);
        }
        String document = SettingsOverlay.apply(now.files(), derived.overlay());
        List<ConfigurationDiff.Change> changes = ConfigurationDiff.between(now.effective(), document);
        List<String> reasons = RevisionRules.reasonsToAskAgain(now.effective(), document);
        int bumps = now.ownBumps() + (reasons.isEmpty() ? 0 : 1);
        List<ConfigurationProblem> problems = new ArrayList<>(derived.problems());
        if (problems.isEmpty()) {
            try {
                // the draft as given, so that problems name its own paths (the form's fields)
                problems.addAll(loader.validate(store.layersOfDraft(tenant, draft, bumps)));
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        return new SettingsReview(tenant, document, now.versionNumber(), problems, changes, reasons, now.revision(),
                now.filesRevision() + now.platformBumps() + bumps, bumps, derived.overlay());
    }

    /**
     * Compiles a draft into the policy it would be, without saving it (for a preview).
     *
     * @param tenant the organizer
     * @param draft the whole configuration document
     * @return the policy, with the revision saving would give it
     * @throws IOException when a file cannot be read
     * @throws ConfigurationException with every problem of the draft
     */
    public Policy compile(String tenant, String draft) throws IOException {
        SettingsSnapshot now = store.snapshot(tenant);
        SettingsOverlay.Derived derived;
        try {
            derived = SettingsOverlay.derive(now.files(), draft);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(List.of(new ConfigurationProblem("settings", "$", 0, 0, e.getMessage())));
        }
        if (!derived.problems().isEmpty()) {
            throw new ConfigurationException(derived.problems());
        }
        String document = SettingsOverlay.apply(now.files(), derived.overlay());
        int bumps = now.ownBumps() + (RevisionRules.reasonsToAskAgain(now.effective(), document).isEmpty() ? 0 : 1);
        return loader.load(tenant, store.layersWith(tenant, derived.overlay(), bumps));
    }

    /**
     * Saves a draft as a new version and applies it at once; other instances sharing the
     * database apply it when their store notices the change.
     *
     * @param tenant the organizer
     * @param draft the whole configuration document
     * @param basedOn the version the draft was made from (the review's {@link SettingsReview#basedOn()})
     * @param author who saves
     * @param comment a note about the change; may be null
     * @return the saved version
     * @throws IOException when a file cannot be read
     * @throws ConfigurationException with every problem of the draft (nothing is saved)
     * @throws SettingsConflictException when another version was saved since {@code basedOn}
     * @throws IllegalArgumentException when the draft changes nothing
     */
    public SettingsVersion save(String tenant, String draft, int basedOn, String author, String comment) throws IOException {
        SettingsReview review = review(tenant, draft);
        if (!review.valid()) {
            throw new ConfigurationException(review.problems());
        }
        if (review.basedOn() != basedOn) {
            throw new SettingsConflictException(tenant, basedOn, review.basedOn());
        }
        if (!review.changed()) {
            throw new IllegalArgumentException("nothing to save: the draft is the configuration in force");
        }
        SettingsVersion saved = store.append(tenant, basedOn, review.overlay(), review.revisionBumps(), review.revisionAfter(),
                author, comment);
        LOG.info(() -> "settings of \"" + tenant + "\" saved as version " + saved.version() + " by " + saved.author()
                + " (revision " + saved.revision() + ")");
        applyNow(tenant);
        return saved;
    }

    private void applyNow(String tenant) {
        if (policies == null) {
            return;
        }
        try {
            policies.reload(tenant);
        } catch (ConfigurationException e) {
            // checked before saving; only a file edited at the same moment can get here
            LOG.log(Level.WARNING, "saved settings of \"" + tenant + "\" did not load; the last good policy stays", e);
        }
    }

    /**
     * Every saved version of a tenant's settings, newest first.
     *
     * @param tenant the organizer
     * @return the versions
     */
    public List<SettingsVersion> history(String tenant) {
        return store.history(tenant);
    }

    /**
     * What changed from one version to another, over today's files.
     *
     * @param tenant the organizer
     * @param from a version, 0 for the files alone
     * @param to a version, 0 for the files alone
     * @return the changes
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when a version does not exist
     */
    public List<ConfigurationDiff.Change> diff(String tenant, int from, int to) throws IOException {
        return ConfigurationDiff.between(store.snapshot(tenant, from).effective(), store.snapshot(tenant, to).effective());
    }

    /**
     * Reviews going back to an earlier version (a roll-back is saved as a new version; it raises
     * the revision when the earlier version asks for more than the current one).
     *
     * @param tenant the organizer
     * @param version the version to go back to, 0 for the files alone
     * @return the review of that version's configuration as a draft
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when there is no such version
     */
    public SettingsReview reviewRollback(String tenant, int version) throws IOException {
        return review(tenant, store.snapshot(tenant, version).effective());
    }

    /**
     * A version as a JSON file for version control: for an organizer, a tenant file (a JSON Merge
     * Patch over the platform default, like {@code acme.json}); for the platform default, the
     * whole document. Its {@code revision} is the files' one: the bumps of the settings screen
     * stay with the store, so checking the export in asks nobody again.
     *
     * @param tenant the organizer
     * @param version a saved version, 0 for the files alone
     * @return the JSON document
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when there is no such version
     */
    public String export(String tenant, int version) throws IOException {
        SettingsSnapshot s = store.snapshot(tenant, version);
        if (Policy.DEFAULT_TENANT.equals(tenant)) {
            return s.effective();
        }
        return JsonMergePatch.diff(store.snapshot(Policy.DEFAULT_TENANT).effective(), s.effective());
    }

    /**
     * Reviews a JSON file as the next version: a tenant file (laid over the platform default) for
     * an organizer, the whole document for the platform default. Only what the settings screen
     * edits may differ from the files; its {@code revision} is ignored.
     *
     * @param tenant the organizer
     * @param json the file's text
     * @return the review of the imported configuration as a draft
     * @throws IOException when a file cannot be read
     */
    public SettingsReview reviewImport(String tenant, String json) throws IOException {
        Objects.requireNonNull(json, "json");
        String draft;
        try {
            draft = Policy.DEFAULT_TENANT.equals(tenant) ? JsonMergePatch.apply("{}", json)
                    : JsonMergePatch.apply(store.snapshot(Policy.DEFAULT_TENANT).effective(), json);
        } catch (IllegalArgumentException e) {
            SettingsSnapshot now = store.snapshot(tenant);
            return new SettingsReview(tenant, now.effective(), now.versionNumber(),
                    List.of(new ConfigurationProblem("import.json", "$", 0, 0, e.getMessage())), List.of(), List.of(),
                    now.revision(), now.revision(), now.ownBumps(), SettingsOverlay.EMPTY);
        }
        return review(tenant, draft);
    }

    /** The sources a draft loads from (tests and tools). */
    List<ConfigurationSource> layers(String tenant, String overlay, int ownBumps) throws IOException {
        return store.layersWith(tenant, overlay, ownBumps);
    }

    /** Configures {@link OrganizerSettings}. */
    public static final class Builder {
        private final JdbcConfigurationStore store;
        private PolicyLoader loader = PolicyLoader.create();
        private PolicyRepository policies;

        private Builder(JdbcConfigurationStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The loader that checks drafts: the same one (environment, clock) the repository
         * compiles with, so that a draft passes exactly when it would load.
         *
         * @param loader the loader
         * @return this builder
         */
        public Builder loader(PolicyLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * The repository to reload a tenant in at once when it is saved (other instances reload
         * when their store notices the change).
         *
         * @param policies the repository over the same store
         * @return this builder
         */
        public Builder policies(PolicyRepository policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return the settings
         */
        public OrganizerSettings build() {
            return new OrganizerSettings(this);
        }
    }
}
