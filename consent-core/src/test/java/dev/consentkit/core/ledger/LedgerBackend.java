package dev.consentkit.core.ledger;

import org.h2.tools.Server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A database for ledger tests: H2 in a temporary directory, or the PostgreSQL the environment names. */
abstract class LedgerBackend implements AutoCloseable {

    static final String POSTGRES_URL_VARIABLE = "CONSENTKIT_TEST_POSTGRES_URL";
    static final String REQUIRE_POSTGRES_VARIABLE = "CONSENTKIT_REQUIRE_POSTGRES";
    /** Names this test run's PostgreSQL connections, so that a test terminates only its own. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    final String prefix = "ck" + RUN + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_";

    /** The URL the ledger uses. */
    abstract String url();

    /** The URL of the same database through a proxy listening on {@code port}. */
    abstract String urlVia(int port) throws Exception;

    /** The port the database server listens on (for H2, a TCP server started on demand). */
    abstract int serverPort() throws Exception;

    /** A builder for a ledger on this database with test-sized intervals. */
    JdbcConsentLedger.Builder builder(Path journal) {
        return builder(journal, url());
    }

    JdbcConsentLedger.Builder builder(Path journal, String url) {
        return JdbcConsentLedger.builder().url(url).tablePrefix(prefix).journalDirectory(journal)
                .batchInterval(Duration.ofMillis(10)).retryInterval(Duration.ofMillis(10), Duration.ofMillis(100))
                .counterFlushInterval(Duration.ofMillis(50)).closeTimeout(Duration.ofSeconds(5))
                .networkTimeout(Duration.ofSeconds(10));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
    }

    static boolean postgresRequired() {
        return "1".equals(System.getenv(REQUIRE_POSTGRES_VARIABLE));
    }

    /** An embedded H2 file database. */
    static final class H2 extends LedgerBackend {
        private final Path dir;
        private Server server;

        H2(Path dir) {
            this.dir = dir.toAbsolutePath();
        }

        @Override
        String url() {
            return "jdbc:h2:file:" + dir.resolve("ledger");
        }

        @Override
        int serverPort() throws Exception {
            if (server == null) {
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                        "-ifNotExists").start();
            }
            return server.getPort();
        }

        @Override
        String urlVia(int port) throws Exception {
            serverPort();
            return "jdbc:h2:tcp://127.0.0.1:" + port + "/ledger";
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
        }

        @Override
        public String toString() {
            return "H2";
        }
    }

    /** The PostgreSQL of {@value #POSTGRES_URL_VARIABLE}, with tables of a prefix unique to one test. */
    static final class Postgres extends LedgerBackend {
        private final String url;

        Postgres(String baseUrl) {
            this.url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "ApplicationName=consentkit-test-" + RUN;
        }

        @Override
        String url() {
            return url;
        }

        @Override
        int serverPort() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
            return m.find() ? Integer.parseInt(m.group(1)) : 5432;
        }

        @Override
        String urlVia(int port) {
            return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        }

        /** Terminates this test run's connections but the caller's own. */
        int terminateBackends() throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         + "WHERE application_name = 'consentkit-test-" + RUN + "' AND pid <> pg_backend_pid()")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                return n;
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        + "AND tablename LIKE '" + prefix.toLowerCase(Locale.ROOT) + "%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    st.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
                }
            }
        }

        @Override
        public String toString() {
            return "PostgreSQL";
        }

        /**
         * The backend when the environment names a reachable PostgreSQL; otherwise a skip (or a
         * failure when {@value #REQUIRE_POSTGRES_VARIABLE}=1).
         */
        static Postgres fromEnvironment() {
            String base = System.getenv(POSTGRES_URL_VARIABLE);
            if (base == null || base.isBlank()) {
                String why = "PostgreSQL ledger tests skipped: set " + POSTGRES_URL_VARIABLE
                        + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run them";
                if (postgresRequired()) {
                    org.junit.jupiter.api.Assertions.fail(REQUIRE_POSTGRES_VARIABLE + "=1 but " + POSTGRES_URL_VARIABLE
                            + " is not set");
                }
                org.junit.jupiter.api.Assumptions.abort(why);
            }
            Postgres pg = new Postgres(base);
            try (Connection c = pg.connect()) {
                c.isValid(5);
            } catch (SQLException e) {
                String why = "PostgreSQL at " + ConnectionSource.redact(base) + " is unreachable: " + e.getMessage();
                if (postgresRequired()) {
                    org.junit.jupiter.api.Assertions.fail(REQUIRE_POSTGRES_VARIABLE + "=1 but " + why);
                }
                org.junit.jupiter.api.Assumptions.abort("PostgreSQL ledger tests skipped: " + why);
            }
            return pg;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
