package dev.consentkit.core.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.consentkit.core.ledger.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void concurrentAppends_shareFsyncs_andReadBackInFull_acrossSegments() throws Exception {
        Journal journal = Journal.open(dir, 8192);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<UUID>> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ids.add(pool.submit(() -> {
                ConsentRecord r = record("acme");
                journal.append(r);
                return r.recordId();
            }));
        }
        List<UUID> appended = new ArrayList<>();
        for (Future<UUID> f : ids) {
            appended.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(journal.forceCount()).isLessThan(400);
        assertThat(journal.segmentCount()).isGreaterThan(1);
        List<UUID> read = new ArrayList<>();
        Journal.Position at = journal.start();
        while (true) {
            Journal.Batch b = journal.read(at, 64);
            b.records().forEach(r -> read.add(r.recordId()));
            if (b.after().equals(at)) {
                break;
            }
            at = b.after();
            journal.release(at);
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(appended);
        assertThat(at).isEqualTo(journal.durable());
        assertThat(journal.segmentCount()).isEqualTo(1); // only the one being written
        journal.stopAppends();
        journal.close(at);
        assertThat(JdbcConsentLedgerContract.segments(dir)).isEmpty();
    }

    @Test
    void reopenedJournal_neverAppendsAfterAnOldSegment_andReadsItFirst() throws Exception {
        Journal first = Journal.open(dir, 1 << 20);
        ConsentRecord a = record("acme");
        first.append(a);
        first.stopAppends();
        first.close(first.start()); // nothing stored: the segment stays

        Journal second = Journal.open(dir, 1 << 20);
        ConsentRecord b = record("acme");
        second.append(b);

        Journal.Batch batch = second.read(second.start(), 10);
        assertThat(batch.records()).extracting(ConsentRecord::recordId).containsExactly(a.recordId(), b.recordId());
        assertThat(second.segmentCount()).isEqualTo(2);
        second.stopAppends();
        assertThatThrownBy(() -> second.append(record("acme"))).isInstanceOf(LedgerException.class)
                .hasMessageEndingWith("the ledger is closed");
        second.close(batch.after());
    }

    @Test
    void append_whenTheJournalCannotBeWritten_throws_andRecoversOnceItCan() throws Exception {
        Journal journal = Journal.open(dir, 1024);
        Path blocker = java.nio.file.Files.createDirectory(dir.resolve("00000000000000000002.journal"));
        ConsentRecord a = record("acme");
        ConsentRecord b = record("acme");
        journal.append(a);
        journal.append(b); // fills segment 1; the next segment cannot be created
        ConsentRecord c = record("acme");

        assertThatThrownBy(() -> journal.append(c)).isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("record " + c.recordId() + " could not be made durable in the journal " + dir);

        java.nio.file.Files.delete(blocker);
        ConsentRecord d = record("acme");
        journal.append(d);
        assertThat(journal.read(journal.start(), 10).records()).extracting(ConsentRecord::recordId)
                .containsExactly(a.recordId(), b.recordId(), d.recordId());
        journal.stopAppends();
        journal.close(journal.start());
    }
}
