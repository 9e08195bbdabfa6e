package dev.consentkit.demo;

import dev.consentkit.core.ledger.ConsentLedger;

import java.nio.file.Path;

/** The demo's consent ledger. */
final class DemoLedger {

    private DemoLedger() {
    }

    /** The ledger under {@code <data>/ledger}, or null while no ledger implementation is available. */
    static ConsentLedger open(Path data) {
        return null; // TODO(ledger): JdbcConsentLedger.h2(data.resolve("ledger")) once the JDBC ledger is on main
    }
}
