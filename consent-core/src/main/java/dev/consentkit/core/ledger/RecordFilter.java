package dev.consentkit.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Which records an {@linkplain ConsentLedger#export export} includes: all of them, those of a
 * time range, of one consent id or of one data subject. Immutable.
 *
 * <pre>{@code
 * ledger.export("acme", RecordFilter.subject("attendee-7f3a"), ExportFormat.JSON_LINES, writer);
 * ledger.export("acme", RecordFilter.between(monthStart, monthEnd), ExportFormat.CSV, writer);
 * }</pre>
 *
 * @param from the earliest decision time included, or null for no lower bound
 * @param to the decision time excluded (the range is half-open), or null for no upper bound
 * @param consentId the consent id, or null for any
 * @param subjectReference the subject reference, or null for any
 */
public record RecordFilter(Instant from, Instant to, UUID consentId, String subjectReference) {

    private static final RecordFilter ALL = new RecordFilter(null, null, null, null);

    /**
     * Validates the range.
     *
     * @param from the earliest decision time included, or null
     * @param to the decision time excluded, or null
     * @param consentId the consent id, or null for any
     * @param subjectReference the subject reference, or null for any
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public RecordFilter {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** {@return every record} */
    public static RecordFilter all() {
        return ALL;
    }

    /**
     * Records decided in {@code [from, to)}.
     *
     * @param from the earliest decision time included, or null
     * @param to the decision time excluded, or null
     * @return the filter
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public static RecordFilter between(Instant from, Instant to) {
        return new RecordFilter(from, to, null, null);
    }

    /**
     * The records of one consent id: the history of one visitor's decisions.
     *
     * @param consentId the consent id, as carried by the visitor's consent cookie
     * @return the filter
     */
    public static RecordFilter consentId(UUID consentId) {
        return new RecordFilter(null, null, Objects.requireNonNull(consentId, "consentId"), null);
    }

    /**
     * The records an application tied to one data subject, for a data subject's request.
     *
     * @param subjectReference the reference the application passed with the decisions
     * @return the filter
     */
    public static RecordFilter subject(String subjectReference) {
        return new RecordFilter(null, null, null, Objects.requireNonNull(subjectReference, "subjectReference"));
    }

    /**
     * Whether {@code record} passes this filter.
     *
     * @param record a record
     * @return true when the record is in the time range and matches the consent id and subject
     *     reference that are set
     */
    public boolean matches(ConsentRecord record) {
        return (from == null || !record.recordedAt().isBefore(from))
                && (to == null || record.recordedAt().isBefore(to))
                && (consentId == null || consentId.equals(record.consentId()))
                && (subjectReference == null || subjectReference.equals(record.subjectReference()));
    }
}
