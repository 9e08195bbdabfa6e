package dev.consentkit.core.tenant;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database for settings-store tests: an in-memory H2 database, or the PostgreSQL that
 * {@code CONSENTKIT_TEST_POSTGRES_URL} names (skipped without it, failed without it when
 * {@code CONSENTKIT_REQUIRE_POSTGRES=1}), with tables under a prefix of their own, dropped after.
 */
abstract class SettingsDatabase implements AutoCloseable {

    static final String POSTGRES_URL_VARIABLE = "CONSENTKIT_TEST_POSTGRES_URL";
    static final String REQUIRE_POSTGRES_VARIABLE = "CONSENTKIT_REQUIRE_POSTGRES";

    final String prefix = "ckset" + UUID.randomUUID().toString().substring(0, 8) + "_";

    abstract String url();

    JdbcConfigurationStore.Builder builder(ConfigurationStore files) {
        return JdbcConfigurationStore.builder(files).url(url()).tablePrefix(prefix).pollInterval(java.time.Duration.ofMillis(100));
    }

    static final class H2 extends SettingsDatabase {
        private final String url = "jdbc:h2:mem:settings-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        @Override
        String url() {
            return url;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }

        @Override
        public String toString() {
            return "H2";
        }
    }

    static final class Postgres extends SettingsDatabase {
        private final String url;

        private Postgres(String url) {
            this.url = url;
        }

        static Postgres fromEnvironment() {
            String url = System.getenv(POSTGRES_URL_VARIABLE);
            boolean required = "1".equals(System.getenv(REQUIRE_POSTGRES_VARIABLE));
            if (url == null || url.isBlank()) {
                if (required) {
                    org.junit.jupiter.api.Assertions.fail(REQUIRE_POSTGRES_VARIABLE + "=1 but " + POSTGRES_URL_VARIABLE + " is not set");
                }
                org.junit.jupiter.api.Assumptions.abort("PostgreSQL settings tests skipped: set " + POSTGRES_URL_VARIABLE
                        + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run them");
            }
            try (Connection c = DriverManager.getConnection(url)) {
                c.isValid(5);
            } catch (SQLException e) {
                if (required) {
                    org.junit.jupiter.api.Assertions.fail(REQUIRE_POSTGRES_VARIABLE + "=1 but PostgreSQL is unreachable: " + e.getMessage());
                }
                org.junit.jupiter.api.Assumptions.abort("PostgreSQL settings tests skipped: " + e.getMessage());
            }
            return new Postgres(url);
        }

        @Override
        String url() {
            return url;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
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
    }
}
