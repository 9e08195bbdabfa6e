package dev.consentkit.core.ledger;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.consentkit.core.ledger.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger contract plus what only the JDBC ledger promises: tamper evidence against edits in
 * the database, durability through outages and crashes, several instances on one database. Run
 * once per database by a subclass.
 */
abstract class JdbcConsentLedgerContract extends ConsentLedgerContract {

    LedgerBackend backend;

    abstract LedgerBackend newBackend() throws Exception;

    @Override
    ConsentLedger open() throws Exception {
        backend = newBackend();
        return backend.builder(tmp.resolve("journal")).build();
    }

    @Override
    void settle(ConsentLedger l) {
        assertThat(((JdbcConsentLedger) l).flush(Duration.ofSeconds(20))).as("flushed to the database").isTrue();
    }

    @Override
    void release() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    JdbcConsentLedger jdbc() {
        return (JdbcConsentLedger) ledger;
    }

    String table(String name) {
        return backend.prefix + name;
    }

    List<UUID> appendAll(String tenant, int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ConsentRecord r = record(tenant);
            ledger.append(r);
            ids.add(r.recordId());
        }
        return ids;
    }

    long storedCount(String tenant) throws Exception {
        return backend.count("SELECT COUNT(*) FROM " + table("record") + " WHERE tenant = '" + tenant + "'");
    }

    @Test
    void schema_isMigratedOnce_toTheLatestVersion() throws Exception {
        ledger.close();
        ledger = backend.builder(tmp.resolve("journal")).build();

        assertThat(backend.count("SELECT MAX(version) FROM " + table("schema_version"))).isEqualTo(3);
        assertThat(backend.count("SELECT COUNT(*) FROM " + table("schema_version"))).isEqualTo(3);
    }

    @Test
    void schema_newerThanThisCode_isRefusedWithTheVersions() throws Exception {
        backend.execute("INSERT INTO " + table("schema_version") + " (version, description, applied_at) "
                + "VALUES (99, 'from the future', CURRENT_TIMESTAMP)");
        ledger.close();

        assertThatThrownBy(() -> backend.builder(tmp.resolve("journal2")).build())
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("are at schema version 99, newer than this ConsentKit supports (3)");
        ledger = null;
    }

    @Test
    void verify_detectsAnEditedRecord_andNamesIt() throws Exception {
        appendAll("acme", 5);
        settle(ledger);
        UUID third = ledger.findByTime("acme", null, null, 2, 1).records().get(0).record().recordId();

        backend.execute("UPDATE " + table("record") + " SET choices = '{\"analytics\":true,\"marketing\":true,"
                + "\"necessary\":true,\"preferences\":false}' WHERE tenant = 'acme' AND seq = 3");
        ChainVerification v = ledger.verify("acme");

        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLink().sequence()).isEqualTo(3);
        assertThat(v.brokenLink().recordId()).isEqualTo(third);
        assertThat(v.brokenLink().reason()).contains("record " + third + " at sequence 3: its content hashes to")
                .contains("(the record was changed)");
    }

    @Test
    void verify_detectsARecordEditedTogetherWithItsOwnHashes() throws Exception {
        appendAll("acme", 5);
        settle(ledger);
        StoredConsentRecord second = ledger.findByTime("acme", null, null, 1, 1).records().get(0);
        ConsentRecord r = second.record();
        ConsentRecord forged = new ConsentRecord(r.recordId(), r.tenant(), r.consentId(), null, r.action(), r.method(),
                r.choices(), r.policyRevision(), r.pageType(), r.regime(), "FR", r.gpc(), r.locale(), r.bannerTextHash(),
                r.recordedAt(), r.subjectReference());
        StoredConsentRecord relinked = Chain.link(forged, 2, second.previousHash());

        backend.execute("UPDATE " + table("record") + " SET region = 'FR', content_hash = '" + relinked.contentHash()
                + "', chain_hash = '" + relinked.chainHash() + "' WHERE tenant = 'acme' AND seq = 2");
        ChainVerification v = ledger.verify("acme");

        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLink().sequence()).isEqualTo(3);
        assertThat(v.brokenLink().reason()).contains("its previous hash " + second.chainHash()
                + " is not the chain hash " + relinked.chainHash() + " of sequence 2");
    }

    @Test
    void verify_detectsADeletedRecord() throws Exception {
        List<UUID> ids = appendAll("acme", 5);
        settle(ledger);

        backend.execute("DELETE FROM " + table("record") + " WHERE tenant = 'acme' AND seq = 3");
        ChainVerification v = ledger.verify("acme");

        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLink().sequence()).isEqualTo(3);
        assertThat(v.brokenLink().recordId()).isEqualTo(ids.get(3));
        assertThat(v.brokenLink().reason()).isEqualTo("sequence 3 is missing: the next record, " + ids.get(3)
                + ", has sequence 4 (a record was removed)");
    }

    @Test
    void verify_detectsRemovedLastRecords() throws Exception {
        appendAll("acme", 5);
        settle(ledger);

        backend.execute("DELETE FROM " + table("record") + " WHERE tenant = 'acme' AND seq >= 4");
        ChainVerification v = ledger.verify("acme");

        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLink().reason()).isEqualTo("the chain head names sequence 5 but the last record is "
                + "sequence 3: records 4..5 were removed");
    }

    @Test
    void concurrentAppends_fromManyThreads_areAllStored_inValidChains_sharingFsyncs() throws Exception {
        int threads = 16;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<UUID> acked = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>();
        long forcesBefore = jdbc().journalForceCount();
        for (int t = 0; t < threads; t++) {
            String tenant = "tenant-" + (t % 4);
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    ConsentRecord r = record(tenant);
                    ledger.append(r);
                    acked.add(r.recordId());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long forces = jdbc().journalForceCount() - forcesBefore;
        settle(ledger);

        assertThat(acked).hasSize(threads * perThread);
        assertThat(backend.count("SELECT COUNT(DISTINCT record_id) FROM " + table("record"))).isEqualTo(threads * perThread);
        for (int t = 0; t < 4; t++) {
            ChainVerification v = ledger.verify("tenant-" + t);
            assertThat(v.intact()).as(v.toString()).isTrue();
            assertThat(v.headSequence()).isEqualTo(threads * perThread / 4);
        }
        assertThat(forces).as("group commit: fsyncs for %s appends", acked.size()).isLessThan(acked.size());
    }

    @Test
    void twoInstancesOnOneDatabase_keepEachTenantsChainValid() throws Exception {
        try (JdbcConsentLedger second = backend.builder(tmp.resolve("journal-b")).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (ConsentLedger l : List.of(ledger, second, ledger, second)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        l.append(record(i % 2 == 0 ? "acme" : "globex"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            settle(second);
            settle(ledger);
        }

        assertThat(storedCount("acme") + storedCount("globex")).isEqualTo(600);
        for (String tenant : List.of("acme", "globex")) {
            ChainVerification v = ledger.verify(tenant);
            assertThat(v.intact()).as(v.toString()).isTrue();
            assertThat(v.headSequence()).isEqualTo(300);
        }
    }

    @Test
    void journalInUse_isRefused() {
        assertThatThrownBy(() -> backend.builder(tmp.resolve("journal")).build())
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("is in use by another ledger");
    }

    @Test
    void storedSegments_areDeleted() throws Exception {
        ledger.close();
        Path journal = tmp.resolve("small-segments");
        ledger = backend.builder(journal).segmentSize(4096).build();
        appendAll("acme", 200); // about 700 bytes a line: dozens of segments
        settle(ledger);
        Thread.sleep(50);

        assertThat(segments(journal)).as("segments left while running").hasSizeLessThanOrEqualTo(2);
        ledger.close();
        assertThat(segments(journal)).as("segments left after a clean close").isEmpty();
        assertThat(storedCount("acme")).isEqualTo(200);
        ledger = null;
    }

    static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".journal")).toList();
        }
    }

    @Test
    void databaseOutageMidStream_everyAcknowledgedRecordLandsExactlyOnce() throws Exception {
        ledger.close();
        try (TcpProxy proxy = new TcpProxy(backend.serverPort())) {
            ledger = backend.builder(tmp.resolve("journal-proxy"), backend.urlVia(proxy.port())).build();
            Set<UUID> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    while (!stop.get()) {
                        ConsentRecord r = record("acme");
                        ledger.append(r);
                        acked.add(r.recordId());
                    }
                    return null;
                }));
            }
            awaitAcked(acked, 200);
            proxy.down();
            int atOutage = acked.size();
            awaitAcked(acked, atOutage + 300); // decisions keep being acknowledged while the database is away
            Thread.sleep(200);
            assertThat(jdbc().databaseAvailable()).isFalse();
            proxy.up();
            awaitAcked(acked, acked.size() + 200);
            stop.set(true);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            settle(ledger);

            assertThat(storedIds("acme")).containsExactlyInAnyOrderElementsOf(acked);
            assertThat(storedCount("acme")).isEqualTo(acked.size());
            ChainVerification v = ledger.verify("acme");
            assertThat(v.intact()).as(v.toString()).isTrue();
            ledger.close();
            ledger = null;
        }
    }

    static void awaitAcked(Set<UUID> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acked.size() < n) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s acknowledged records", n).isNegative();
            Thread.sleep(5);
        }
    }

    Set<UUID> storedIds(String tenant) throws Exception {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = backend.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT record_id FROM " + table("record") + " WHERE tenant = '" + tenant + "'")) {
            while (rs.next()) {
                assertThat(ids.add(rs.getObject(1, UUID.class))).as("stored once").isTrue();
            }
        }
        return ids;
    }

    @Test
    void databaseUnreachableAtStart_doesNotStopTheApplication_andRecordsLandWhenItComes() throws Exception {
        ledger.close();
        try (TcpProxy proxy = new TcpProxy(backend.serverPort())) {
            proxy.down();
            ledger = backend.builder(tmp.resolve("journal-late"), backend.urlVia(proxy.port())).build();
            assertThat(jdbc().databaseAvailable()).isFalse();
            List<UUID> ids = appendAll("acme", 50);
            assertThat(jdbc().flush(Duration.ofMillis(200))).isFalse();

            proxy.up();
            settle(ledger);

            assertThat(storedIds("acme")).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(jdbc().databaseAvailable()).isTrue();
            ledger.close();
            ledger = null;
        }
    }

    @Test
    void tornJournalTail_isSkipped_withoutLosingEarlierRecords() throws Exception {
        ledger.close();
        Path journal = tmp.resolve("journal-torn");
        List<UUID> ids;
        try (TcpProxy proxy = new TcpProxy(backend.serverPort())) {
            proxy.down();
            JdbcConsentLedger offline = backend.builder(journal, backend.urlVia(proxy.port()))
                    .closeTimeout(Duration.ZERO).build();
            List<UUID> appended = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ConsentRecord r = record("acme");
                offline.append(r);
                appended.add(r.recordId());
            }
            offline.close();
            ids = appended;
        }
        List<Path> left = segments(journal);
        assertThat(left).hasSize(1);
        // a crash in the middle of writing the next line
        byte[] next = Journal.line(record("acme"));
        Files.write(left.get(0), java.util.Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

        ledger = backend.builder(journal).build();
        settle(ledger);

        assertThat(storedIds("acme")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ledger.verify("acme").intact()).isTrue();
    }

    @Test
    void corruptJournalLine_isSkipped_andTheLinesAfterItAreStored() throws Exception {
        ledger.close();
        Path journal = tmp.resolve("journal-corrupt");
        Files.createDirectories(journal);
        ConsentRecord a = record("acme");
        ConsentRecord b = record("acme");
        ConsentRecord c = record("acme");
        byte[] bad = Journal.line(b);
        bad[40] ^= 1; // a flipped bit
        Files.write(journal.resolve("00000000000000000007.journal"),
                concat(Journal.line(a), bad, Journal.line(c)));

        ledger = backend.builder(journal).build();
        settle(ledger);

        assertThat(storedIds("acme")).containsExactlyInAnyOrder(a.recordId(), c.recordId());
        assertThat(segments(journal)).extracting(p -> p.getFileName().toString())
                .containsExactly("00000000000000000008.journal");
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void processKilledHard_replaysItsJournal_everyAcknowledgedRecordStoredOnce() throws Exception {
        ledger.close();
        ledger = null;
        Path journal = tmp.resolve("journal-child");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:off", "-cp", System.getProperty("java.class.path"),
                LedgerChildProcess.class.getName(), backend.url(), backend.prefix, journal.toString(), "acme", "4")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<UUID> acked = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acked.add(UUID.fromString(line.substring(4)));
                        if (acked.size() >= 400) {
                            enough.countDown();
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the child died
            }
        });
        reader.start();
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("child acknowledged 400 records").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        long storedBeforeReplay = backend.count("SELECT COUNT(*) FROM " + table("record"));
        assertThat(segments(journal)).isNotEmpty();
        assertThat(storedBeforeReplay).as("acknowledged records only in the journal at the kill")
                .isLessThan(acked.size());

        ledger = backend.builder(journal).build();
        settle(ledger);

        Set<UUID> stored = storedIds("acme");
        assertThat(stored).as("stored before replay: %s, acknowledged: %s", storedBeforeReplay, acked.size())
                .containsAll(acked);
        ChainVerification v = ledger.verify("acme");
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.headSequence()).isEqualTo(stored.size());
    }

    @Test
    void bannerCounts_areFlushedToTheDailyTable_andOutliveTheLedger() throws Exception {
        for (int i = 0; i < 5; i++) {
            ledger.countBannerShown("acme", "login", dev.consentkit.core.Regime.OPT_OUT);
        }
        ledger.countBannerShown("acme", null, dev.consentkit.core.Regime.OPT_OUT);
        ledger.close();

        assertThat(backend.count("SELECT SUM(shown) FROM " + table("daily_banner") + " WHERE tenant = 'acme'"))
                .isEqualTo(6);
        ledger = backend.builder(tmp.resolve("journal")).build();
        ledger.countBannerShown("acme", "login", dev.consentkit.core.Regime.OPT_OUT);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(ledger.aggregates("acme", today, today)).extracting(DailyAggregate::pageType,
                DailyAggregate::bannerShown).containsExactly(org.assertj.core.groups.Tuple.tuple(null, 1L),
                org.assertj.core.groups.Tuple.tuple("login", 6L));
    }
}
