package dev.consentkit.core.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The outcome of {@link ConsentLedger#verify}: whether one tenant's hash chain is intact, and if
 * not, its first broken link.
 *
 * @param tenant the tenant whose chain was checked
 * @param recordsChecked how many stored records were read
 * @param anchorSequence the sequence number of the last purged record (0 when nothing was purged);
 *     the chain is verified from the record after it
 * @param headSequence the sequence number of the last record the chain head names (0 when empty)
 * @param headHash the chain hash of that record: an auditor who keeps it can later prove that
 *     nothing before it changed
 * @param brokenLink the first broken link, or null when the chain is intact
 */
public record ChainVerification(String tenant, long recordsChecked, long anchorSequence, long headSequence,
                                String headHash, BrokenLink brokenLink) {

    /**
     * Where and why a chain is broken.
     *
     * @param sequence the sequence number at which the chain breaks (for a removed record, the
     *     missing number)
     * @param recordId the record found at or after that position, or null when none was
     * @param reason what is wrong, naming the values that disagree
     */
    public record BrokenLink(long sequence, UUID recordId, String reason) {

        /**
         * Validates the components.
         *
         * @param sequence the sequence number at which the chain breaks
         * @param recordId the record found there, or null
         * @param reason what is wrong; not null
         */
        public BrokenLink {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Validates the components.
     *
     * @param tenant the tenant whose chain was checked; not null
     * @param recordsChecked how many stored records were read
     * @param anchorSequence the sequence number of the last purged record, 0 when none
     * @param headSequence the sequence number of the chain head, 0 when empty
     * @param headHash the chain hash of the head; not null
     * @param brokenLink the first broken link, or null when the chain is intact
     */
    public ChainVerification {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(headHash, "headHash");
    }

    /** {@return whether every stored record of the tenant verifies} */
    public boolean intact() {
        return brokenLink == null;
    }

    /**
     * The first broken link, if the chain is broken.
     *
     * @return the first broken link, or empty when the chain is intact
     */
    public Optional<BrokenLink> firstBrokenLink() {
        return Optional.ofNullable(brokenLink);
    }

    @Override
    public String toString() {
        return intact()
                ? "chain of tenant '" + tenant + "' intact: " + recordsChecked + " records after anchor "
                        + anchorSequence + ", head " + headSequence + " " + headHash
                : "chain of tenant '" + tenant + "' broken at sequence " + brokenLink.sequence() + ": "
                        + brokenLink.reason();
    }
}
