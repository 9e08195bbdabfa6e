package dev.consentkit.core.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between H2 and PostgreSQL: idempotent inserts and additive upserts. Everything
 * else is SQL both accept. Detected from the connection's metadata.
 */
enum SqlDialect {
    H2, POSTGRESQL;

    /** The record columns, in binding order. */
    static final List<String> RECORD_COLUMNS = List.of("record_id", "tenant", "seq", "consent_id",
            "previous_consent_id", "action", "method", "choices", "policy_revision", "page_type", "regime", "region",
            "gpc", "locale", "banner_text_hash", "recorded_at", "subject_reference", "content_hash", "prev_hash",
            "chain_hash", "stored_at");

    /** A column of an additive upsert, with its SQL type for H2's typed source row. */
    record Column(String name, String type) {
    }

    static SqlDialect of(Connection c, String where) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if ("H2".equalsIgnoreCase(product)) {
            return H2;
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return POSTGRESQL;
        }
        throw new LedgerException("unsupported database '" + product + "' at " + where
                + ": the consent ledger supports H2 and PostgreSQL");
    }

    /** Creates a tenant's chain head row unless it exists. Parameters: tenant, genesis hash, genesis hash. */
    String ensureHead(String p) {
        return switch (this) {
            case H2 -> "MERGE INTO " + p + "chain_head h USING (SELECT CAST(? AS VARCHAR) AS tenant, "
                    + "CAST(? AS CHAR(64)) AS lh, CAST(? AS CHAR(64)) AS ah) s ON h.tenant = s.tenant "
                    + "WHEN NOT MATCHED THEN INSERT (tenant, last_seq, last_hash, anchor_seq, anchor_hash) "
                    + "VALUES (s.tenant, 0, s.lh, 0, s.ah)";
            case POSTGRESQL -> "INSERT INTO " + p + "chain_head (tenant, last_seq, last_hash, anchor_seq, anchor_hash) "
                    + "VALUES (?, 0, ?, 0, ?) ON CONFLICT (tenant) DO NOTHING";
        };
    }

    /**
     * Inserts {@code rows} records unless their id is stored; parameters are
     * {@link #RECORD_COLUMNS} per row. H2 takes one row per statement (batched).
     */
    String insertRecords(String p, int rows) {
        String cols = String.join(", ", RECORD_COLUMNS);
        String one = "(" + RECORD_COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        return switch (this) {
            case H2 -> "MERGE INTO " + p + "record r USING (SELECT CAST(? AS UUID) AS record_id) s "
                    + "ON r.record_id = s.record_id WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES (s.record_id, "
                    + RECORD_COLUMNS.stream().skip(1).map(c -> "?").collect(Collectors.joining(", ")) + ")";
            case POSTGRESQL -> "INSERT INTO " + p + "record (" + cols + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(rows, one)) + " ON CONFLICT (record_id) DO NOTHING";
        };
    }

    /** Whether one statement inserts many rows (else: one row per statement, batched). */
    boolean multiRowInsert() {
        return this == POSTGRESQL;
    }

    /** Adds {@code values} to the row at {@code keys}, creating it. Parameters: keys, then values. */
    String upsertAdd(String table, List<Column> keys, List<Column> values) {
        List<Column> all = new java.util.ArrayList<>(keys);
        all.addAll(values);
        String names = all.stream().map(Column::name).collect(Collectors.joining(", "));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " t USING (SELECT "
                    + all.stream().map(c -> "CAST(? AS " + c.type + ") AS " + c.name).collect(Collectors.joining(", "))
                    + ") s ON (" + keys.stream().map(c -> "t." + c.name + " = s." + c.name).collect(Collectors.joining(" AND "))
                    + ") WHEN MATCHED THEN UPDATE SET "
                    + values.stream().map(c -> c.name + " = t." + c.name + " + s." + c.name).collect(Collectors.joining(", "))
                    + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES ("
                    + all.stream().map(c -> "s." + c.name).collect(Collectors.joining(", ")) + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " AS t (" + names + ") VALUES ("
                    + all.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                    + keys.stream().map(Column::name).collect(Collectors.joining(", ")) + ") DO UPDATE SET "
                    + values.stream().map(c -> c.name + " = t." + c.name + " + EXCLUDED." + c.name)
                            .collect(Collectors.joining(", "));
        };
    }

    /**
     * A statement that serialises schema migrations of concurrent instances for the rest of the
     * transaction, or null (H2 runs embedded, in one process).
     */
    String migrationLock(String prefix) {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(" + (0x436f6e73L * 31 + prefix.hashCode()) + ")" : null;
    }
}
