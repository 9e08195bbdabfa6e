package dev.consentkit.core.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The per-tenant hash chain: how a record is linked and how a chain is checked. Shared by every
 * ledger so that all of them produce and verify the same chain (docs/ledger.md describes it for
 * auditors).
 *
 * <pre>
 * contentHash = hex(SHA-256(UTF-8(canonical JSON of the record)))
 * chainHash   = hex(SHA-256(ASCII(previousHash + ":" + sequence + ":" + contentHash)))
 * </pre>
 */
final class Chain {

    /** The previous hash of a tenant's first record. */
    static final String GENESIS = "0".repeat(64);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Chain() {
    }

    static String contentHash(ConsentRecord record) {
        return sha256(LedgerJson.canonical(record).getBytes(StandardCharsets.UTF_8));
    }

    static String chainHash(String previousHash, long sequence, String contentHash) {
        return sha256((previousHash + ":" + sequence + ":" + contentHash).getBytes(StandardCharsets.US_ASCII));
    }

    /** Links a (normalized) record after {@code previousHash} at {@code sequence}. */
    static StoredConsentRecord link(ConsentRecord record, long sequence, String previousHash) {
        String content = contentHash(record);
        return new StoredConsentRecord(record, sequence, content, previousHash,
                chainHash(previousHash, sequence, content));
    }

    static String sha256(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            char[] out = new char[d.length * 2];
            for (int i = 0; i < d.length; i++) {
                out[2 * i] = HEX[(d[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[d[i] & 0xF];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Checks one tenant's records, fed in ascending sequence order, against the purge anchor
     * and the chain head.
     */
    static final class Verifier {
        private final String tenant;
        private final long anchorSequence;
        private final long headSequence;
        private final String headHash;
        private long expectedSequence;   // of the next record
        private String expectedPrevious; // chain hash the next record must name
        private long checked;
        private ChainVerification.BrokenLink broken;

        Verifier(String tenant, long anchorSequence, String anchorHash, long headSequence, String headHash) {
            this.tenant = tenant;
            this.anchorSequence = anchorSequence;
            this.headSequence = headSequence;
            this.headHash = headHash;
            this.expectedSequence = anchorSequence + 1;
            this.expectedPrevious = anchorHash;
        }

        /** Checks the next record; returns false once the chain is broken (stop feeding). */
        boolean accept(StoredConsentRecord s) {
            if (broken != null) {
                return false;
            }
            checked++;
            long seq = s.sequence();
            java.util.UUID id = s.record().recordId();
            if (seq < expectedSequence) {
                return fail(seq, id, seq <= anchorSequence
                        ? "record " + id + " has sequence " + seq + ", at or before the purge anchor at sequence "
                                + anchorSequence
                        : "record " + id + " repeats sequence " + seq);
            }
            if (seq > expectedSequence) {
                return fail(expectedSequence, id, "sequence " + expectedSequence + " is missing: the next record, "
                        + id + ", has sequence " + seq + " (a record was removed)");
            }
            if (!Objects.equals(tenant, s.record().tenant())) {
                return fail(seq, id, "record " + id + " at sequence " + seq + " belongs to tenant '"
                        + s.record().tenant() + "', not '" + tenant + "'");
            }
            String content = contentHash(s.record());
            if (!content.equals(s.contentHash())) {
                return fail(seq, id, "record " + id + " at sequence " + seq + ": its content hashes to " + content
                        + " but its stored content hash is " + s.contentHash() + " (the record was changed)");
            }
            if (!expectedPrevious.equals(s.previousHash())) {
                return fail(seq, id, "record " + id + " at sequence " + seq + ": its previous hash "
                        + s.previousHash() + " is not the chain hash " + expectedPrevious + " of "
                        + (seq - 1 == anchorSequence ? (anchorSequence == 0 ? "the chain's start" : "the purge anchor")
                                : "sequence " + (seq - 1)));
            }
            String chain = chainHash(s.previousHash(), seq, content);
            if (!chain.equals(s.chainHash())) {
                return fail(seq, id, "record " + id + " at sequence " + seq + ": its chain hash should be " + chain
                        + " but is " + s.chainHash());
            }
            expectedSequence++;
            expectedPrevious = s.chainHash();
            return true;
        }

        private boolean fail(long sequence, java.util.UUID id, String reason) {
            broken = new ChainVerification.BrokenLink(sequence, id, reason);
            return false;
        }

        ChainVerification finish() {
            if (broken == null) {
                long last = expectedSequence - 1;
                if (last < headSequence) {
                    broken = new ChainVerification.BrokenLink(last + 1, null, "the chain head names sequence "
                            + headSequence + " but the last record is sequence " + last + ": records " + (last + 1)
                            + ".." + headSequence + " were removed");
                } else if (last > headSequence) {
                    broken = new ChainVerification.BrokenLink(headSequence + 1, null, "records up to sequence " + last
                            + " exist after the chain head at sequence " + headSequence);
                } else if (!expectedPrevious.equals(headHash)) {
                    broken = new ChainVerification.BrokenLink(last, null, "the chain head hash " + headHash
                            + " is not the chain hash " + expectedPrevious + " of sequence " + last);
                }
            }
            return new ChainVerification(tenant, checked, anchorSequence, headSequence, headHash, broken);
        }
    }
}
