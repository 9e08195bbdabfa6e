/**
 * The consent ledger: proof of consent (GDPR Art. 7(1)).
 *
 * <p>{@link dev.consentkit.core.ledger.ConsentLedger} is the API: the servlet filter
 * {@linkplain dev.consentkit.core.ledger.ConsentLedger#append appends} one
 * {@link dev.consentkit.core.ledger.ConsentRecord} per decision and counts banner showings;
 * dashboards, exports, retention and audits read it, always within one tenant.
 * {@link dev.consentkit.core.ledger.JdbcConsentLedger} stores it on H2 or PostgreSQL through a
 * local journal so that an acknowledged decision survives a crash and a database outage;
 * {@link dev.consentkit.core.ledger.InMemoryConsentLedger} is for tests and demos.
 *
 * <p>Every tenant's records form a hash chain that
 * {@link dev.consentkit.core.ledger.ConsentLedger#verify} checks, so that an auditor can trust
 * that no record was edited or removed. Records hold no IP address and no user agent.
 */
package dev.consentkit.core.ledger;
