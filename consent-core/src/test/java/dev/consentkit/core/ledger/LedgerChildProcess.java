package dev.consentkit.core.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that appends records as fast as it can and prints {@code ACK <record id>} for each
 * acknowledged one, until it is killed; for the crash test.
 *
 * <p>Arguments: JDBC URL, table prefix, journal directory, tenant, threads.
 */
public final class LedgerChildProcess {

    private LedgerChildProcess() {
    }

    /**
     * Runs until killed.
     *
     * @param args URL, prefix, journal, tenant, threads
     */
    public static void main(String[] args) throws Exception {
        // a long batch interval leaves most acknowledged records only in the journal when the kill comes
        JdbcConsentLedger ledger = JdbcConsentLedger.builder().url(args[0]).tablePrefix(args[1])
                .journalDirectory(Path.of(args[2])).batchSize(5_000).batchInterval(Duration.ofSeconds(2)).build();
        String tenant = args[3];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < Integer.parseInt(args[4]); t++) {
            Thread thread = new Thread(() -> {
                while (true) {
                    ConsentRecord r = TestRecords.record(tenant);
                    ledger.append(r);
                    synchronized (System.out) {
                        System.out.println("ACK " + r.recordId());
                        System.out.flush();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
