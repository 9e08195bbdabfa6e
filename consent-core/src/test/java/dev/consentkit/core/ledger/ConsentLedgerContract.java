package dev.consentkit.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.Regime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.consentkit.core.ledger.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ConsentLedger} does, run against each implementation (in memory, H2,
 * PostgreSQL) by a subclass.
 */
abstract class ConsentLedgerContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final Instant T0_NANOS = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path tmp;

    ConsentLedger ledger;

    /** A fresh, empty ledger. */
    abstract ConsentLedger open() throws Exception;

    /** Waits until what was appended is readable. */
    void settle(ConsentLedger l) {
    }

    /** Releases the backend after the ledger closed. */
    void release() throws Exception {
    }

    @BeforeEach
    void openLedger() throws Exception {
        ledger = open();
    }

    @AfterEach
    void closeLedger() throws Exception {
        if (ledger != null) {
            ledger.close();
        }
        release();
    }

    @Test
    void append_thenFindByConsentId_returnsTheRecordWithItsChainLink() {
        ConsentRecord r = record("acme", UUID.randomUUID(), DecisionMethod.CUSTOM, T0_NANOS, "attendee-1");
        ledger.append(r);
        settle(ledger);

        List<StoredConsentRecord> found = ledger.findByConsentId("acme", r.consentId());

        assertThat(found).hasSize(1);
        StoredConsentRecord s = found.get(0);
        assertThat(s.record()).isEqualTo(new ConsentRecord(r.recordId(), r.tenant(), r.consentId(), null, r.action(),
                r.method(), r.choices(), r.policyRevision(), r.pageType(), r.regime(), r.region(), r.gpc(), r.locale(),
                r.bannerTextHash(), T0, r.subjectReference()));
        assertThat(s.sequence()).isEqualTo(1);
        assertThat(s.previousHash()).isEqualTo(Chain.GENESIS);
        assertThat(s.contentHash()).isEqualTo(Chain.contentHash(s.record()));
        assertThat(s.chainHash()).isEqualTo(Chain.chainHash(Chain.GENESIS, 1, s.contentHash()));
    }

    @Test
    void append_sameRecordIdTwice_storesItOnce() {
        ConsentRecord r = record("acme");
        ledger.append(r);
        ledger.append(r);
        settle(ledger);

        assertThat(ledger.findByConsentId("acme", r.consentId())).hasSize(1);
        assertThat(ledger.verify("acme").intact()).isTrue();
    }

    @Test
    void findByConsentId_isCachedButSeesANewDecisionOfTheSameConsentId() {
        UUID consent = UUID.randomUUID();
        ledger.append(record("acme", consent, DecisionMethod.ACCEPT_ALL, T0, null));
        settle(ledger);
        assertThat(ledger.findByConsentId("acme", consent)).hasSize(1);

        ledger.append(TestRecords.withdrawal("acme", consent, T0.plusSeconds(60)));
        settle(ledger);

        assertThat(ledger.findByConsentId("acme", consent)).extracting(s -> s.record().action())
                .containsExactly(ConsentAction.GRANT, ConsentAction.WITHDRAW);
    }

    @Test
    void reads_areScopedToOneTenant() {
        UUID consent = UUID.randomUUID();
        ledger.append(record("acme", consent, DecisionMethod.ACCEPT_ALL, T0, "subject-7"));
        ledger.append(record("globex", consent, DecisionMethod.REJECT_ALL, T0, "subject-7"));
        settle(ledger);

        assertThat(ledger.findBySubject("acme", "subject-7")).extracting(s -> s.record().tenant())
                .containsExactly("acme");
        assertThat(ledger.findByConsentId("globex", consent)).extracting(s -> s.record().method())
                .containsExactly(DecisionMethod.REJECT_ALL);
        assertThat(ledger.findBySubject("initech", "subject-7")).isEmpty();
        assertThat(ledger.tenants()).containsExactly("acme", "globex");
        // each tenant has a chain of its own
        assertThat(ledger.findBySubject("globex", "subject-7").get(0).sequence()).isEqualTo(1);
    }

    @Test
    void findByTime_pagesThroughTheRangeInChainOrder() {
        for (int i = 0; i < 10; i++) {
            ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0.plusSeconds(i * 60L), null));
        }
        settle(ledger);
        Instant from = T0.plusSeconds(120);
        Instant to = T0.plusSeconds(9 * 60);

        List<StoredConsentRecord> seen = new ArrayList<>();
        RecordPage page = ledger.findByTime("acme", from, to, 0, 3);
        seen.addAll(page.records());
        while (page.nextAfterSequence().isPresent()) {
            page = ledger.findByTime("acme", from, to, page.nextAfterSequence().getAsLong(), 3);
            seen.addAll(page.records());
        }

        assertThat(seen).extracting(StoredConsentRecord::sequence).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(ledger.findByTime("acme", null, null, 0, 100).records()).hasSize(10);
        assertThatThrownBy(() -> ledger.findByTime("acme", null, null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be at least 1 but was 0");
    }

    @Test
    void exportJsonLines_letsAnAuditorRecomputeEveryHash() throws Exception {
        for (int i = 0; i < 5; i++) {
            ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.CUSTOM, T0.plusSeconds(i), "s\"ü\\" + i));
        }
        settle(ledger);
        StringWriter out = new StringWriter();

        long n = ledger.export("acme", RecordFilter.all(), ExportFormat.JSON_LINES, out);

        assertThat(n).isEqualTo(5);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        String previous = Chain.GENESIS;
        for (int i = 0; i < lines.length; i++) {
            ObjectNode line = (ObjectNode) json.readTree(lines[i]);
            assertThat(line.get("sequence").asLong()).isEqualTo(i + 1);
            assertThat(line.get("choices").get("analytics").asBoolean()).isTrue();
            assertThat(line.get("subjectReference").asText()).isEqualTo("s\"ü\\" + i);
            // the auditor's way: the canonical content is the line without sequence and hashes
            String contentHash = line.remove("contentHash").asText();
            String previousHash = line.remove("previousHash").asText();
            String chainHash = line.remove("chainHash").asText();
            long sequence = line.remove("sequence").asLong();
            String canonical = json.writeValueAsString(line);
            assertThat(Chain.sha256(canonical.getBytes(StandardCharsets.UTF_8))).isEqualTo(contentHash);
            assertThat(previousHash).isEqualTo(previous);
            assertThat(Chain.sha256((previousHash + ":" + sequence + ":" + contentHash).getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo(chainHash);
            previous = chainHash;
        }
        assertThat(out.toString()).doesNotContain("\"ip").doesNotContain("userAgent");
    }

    @Test
    void exportCsv_quotesCellsAndDefusesFormulas() {
        ConsentRecord r = record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, "=HYPERLINK(\"http://x\",\"a,b\")");
        ledger.append(r);
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, "@SUM(A1)"));
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, "plain"));
        settle(ledger);
        StringWriter out = new StringWriter();

        long n = ledger.export("acme", RecordFilter.all(), ExportFormat.CSV, out);

        assertThat(n).isEqualTo(3);
        String[] rows = out.toString().split("\r\n");
        assertThat(rows[0]).isEqualTo(RecordExporter.CSV_HEADER);
        assertThat(rows[1]).startsWith("1," + r.recordId() + ",acme," + r.consentId() + ",,grant,accept-all,"
                + "analytics=true;marketing=true;necessary=true;preferences=true,3,registration,opt-in,DE,false,de,")
                .contains(",2026-03-01T10:15:30.123456Z,\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",");
        assertThat(rows[2]).contains(",'@SUM(A1),");
        assertThat(rows[3]).contains(",plain,");
    }

    @Test
    void exportBySubject_andExportAllTenants() {
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, "subject-1"));
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, "subject-2"));
        ledger.append(record("globex", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0.plusSeconds(3600), "subject-1"));
        settle(ledger);

        StringWriter subject = new StringWriter();
        assertThat(ledger.export("acme", RecordFilter.subject("subject-1"), ExportFormat.JSON_LINES, subject))
                .isEqualTo(1);
        assertThat(subject.toString()).contains("\"subjectReference\":\"subject-1\"").doesNotContain("globex");

        StringWriter all = new StringWriter();
        assertThat(ledger.exportAllTenants(RecordFilter.all(), ExportFormat.JSON_LINES, all)).isEqualTo(3);
        assertThat(all.toString()).contains("\"tenant\":\"acme\"", "\"tenant\":\"globex\"");
        assertThat(ledger.exportAllTenants(RecordFilter.between(T0.plusSeconds(1), null), ExportFormat.CSV,
                new StringWriter())).isEqualTo(1);
    }

    @Test
    void purge_removesOldRecords_andTheChainStillVerifies() {
        for (int i = 0; i < 6; i++) {
            ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0.plus(i, ChronoUnit.DAYS), null));
        }
        ledger.append(record("globex", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0, null));
        settle(ledger);

        long purged = ledger.purgeOlderThan("acme", T0.plus(4, ChronoUnit.DAYS));

        assertThat(purged).isEqualTo(4);
        assertThat(ledger.findByTime("acme", null, null, 0, 100).records()).extracting(StoredConsentRecord::sequence)
                .containsExactly(5L, 6L);
        ChainVerification v = ledger.verify("acme");
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.anchorSequence()).isEqualTo(4);
        assertThat(v.recordsChecked()).isEqualTo(2);
        assertThat(ledger.findByTime("globex", null, null, 0, 10).records()).hasSize(1);

        // appending after a purge extends the chain from the head
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, T0.plus(7, ChronoUnit.DAYS), null));
        settle(ledger);
        assertThat(ledger.verify("acme").intact()).isTrue();
        assertThat(ledger.purgeOlderThan("acme", T0)).isZero();
        assertThat(ledger.purgeOlderThan("acme", T0.plus(30, ChronoUnit.DAYS))).isEqualTo(3);
        ChainVerification empty = ledger.verify("acme");
        assertThat(empty.intact()).as(empty.toString()).isTrue();
        assertThat(empty.headSequence()).isEqualTo(7);
    }

    @Test
    void verify_ofManyTenants_isIntact_andNamesTheHead() {
        for (int i = 0; i < 30; i++) {
            ledger.append(record(i % 3 == 0 ? "acme" : "globex"));
        }
        settle(ledger);

        ChainVerification acme = ledger.verify("acme");
        ChainVerification globex = ledger.verify("globex");

        assertThat(acme.intact()).as(acme.toString()).isTrue();
        assertThat(acme.recordsChecked()).isEqualTo(10);
        assertThat(acme.headSequence()).isEqualTo(10);
        assertThat(acme.headHash()).isEqualTo(ledger.findByTime("acme", null, null, 9, 1).records().get(0).chainHash());
        assertThat(globex.recordsChecked()).isEqualTo(20);
        assertThat(ledger.verify("nobody").recordsChecked()).isZero();
        assertThat(ledger.verify("nobody").intact()).isTrue();
    }

    @Test
    void aggregates_countDecisionsGrantsAndBannerShowingsPerDay() {
        Instant day1 = Instant.parse("2026-03-01T08:00:00Z");
        Instant day2 = Instant.parse("2026-03-02T23:59:59Z");
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, day1, null));
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, day1.plusSeconds(60), null));
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.REJECT_ALL, day1.plusSeconds(120), null));
        ledger.append(record("acme", UUID.randomUUID(), DecisionMethod.CUSTOM, day2, null));
        ledger.append(TestRecords.withdrawal("acme", UUID.randomUUID(), day2));
        ledger.append(record("globex", UUID.randomUUID(), DecisionMethod.ACCEPT_ALL, day1, null));
        for (int i = 0; i < 7; i++) {
            ledger.countBannerShown("acme", "registration", Regime.OPT_IN);
        }
        ledger.countBannerShown("globex", "registration", Regime.OPT_IN);
        settle(ledger);

        List<DailyAggregate> rows = ledger.aggregates("acme", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2));

        assertThat(rows).hasSize(3);
        DailyAggregate first = rows.get(0);
        assertThat(first.day()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(first.pageType()).isEqualTo("registration");
        assertThat(first.regime()).isEqualTo(Regime.OPT_IN);
        assertThat(List.of(first.acceptedAll(), first.rejectedAll(), first.customised(), first.withdrawn()))
                .containsExactly(2L, 1L, 0L, 0L);
        assertThat(first.granted()).isEqualTo(Map.of("necessary", 3L, "preferences", 2L, "analytics", 2L,
                "marketing", 2L));
        DailyAggregate withdrawals = rows.get(1);
        assertThat(withdrawals.pageType()).isNull();
        assertThat(withdrawals.withdrawn()).isEqualTo(1);
        assertThat(withdrawals.decisions()).isZero();
        assertThat(withdrawals.granted()).isEmpty();
        assertThat(rows.get(2).customised()).isEqualTo(1);
        assertThat(rows.get(2).granted()).containsEntry("analytics", 1L).doesNotContainKey("marketing");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<DailyAggregate> shown = ledger.aggregates("acme", today, today);
        assertThat(shown).singleElement().satisfies(a -> {
            assertThat(a.bannerShown()).isEqualTo(7);
            assertThat(a.pageType()).isEqualTo("registration");
        });
    }

    @Test
    void append_afterClose_fails() {
        ledger.close();
        ConsentRecord r = record("acme");

        assertThatThrownBy(() -> ledger.append(r)).isInstanceOf(LedgerException.class)
                .hasMessage("cannot append record " + r.recordId() + ": the ledger is closed");
        ledger = null;
    }
}
