package dev.consentkit.core.ledger;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.consentkit.core.ledger.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC ledger contract on the PostgreSQL named by {@code CONSENTKIT_TEST_POSTGRES_URL}
 * (skipped without it, failed without it when {@code CONSENTKIT_REQUIRE_POSTGRES=1}). Tables get
 * a prefix unique to each test and are dropped after it.
 */
class PostgresJdbcConsentLedgerTest extends JdbcConsentLedgerContract {

    @Override
    LedgerBackend newBackend() {
        return LedgerBackend.Postgres.fromEnvironment();
    }

    @Test
    void backendsTerminatedMidStream_everyAcknowledgedRecordLandsExactlyOnce() throws Exception {
        LedgerBackend.Postgres pg = (LedgerBackend.Postgres) backend;
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
        int terminated = 0;
        for (int round = 0; round < 5; round++) {
            awaitAcked(acked, acked.size() + 150);
            terminated += pg.terminateBackends();
            Thread.sleep(100); // let the writer reconnect, so that the next round cuts it again
        }
        stop.set(true);
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(jdbc().flush(Duration.ofSeconds(30))).isTrue();

        assertThat(terminated).as("backends terminated").isPositive();
        assertThat(storedIds("acme")).containsExactlyInAnyOrderElementsOf(acked);
        ChainVerification v = ledger.verify("acme");
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.headSequence()).isEqualTo(acked.size());
    }
}
