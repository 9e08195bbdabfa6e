package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Records for ledger tests. */
final class TestRecords {

    private TestRecords() {
    }

    static ConsentRecord record(String tenant) {
        return record(tenant, UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, Instant.now(), null);
    }

    static ConsentRecord record(String tenant, UUID consentId, DecisionMethod method, Instant at, String subject) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("preferences", method != DecisionMethod.REJECT_ALL);
        choices.put("analytics", method == DecisionMethod.ACCEPT_ALL || method == DecisionMethod.CUSTOM);
        choices.put("marketing", method == DecisionMethod.ACCEPT_ALL);
        return new ConsentRecord(UUID.randomUUID(), tenant, consentId, null, ConsentAction.GRANT, method, choices, 3,
                "registration", Regime.OPT_IN, "DE", false, "de",
                "5f1a0c9e3b2d4a6f8e7c1b0a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e", at, subject);
    }

    static ConsentRecord withdrawal(String tenant, UUID consentId, Instant at) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("analytics", false);
        return new ConsentRecord(UUID.randomUUID(), tenant, consentId, null, ConsentAction.WITHDRAW,
                DecisionMethod.REJECT_ALL, choices, 3, null, Regime.OPT_IN, null, true, "en", "abc", at, null);
    }
}
