/**
 * Tenants (organizers) and where their configurations come from.
 *
 * <p>A webinar platform serves many organizers, each the controller of its attendees' data, so
 * each has its own configuration and its own {@link dev.consentkit.core.Policy}. A
 * {@link dev.consentkit.core.tenant.PolicyRepository} hands out the policy of a tenant;
 * {@link dev.consentkit.core.tenant.CachingPolicyRepository} compiles the documents of a
 * {@link dev.consentkit.core.tenant.ConfigurationStore}, caches the compiled policies and
 * recompiles a tenant when its document changes, keeping the last good policy when a change is
 * broken.
 *
 * <p>Stores: {@link dev.consentkit.core.tenant.DirectoryConfigurationStore} (a folder with
 * {@code default.json} and one {@code <tenant>.json} per organizer, watched for changes) and
 * {@link dev.consentkit.core.tenant.JdbcConfigurationStore}, which adds the versions organizers
 * save on the settings screen ({@link dev.consentkit.core.tenant.OrganizerSettings}) on top of
 * the files, in H2 or PostgreSQL, shared by every instance.
 */
package dev.consentkit.core.tenant;
