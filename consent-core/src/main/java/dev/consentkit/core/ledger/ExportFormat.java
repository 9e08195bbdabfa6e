package dev.consentkit.core.ledger;

/** The formats {@link ConsentLedger#export} writes. */
public enum ExportFormat {
    /**
     * JSON Lines: one JSON object per record, with its sequence number and hashes, so that an
     * auditor can recompute the chain.
     */
    JSON_LINES("jsonl", "application/jsonl; charset=utf-8"),
    /**
     * CSV (RFC 4180) with a header row; cells that a spreadsheet would read as a formula are
     * prefixed with a single quote.
     */
    CSV("csv", "text/csv; charset=utf-8");

    private final String id;
    private final String contentType;

    ExportFormat(String id, String contentType) {
        this.id = id;
        this.contentType = contentType;
    }

    /** {@return the identifier, also the usual file extension: {@code "jsonl"} or {@code "csv"}} */
    public String id() {
        return id;
    }

    /** {@return the HTTP content type to serve the export with} */
    public String contentType() {
        return contentType;
    }
}
