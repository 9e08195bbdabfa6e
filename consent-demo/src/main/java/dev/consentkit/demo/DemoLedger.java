package dev.consentkit.demo;

import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.JdbcConsentLedger;

import java.nio.file.Path;

/** The demo's consent ledger: the JDBC ledger on an embedded H2 database. */
final class DemoLedger {

    private DemoLedger() {
    }

    /** The ledger under {@code <data>/ledger}: the H2 database and its journal. */
    static ConsentLedger open(Path data) {
        return JdbcConsentLedger.h2(data.resolve("ledger"));
    }
}
