package dev.consentkit.core.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sustained append throughput into H2 and (when {@code CONSENTKIT_TEST_POSTGRES_URL} is set)
 * PostgreSQL: N records from M threads, timed until every append was acknowledged (durable in
 * the journal) and until every record was stored in the database. A stand-in until the JMH
 * benchmark in consent-bench exists.
 *
 * <pre>
 * mvn -B -q -pl consent-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *   -Dmdep.includeScope=test
 * java -cp consent-core/target/test-classes:consent-core/target/classes:$(cat consent-core/target/cp.txt) \
 *   dev.consentkit.core.ledger.LedgerThroughputMain 100000 16
 * </pre>
 */
public final class LedgerThroughputMain {

    private LedgerThroughputMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args records (default 50,000) and threads (default 16)
     */
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path tmp = Files.createTempDirectory("ledger-throughput");
        try (LedgerBackend.H2 h2 = new LedgerBackend.H2(tmp.resolve("h2"))) {
            run("H2", h2, tmp.resolve("journal-h2"), records, threads);
        }
        String pgUrl = System.getenv(LedgerBackend.POSTGRES_URL_VARIABLE);
        if (pgUrl != null && !pgUrl.isBlank()) {
            try (LedgerBackend.Postgres pg = new LedgerBackend.Postgres(pgUrl)) {
                run("PostgreSQL", pg, tmp.resolve("journal-pg"), records, threads);
            }
        } else {
            System.out.println("PostgreSQL: skipped (set " + LedgerBackend.POSTGRES_URL_VARIABLE + ")");
        }
    }

    private static void run(String name, LedgerBackend backend, Path journal, int records, int threads)
            throws Exception {
        // production-like settings: default batch size and interval
        try (JdbcConsentLedger ledger = JdbcConsentLedger.builder().url(backend.url()).tablePrefix(backend.prefix)
                .journalDirectory(journal).build()) {
            warmUp(ledger, threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long forces = ledger.journalForceCount();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = records / threads + (t < records % threads ? 1 : 0);
                int tenant = t % 8;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        ledger.append(TestRecords.record("tenant-" + tenant));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long acked = System.nanoTime();
            if (!ledger.flush(Duration.ofMinutes(10))) {
                throw new IllegalStateException(name + ": records not stored within 10 minutes");
            }
            long stored = System.nanoTime();
            pool.shutdown();
            System.out.printf("%s: %d records, %d threads: acknowledged (journal fsync) %,.0f records/s in %.2f s; "
                            + "stored in the database %,.0f records/s in %.2f s; %d fsyncs%n",
                    name, records, threads, records / ((acked - start) / 1e9), (acked - start) / 1e9,
                    records / ((stored - start) / 1e9), (stored - start) / 1e9, ledger.journalForceCount() - forces);
        }
    }

    private static void warmUp(JdbcConsentLedger ledger, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    ledger.append(TestRecords.record("warm-up"));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        ledger.flush(Duration.ofMinutes(1));
    }
}
