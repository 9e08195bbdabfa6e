package dev.consentkit.core.ledger;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static dev.consentkit.core.ledger.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC ledger contract on an embedded H2 file database. */
class H2JdbcConsentLedgerTest extends JdbcConsentLedgerContract {

    @Override
    LedgerBackend newBackend() {
        return new LedgerBackend.H2(tmp.resolve("db"));
    }

    @Test
    void h2Factory_putsDatabaseAndJournalUnderTheDataDirectory() {
        ConsentRecord r = record("acme");
        try (JdbcConsentLedger embedded = JdbcConsentLedger.h2(tmp.resolve("data"))) {
            embedded.append(r);
            assertThat(embedded.flush(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(embedded.journalDirectory()).isEqualTo(tmp.resolve("data/journal").toAbsolutePath());
            assertThat(embedded.database()).isEqualTo("jdbc:h2:file:" + tmp.resolve("data/ledger").toAbsolutePath());
        }
        assertThat(Files.exists(tmp.resolve("data/ledger.mv.db"))).isTrue();
        try (JdbcConsentLedger reopened = JdbcConsentLedger.h2(tmp.resolve("data"))) {
            assertThat(reopened.findByConsentId("acme", r.consentId())).hasSize(1);
        }
    }

    @Test
    void builder_reportsConflictsAndBadValues_namingThem() {
        assertThatThrownBy(() -> JdbcConsentLedger.builder().url("jdbc:h2:mem:x").url("jdbc:h2:mem:y"))
                .isInstanceOf(IllegalStateException.class).hasMessage("the URL was already set to jdbc:h2:mem:x");
        assertThatThrownBy(() -> JdbcConsentLedger.builder().url("postgres://db?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a JDBC URL starts with 'jdbc:', but was 'postgres://db?password=***'");
        assertThatThrownBy(() -> JdbcConsentLedger.builder().tablePrefix("Bad-Prefix"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table prefix 'Bad-Prefix' must be");
        assertThatThrownBy(() -> JdbcConsentLedger.builder().batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be positive but was 0");
        assertThatThrownBy(() -> JdbcConsentLedger.builder().url("jdbc:h2:mem:x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no journal directory");
        assertThatThrownBy(() -> JdbcConsentLedger.builder().url("jdbc:nosuchdb://x?password=pw")
                .journalDirectory(tmp.resolve("j")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no JDBC driver on the class path accepts the URL 'jdbc:nosuchdb://x?password=***'");
    }

    @Test
    void append_refusesABlankTenant() {
        ConsentRecord r = record(" ");
        assertThatThrownBy(() -> ledger.append(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("record " + r.recordId() + " has a blank tenant");
    }
}
