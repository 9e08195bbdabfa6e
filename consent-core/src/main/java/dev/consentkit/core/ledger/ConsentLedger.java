package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The append-only record of every consent decision: the organizer's proof of consent.
 *
 * <p>{@link #append} returns only when the record is durable: it survives a crash of the
 * process and an outage of the database. Implementations are thread-safe.
 *
 * <p>Every read is scoped to one tenant (an organizer sees only its own attendees), except
 * {@link #exportAllTenants} and {@link #tenants}, which are for the platform operator. Each
 * tenant's records form a hash chain (see {@link StoredConsentRecord}) that {@link #verify}
 * checks. Reads see records once they are stored; a ledger that batches writes may show a
 * record shortly after {@code append} returned.
 */
public interface ConsentLedger extends AutoCloseable {

    /**
     * Appends a record durably. Appending a record id that is already stored does nothing.
     *
     * @param record the decision to store
     * @throws LedgerException when the record could not be made durable (the caller must not
     *     acknowledge the decision)
     */
    void append(ConsentRecord record);

    /**
     * Counts one showing of the banner (a page view without a decision), for the dashboard's
     * rates. Best effort: counts are not proof and may be lost in a crash.
     *
     * @param tenant the organizer
     * @param pageType the page type, or null
     * @param regime the regime that applied
     */
    void countBannerShown(String tenant, String pageType, Regime regime);

    /**
     * The records of one consent id, by ascending sequence number: one visitor's decisions
     * under that id.
     *
     * @param tenant the organizer
     * @param consentId the consent id
     * @return the records, empty when there are none
     */
    List<StoredConsentRecord> findByConsentId(String tenant, UUID consentId);

    /**
     * The records an application tied to one data subject, by ascending sequence number.
     *
     * @param tenant the organizer
     * @param subjectReference the reference the application supplied
     * @return the records, empty when there are none
     */
    List<StoredConsentRecord> findBySubject(String tenant, String subjectReference);

    /**
     * One page of the records decided in {@code [from, to)}, by ascending sequence number.
     *
     * @param tenant the organizer
     * @param from the earliest decision time included, or null
     * @param to the decision time excluded, or null
     * @param afterSequence only records with a greater sequence number: 0 for the first page, then
     *     {@link RecordPage#nextAfterSequence()}
     * @param limit the most records to return, at least 1
     * @return the page, and whether more records follow
     */
    RecordPage findByTime(String tenant, Instant from, Instant to, long afterSequence, int limit);

    /**
     * Streams one tenant's matching records to {@code out}, by ascending sequence number; for a
     * data subject's request or an audit. Does not close {@code out}.
     *
     * @param tenant the organizer whose records are exported
     * @param filter which records
     * @param format JSON Lines or CSV
     * @param out where the records are written
     * @return how many records were written
     * @throws LedgerException when the records cannot be read or {@code out} fails
     */
    long export(String tenant, RecordFilter filter, ExportFormat format, Writer out);

    /**
     * Streams the matching records of every tenant to {@code out}, tenant by tenant, for the
     * platform operator. Does not close {@code out}.
     *
     * @param filter which records
     * @param format JSON Lines or CSV
     * @param out where the records are written
     * @return how many records were written
     * @throws LedgerException when the records cannot be read or {@code out} fails
     */
    long exportAllTenants(RecordFilter filter, ExportFormat format, Writer out);

    /**
     * Deletes a tenant's stored records decided before {@code cutoff} (retention). Records are
     * removed from the start of the chain: a record older than the cutoff that follows a newer
     * one in the chain is kept until that one is purged too. The chain hash of the last purged
     * record is kept as an anchor, so {@link #verify} still succeeds.
     *
     * @param tenant the organizer
     * @param cutoff records decided before this instant are deleted
     * @return how many records were deleted
     */
    long purgeOlderThan(String tenant, Instant cutoff);

    /**
     * Verifies a tenant's hash chain from the purge anchor to the chain head: every record's
     * content hash, every link and the absence of gaps.
     *
     * @param tenant the organizer
     * @return the outcome, with the chain head an auditor can keep
     */
    ChainVerification verify(String tenant);

    /**
     * Counts for the dashboard, one row per day, page type and regime that has any count, ordered
     * by day, page type and regime.
     *
     * @param tenant the organizer
     * @param from the first UTC day included
     * @param to the last UTC day included
     * @return the rows, empty when nothing was counted
     */
    List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to);

    /** {@return the tenants that have stored records, for the platform operator} */
    Set<String> tenants();

    /** Flushes pending work and releases resources; records already appended are kept. */
    @Override
    void close();
}
