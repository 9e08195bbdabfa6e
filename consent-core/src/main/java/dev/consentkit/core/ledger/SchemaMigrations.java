package dev.consentkit.core.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;

/**
 * The ledger's versioned schema. Each migration runs once, in order, and is recorded in
 * {@code <prefix>schema_version}; statements are idempotent ({@code IF NOT EXISTS}) because H2
 * commits DDL at once, so a migration interrupted there can simply run again. On PostgreSQL a
 * transaction-scoped advisory lock lets one of several starting instances migrate while the
 * others wait.
 */
final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    /** One schema version. */
    record Migration(int version, String description, List<String> statements) {
    }

    private SchemaMigrations() {
    }

    static List<Migration> migrations(String p) {
        return List.of(
                new Migration(1, "records and per-tenant chain heads", List.of(
                        "CREATE TABLE IF NOT EXISTS " + p + "record ("
                                + "record_id UUID NOT NULL PRIMARY KEY, "
                                + "tenant VARCHAR NOT NULL, "
                                + "seq BIGINT NOT NULL, "
                                + "consent_id UUID NOT NULL, "
                                + "previous_consent_id UUID, "
                                + "action VARCHAR(16) NOT NULL, "
                                + "method VARCHAR(16) NOT NULL, "
                                + "choices VARCHAR NOT NULL, "
                                + "policy_revision BIGINT NOT NULL, "
                                + "page_type VARCHAR, "
                                + "regime VARCHAR(16) NOT NULL, "
                                + "region VARCHAR, "
                                + "gpc BOOLEAN NOT NULL, "
                                + "locale VARCHAR NOT NULL, "
                                + "banner_text_hash VARCHAR NOT NULL, "
                                + "recorded_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                                + "subject_reference VARCHAR, "
                                + "content_hash CHAR(64) NOT NULL, "
                                + "prev_hash CHAR(64) NOT NULL, "
                                + "chain_hash CHAR(64) NOT NULL, "
                                + "stored_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                                + "CONSTRAINT " + p + "record_tenant_seq UNIQUE (tenant, seq))",
                        "CREATE TABLE IF NOT EXISTS " + p + "chain_head ("
                                + "tenant VARCHAR NOT NULL PRIMARY KEY, "
                                + "last_seq BIGINT NOT NULL, "
                                + "last_hash CHAR(64) NOT NULL, "
                                + "anchor_seq BIGINT NOT NULL, "
                                + "anchor_hash CHAR(64) NOT NULL)")),
                new Migration(2, "indexes for reads by consent id, subject reference and time", List.of(
                        "CREATE INDEX IF NOT EXISTS " + p + "record_consent ON " + p + "record (tenant, consent_id)",
                        "CREATE INDEX IF NOT EXISTS " + p + "record_subject ON " + p + "record (tenant, subject_reference)",
                        "CREATE INDEX IF NOT EXISTS " + p + "record_time ON " + p + "record (tenant, recorded_at)")),
                new Migration(3, "daily dashboard counters", List.of(
                        "CREATE TABLE IF NOT EXISTS " + p + "daily_decision ("
                                + "stat_day DATE NOT NULL, tenant VARCHAR NOT NULL, page_type VARCHAR NOT NULL, "
                                + "regime VARCHAR(16) NOT NULL, accepted_all BIGINT NOT NULL, rejected_all BIGINT NOT NULL, "
                                + "customised BIGINT NOT NULL, withdrawn BIGINT NOT NULL, "
                                + "PRIMARY KEY (tenant, stat_day, page_type, regime))",
                        "CREATE TABLE IF NOT EXISTS " + p + "daily_grant ("
                                + "stat_day DATE NOT NULL, tenant VARCHAR NOT NULL, page_type VARCHAR NOT NULL, "
                                + "regime VARCHAR(16) NOT NULL, category VARCHAR NOT NULL, granted BIGINT NOT NULL, "
                                + "PRIMARY KEY (tenant, stat_day, page_type, regime, category))",
                        "CREATE TABLE IF NOT EXISTS " + p + "daily_banner ("
                                + "stat_day DATE NOT NULL, tenant VARCHAR NOT NULL, page_type VARCHAR NOT NULL, "
                                + "regime VARCHAR(16) NOT NULL, shown BIGINT NOT NULL, "
                                + "PRIMARY KEY (tenant, stat_day, page_type, regime))")));
    }

    /** The newest version this code knows. */
    static int latest(String p) {
        List<Migration> all = migrations(p);
        return all.get(all.size() - 1).version();
    }

    /**
     * Brings the schema to the latest version.
     *
     * @param where the database, for messages
     * @throws LedgerException when the schema is newer than this code
     */
    static void migrate(Connection c, SqlDialect dialect, String p, String where) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            String lock = dialect.migrationLock(p);
            if (lock != null) {
                st.execute(lock);
            }
            st.execute("CREATE TABLE IF NOT EXISTS " + p + "schema_version (version INT NOT NULL PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + p + "schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            int latest = latest(p);
            if (current > latest) {
                throw new LedgerException("the consent ledger tables '" + p + "*' at " + where + " are at schema version "
                        + current + ", newer than this ConsentKit supports (" + latest + "): upgrade ConsentKit");
            }
            for (Migration m : migrations(p)) {
                if (m.version() <= current) {
                    continue;
                }
                for (String sql : m.statements()) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p
                        + "schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                LOG.info(() -> "consent ledger schema '" + p + "*' at " + where + " migrated to version " + m.version()
                        + ": " + m.description());
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(auto);
            } catch (SQLException ignored) {
                // the connection is broken; the caller discards it
            }
        }
    }
}
