package dev.consentkit.core.ledger;

/** A ledger operation that failed; for {@link ConsentLedger#append}, the record is not durable. */
public class LedgerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause why, or null
     */
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what failed
     */
    public LedgerException(String message) {
        super(message);
    }
}
