package dev.consentkit.core.ledger;

/** How the visitor decided, for the dashboard's accept/reject/customise rates. */
public enum DecisionMethod {
    /** The "accept all" button (or API call). */
    ACCEPT_ALL("accept-all"),
    /** The "reject all" button (or API call), and withdrawals. */
    REJECT_ALL("reject-all"),
    /** A choice per category. */
    CUSTOM("custom");

    private final String id;

    DecisionMethod(String id) {
        this.id = id;
    }

    /** {@return the identifier used in exports, such as {@code "accept-all"}} */
    public String id() {
        return id;
    }
}
