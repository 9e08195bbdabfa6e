/**
 * JSON configuration in, {@link dev.consentkit.core.Policy} out: the only package that knows
 * Jackson.
 *
 * <p>{@link dev.consentkit.core.config.PolicyLoader} reads one or more layered documents
 * ({@link dev.consentkit.core.config.ConfigurationSource}, laid over each other as JSON Merge
 * Patches by {@link dev.consentkit.core.config.JsonMergePatch}), validates all of it and either
 * returns a compiled policy or throws one {@link dev.consentkit.core.config.ConfigurationException}
 * listing every {@link dev.consentkit.core.config.ConfigurationProblem} with its JSON path, line
 * and column: a bad configuration never half-loads. The JSON Schema of the document ships in this
 * package ({@link dev.consentkit.core.config.PolicyLoader#jsonSchema()}), and
 * {@code docs/configuration.md} is generated from the same field definitions.
 *
 * <p>The settings screen's support lives here too: the organizer's edits as a
 * {@link dev.consentkit.core.config.SettingsOverlay} over the files, a readable
 * {@link dev.consentkit.core.config.ConfigurationDiff} between versions, and the
 * {@link dev.consentkit.core.config.RevisionRules} that decide when a change must ask attendees
 * again.
 */
package dev.consentkit.core.config;
