package dev.consentkit.core.ledger;

/**
 * The append-only record of every consent decision: the organizer's proof of consent.
 *
 * <p>{@link #append} returns only when the record is durable: it survives a crash of the
 * process and an outage of the database. Implementations are thread-safe.
 */
public interface ConsentLedger extends AutoCloseable {

    /**
     * Appends a record durably. Appending a record id that is already stored does nothing.
     *
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
    void countBannerShown(String tenant, String pageType, dev.consentkit.core.Regime regime);

    /** Flushes pending work and releases resources; records already appended are kept. */
    @Override
    void close();
}
