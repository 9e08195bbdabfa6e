package dev.consentkit.core.ledger;

import java.util.Objects;

/**
 * A record as the ledger stored it: the decision plus its place in its tenant's hash chain.
 *
 * @param record the decision
 * @param sequence its position in the tenant's chain, from 1, without gaps
 * @param contentHash SHA-256 (lower-case hex) of the record's canonical content
 * @param previousHash the chain hash of the record before it (or of the purge anchor; 64 zeros
 *     for the first record of a tenant)
 * @param chainHash SHA-256 over {@code previousHash}, {@code sequence} and {@code contentHash}
 */
public record StoredConsentRecord(ConsentRecord record, long sequence, String contentHash,
                                  String previousHash, String chainHash) {

    /**
     * Validates the components.
     *
     * @param record the decision; not null
     * @param sequence its position in the tenant's chain, at least 1
     * @param contentHash SHA-256 of the record's canonical content; not null
     * @param previousHash the chain hash of the record before it; not null
     * @param chainHash the record's chain hash; not null
     * @throws IllegalArgumentException when {@code sequence} is less than 1
     */
    public StoredConsentRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(chainHash, "chainHash");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1 but was " + sequence);
        }
    }
}
