package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerJsonTest {

    static ConsentRecord sample() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("marketing", false);
        choices.put("analytics", true);
        choices.put("necessary", true);
        return new ConsentRecord(UUID.fromString("00000000-0000-4000-8000-000000000001"), "acme",
                UUID.fromString("00000000-0000-4000-8000-000000000002"), null, ConsentAction.UPDATE,
                DecisionMethod.CUSTOM, choices, 7, "waiting-room", Regime.OPT_OUT, "US", true, "en-US", "abc",
                Instant.parse("2026-05-04T03:02:01Z"), "line\nbreak \"quoted\" \u0001");
    }

    @Test
    void canonical_isTheDocumentedFormByteForByte() {
        // the audit contract (docs/ledger.md): changing this breaks every stored chain
        assertThat(LedgerJson.canonical(sample())).isEqualTo("{\"recordId\":\"00000000-0000-4000-8000-000000000001\","
                + "\"tenant\":\"acme\",\"consentId\":\"00000000-0000-4000-8000-000000000002\",\"previousConsentId\":null,"
                + "\"action\":\"update\",\"method\":\"custom\",\"choices\":{\"analytics\":true,\"marketing\":false,"
                + "\"necessary\":true},\"policyRevision\":7,\"pageType\":\"waiting-room\",\"regime\":\"opt-out\","
                + "\"region\":\"US\",\"gpc\":true,\"locale\":\"en-US\",\"bannerTextHash\":\"abc\","
                + "\"recordedAt\":\"2026-05-04T03:02:01.000000Z\",\"subjectReference\":\"line\\u000abreak \\\"quoted\\\" \\u0001\"}");
        assertThat(Chain.contentHash(sample()))
                .isEqualTo(Chain.sha256(LedgerJson.canonical(sample()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void parseRecord_readsBackWhatCanonicalWrote() {
        assertThat(LedgerJson.parseRecord(LedgerJson.canonical(sample()))).isEqualTo(sample());
    }

    @Test
    void normalize_truncatesToMicrosAndReplacesWhatPostgresCannotStore() {
        ConsentRecord r = sample();
        ConsentRecord odd = new ConsentRecord(r.recordId(), "ac\u0000me", r.consentId(), null, r.action(), r.method(),
                r.choices(), r.policyRevision(), r.pageType(), r.regime(), r.region(), r.gpc(), r.locale(),
                "x\uD800y", Instant.parse("2026-05-04T03:02:01.123456789Z"), "ok \uD83D\uDE00");

        ConsentRecord n = LedgerJson.normalize(odd);

        assertThat(n.tenant()).isEqualTo("ac\uFFFDme");
        assertThat(n.bannerTextHash()).isEqualTo("x\uFFFDy");
        assertThat(n.subjectReference()).isEqualTo("ok \uD83D\uDE00");
        assertThat(n.recordedAt()).isEqualTo(Instant.parse("2026-05-04T03:02:01.123456Z"));
        ConsentRecord clean = sample();
        assertThat(LedgerJson.normalize(clean)).isSameAs(clean);
    }

    @Test
    void csvCell_quotesAndDefusesFormulas() {
        assertThat(RecordExporter.csvCell("plain")).isEqualTo("plain");
        assertThat(RecordExporter.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(RecordExporter.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(RecordExporter.csvCell("=1+2")).isEqualTo("'=1+2");
        assertThat(RecordExporter.csvCell("+49 30")).isEqualTo("'+49 30");
        assertThat(RecordExporter.csvCell("-2")).isEqualTo("'-2");
        assertThat(RecordExporter.csvCell("@cmd")).isEqualTo("'@cmd");
        assertThat(RecordExporter.csvCell("\tx")).isEqualTo("'\tx");
        assertThat(RecordExporter.csvCell("=a,b")).isEqualTo("\"'=a,b\"");
        assertThat(RecordExporter.csvCell(null)).isEmpty();
    }
}
