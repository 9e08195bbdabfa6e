package dev.consentkit.core.ledger;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of records read by time range, in chain order.
 *
 * @param records the records of this page, by ascending sequence number
 * @param hasMore whether more records match after the last one of this page
 */
public record RecordPage(List<StoredConsentRecord> records, boolean hasMore) {

    /**
     * Copies the list.
     *
     * @param records the records of this page; not null, copied
     * @param hasMore whether more records match after this page
     */
    public RecordPage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    /**
     * The {@code afterSequence} to pass to read the next page, or empty on the last page.
     *
     * @return the last record's sequence number when more records follow, else empty
     */
    public OptionalLong nextAfterSequence() {
        return hasMore && !records.isEmpty()
                ? OptionalLong.of(records.get(records.size() - 1).sequence())
                : OptionalLong.empty();
    }
}
