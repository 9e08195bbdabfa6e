package dev.consentkit.core.ledger;

/** What a ledger record records. */
public enum ConsentAction {
    /** A first decision under a consent id. */
    GRANT("grant"),
    /** A changed decision under the same consent id. */
    UPDATE("update"),
    /** A withdrawal: every non-necessary category refused. */
    WITHDRAW("withdraw");

    private final String id;

    ConsentAction(String id) {
        this.id = id;
    }

    /** {@return the identifier used in exports, such as {@code "grant"}} */
    public String id() {
        return id;
    }
}
