package dev.consentkit.bench;

import dev.consentkit.core.Regime;
import dev.consentkit.core.ledger.ConsentAction;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.DecisionMethod;
import dev.consentkit.core.ledger.JdbcConsentLedger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sustained decisions per second into the ledger, 8 threads appending at once: each append
 * returns when the record is durable in the local journal (group commit); the database is fed
 * in batches behind it, and teardown waits until it has caught up. {@code database=postgresql}
 * needs {@code -Djdbc.url=jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 *
 * <pre>java -jar consent-bench/target/benchmarks.jar LedgerBenchmark -p database=h2,postgresql -Djdbc.url=...</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(8)
@Fork(value = 1, jvmArgsAppend = "-Djdbc.url=jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
public class LedgerBenchmark {

    @Param({"h2", "postgresql"})
    public String database;

    private JdbcConsentLedger ledger;
    private Path directory;
    private Map<String, Boolean> choices;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("consentkit-ledger-bench");
        choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("preferences", false);
        choices.put("analytics", true);
        choices.put("marketing", false);
        if ("h2".equals(database)) {
            ledger = JdbcConsentLedger.h2(directory);
        } else {
            ledger = JdbcConsentLedger.builder()
                    .url(System.getProperty("jdbc.url"))
                    .tablePrefix("bench_" + Long.toHexString(System.nanoTime()) + "_")
                    .journalDirectory(directory.resolve("journal"))
                    .build();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.flush(Duration.ofMinutes(5));
        ledger.close();
    }

    @Benchmark
    public void append() {
        ledger.append(new ConsentRecord(UUID.randomUUID(), "acme", UUID.randomUUID(), null, ConsentAction.GRANT,
                DecisionMethod.CUSTOM, choices, 1, "registration", Regime.OPT_IN, "DE", false, "de",
                "6f1ed002ab5595859014ebf0951522d9f5b7b1a2e4f7c0f9bd2c6f7d1c8b1a0e", Instant.now(), null));
    }
}
