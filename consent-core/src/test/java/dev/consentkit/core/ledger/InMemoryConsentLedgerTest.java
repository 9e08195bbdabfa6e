package dev.consentkit.core.ledger;

/** The ledger contract in memory. */
class InMemoryConsentLedgerTest extends ConsentLedgerContract {

    @Override
    ConsentLedger open() {
        return new InMemoryConsentLedger();
    }
}
