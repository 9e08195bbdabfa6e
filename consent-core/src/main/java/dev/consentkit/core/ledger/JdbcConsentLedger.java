package dev.consentkit.core.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentkit.core.Regime;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The consent ledger on JDBC: H2 (embedded, the default) or PostgreSQL (production), detected
 * from the connection's metadata. No driver is needed to compile against it; put the one you use
 * on the class path.
 *
 * <pre>{@code
 * // embedded: an H2 file and the journal under the application's data directory
 * ConsentLedger ledger = JdbcConsentLedger.h2(dataDir);
 *
 * // production: PostgreSQL through the application's pool
 * ConsentLedger ledger = JdbcConsentLedger.builder()
 *     .dataSource(hikari)
 *     .journalDirectory(Path.of("/var/lib/webinars/consent-journal"))
 *     .build();
 * }</pre>
 *
 * <h2>Durability</h2>
 * {@link #append} writes the record to a local append-only journal and returns once it is forced
 * to disk (one fsync is shared by all threads appending at the same time). A background writer
 * reads the journal and stores records in the database in batches, one transaction per batch.
 * While the database is down, records stay in the journal (on disk, not in memory) and the writer
 * retries with back-off; at start and when the database returns, the journal is replayed, and
 * records already stored are skipped (the record id is unique), so replay is idempotent. Stored
 * journal segments are deleted. A database that cannot be reached at start does not stop the
 * application: it is logged, and records wait in the journal.
 *
 * <h2>Hash chain, with several instances</h2>
 * Each tenant's records form a hash chain with gap-free sequence numbers (see
 * {@link StoredConsentRecord}). Several application instances, each with its own journal, may
 * write to one PostgreSQL database: a batch locks the chain head row of each of its tenants
 * ({@code SELECT ... FOR UPDATE}, in tenant order so two writers cannot deadlock), checks which
 * record ids are already stored, links and inserts the new records, and moves the head, all in
 * one transaction. Appends of one tenant are thus serialised by a row lock held for one batch,
 * while different tenants proceed in parallel; the alternative, a database sequence per tenant
 * plus linking afterwards, would leave gaps on rollback and a window where a record is stored
 * but not yet linked.
 *
 * <h2>Reads</h2>
 * Reads see records once the writer stored them, normally within the batch interval
 * ({@link #flush} waits for it). Reads by consent id are cached (Caffeine), invalidated when this
 * instance appends or stores a record of that consent id and expiring after
 * {@link Builder#cacheExpiry} for records written by other instances.
 *
 * <p>Thread-safe. {@link #close} drains the journal into the database for up to
 * {@link Builder#closeTimeout}; what it cannot store stays in the journal for the next start.
 */
public final class JdbcConsentLedger implements ConsentLedger {

    private static final Logger LOG = Logger.getLogger(JdbcConsentLedger.class.getName());
    private static final int MAX_TEXT = 4096;
    private static final int MAX_CATEGORIES = 256;
    private static final int ROWS_PER_INSERT = 400;
    private static final int FETCH_SIZE = 500;
    private static final String SELECT = "SELECT record_id, tenant, seq, consent_id, previous_consent_id, action, "
            + "method, choices, policy_revision, page_type, regime, region, gpc, locale, banner_text_hash, recorded_at, "
            + "subject_reference, content_hash, prev_hash, chain_hash FROM ";
    private static final List<SqlDialect.Column> DAY_KEYS = List.of(new SqlDialect.Column("stat_day", "DATE"),
            new SqlDialect.Column("tenant", "VARCHAR"), new SqlDialect.Column("page_type", "VARCHAR"),
            new SqlDialect.Column("regime", "VARCHAR(16)"));

    private record ConsentKey(String tenant, UUID consentId) {
    }

    private record Head(long sequence, String hash) {
    }

    /** Work on a connection. */
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final ConnectionSource connections;
    private final String where;
    private final String p;
    private final Journal journal;
    private final int batchSize;
    private final long batchIntervalNanos;
    private final long retryMinMillis;
    private final long retryMaxMillis;
    private final long counterFlushNanos;
    private final long closeTimeoutNanos;
    private final Clock clock;
    private final BannerCounters banners;
    private final ReentrantReadWriteLock bannerFlush = new ReentrantReadWriteLock();
    private final Cache<ConsentKey, List<StoredConsentRecord>> byConsent;
    private final Object schemaLock = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();     // the writer may have work
    private final Condition progress = lock.newCondition(); // the writer stored something
    private final AtomicInteger sinceWake = new AtomicInteger();
    private final Thread writer;
    private volatile SqlDialect dialect;
    private volatile boolean schemaReady;
    private volatile Journal.Position stored;
    private volatile boolean closing;
    private volatile boolean databaseAvailable;
    private boolean closed; // guarded by this

    private JdbcConsentLedger(Builder b) {
        this.connections = b.dataSource != null
                ? ConnectionSource.of(b.dataSource, b.networkTimeout)
                : ConnectionSource.of(b.url, b.user, b.password, b.networkTimeout);
        this.where = connections.describe();
        this.p = b.tablePrefix;
        this.batchSize = b.batchSize;
        this.batchIntervalNanos = b.batchInterval.toNanos();
        this.retryMinMillis = Math.max(1, b.retryMin.toMillis());
        this.retryMaxMillis = Math.max(retryMinMillis, b.retryMax.toMillis());
        this.counterFlushNanos = b.counterFlushInterval.toNanos();
        this.closeTimeoutNanos = b.closeTimeout.toNanos();
        this.clock = b.clock;
        this.banners = new BannerCounters(clock);
        this.byConsent = Caffeine.newBuilder().maximumSize(b.cacheSize).expireAfterWrite(b.cacheExpiry).build();
        this.journal = Journal.open(b.journalDirectory, b.segmentBytes);
        this.stored = journal.start();
        Connection c = null;
        try {
            c = connections.get();
            prepare(c);
            connections.release(c);
            databaseAvailable = true;
        } catch (SQLException e) {
            connections.discard(c);
            LOG.warning(() -> "consent ledger database " + where + " is unavailable at start (" + e.getMessage()
                    + "); records are kept in the journal " + journal.directory() + " and stored when it is reachable");
        } catch (RuntimeException e) {
            connections.discard(c);
            journal.stopAppends();
            journal.close(stored);
            connections.close();
            throw e;
        }
        this.writer = new Thread(this::runWriter, "consentkit-ledger-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Starts building a ledger.
     *
     * @return a builder; give it a data source or a URL, and a journal directory
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An embedded H2 ledger under an application's data directory: the database
     * {@code jdbc:h2:file:<dataDir>/ledger} and the journal in {@code <dataDir>/journal}. Needs
     * {@code com.h2database:h2} on the class path.
     *
     * @param dataDir the application's data directory (created when missing)
     * @return the started ledger; close it when the application stops
     */
    public static JdbcConsentLedger h2(Path dataDir) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        return builder().url("jdbc:h2:file:" + dir.resolve("ledger")).journalDirectory(dir.resolve("journal")).build();
    }

    /** {@return the database, as messages name it (passwords hidden)} */
    public String database() {
        return where;
    }

    /** {@return the journal directory} */
    public Path journalDirectory() {
        return journal.directory();
    }

    /** How many times the journal forced its file: fewer than appends when they share fsyncs. */
    long journalForceCount() {
        return journal.forceCount();
    }

    /**
     * {@return whether the writer's last attempt to reach the database succeeded, for health
     * checks}
     */
    public boolean databaseAvailable() {
        return databaseAvailable;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The record is stored with its time truncated to microseconds (what SQL timestamps
     * keep). Strings longer than 4096 characters and more than 256 categories are refused.
     *
     * @throws IllegalArgumentException when the tenant is blank or a value is too long
     */
    @Override
    public void append(ConsentRecord record) {
        ConsentRecord r = LedgerJson.normalize(validate(record));
        journal.append(r);
        byConsent.invalidate(new ConsentKey(r.tenant(), r.consentId()));
        if (sinceWake.incrementAndGet() >= batchSize) {
            wakeWriter();
        }
    }

    static ConsentRecord validate(ConsentRecord r) {
        Objects.requireNonNull(r, "record");
        if (r.tenant().isBlank()) {
            throw new IllegalArgumentException("record " + r.recordId() + " has a blank tenant");
        }
        if (r.choices().size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("record " + r.recordId() + " has " + r.choices().size()
                    + " categories, more than " + MAX_CATEGORIES);
        }
        checkLength(r, "tenant", r.tenant());
        checkLength(r, "pageType", r.pageType());
        checkLength(r, "region", r.region());
        checkLength(r, "locale", r.locale());
        checkLength(r, "bannerTextHash", r.bannerTextHash());
        checkLength(r, "subjectReference", r.subjectReference());
        r.choices().keySet().forEach(k -> checkLength(r, "category", k));
        return r;
    }

    private static void checkLength(ConsentRecord r, String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("record " + r.recordId() + ": " + field + " is " + value.length()
                    + " characters long, more than " + MAX_TEXT);
        }
    }

    static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
        }
    }

    @Override
    public void countBannerShown(String tenant, String pageType, Regime regime) {
        banners.count(tenant, pageType, regime);
    }

    /**
     * Waits until every record appended before this call is stored in the database.
     *
     * @param timeout how long to wait at most
     * @return true when they are, false when {@code timeout} passed first (for instance while the
     *     database is down; the records are safe in the journal either way)
     */
    public boolean flush(Duration timeout) {
        Journal.Position target = journal.durable();
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            work.signalAll();
            while (stored.isBefore(target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !writer.isAlive()) {
                    return !stored.isBefore(target);
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- writer

    private void wakeWriter() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runWriter() {
        Connection c = null;
        long backoff = retryMinMillis;
        long nextCounterFlush = System.nanoTime() + counterFlushNanos;
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            boolean closingNow = closing;
            if (closingNow && closeDeadline == Long.MAX_VALUE) {
                closeDeadline = System.nanoTime() + closeTimeoutNanos;
            }
            try {
                if (c == null) {
                    c = connections.get();
                    prepare(c);
                    c.setAutoCommit(false);
                }
                Journal.Position from = stored;
                Journal.Batch batch = journal.read(from, batchSize);
                if (!batch.records().isEmpty()) {
                    Set<ConsentKey> touched = store(c, batch.records());
                    touched.forEach(byConsent::invalidate);
                }
                // available before advancing: a flush() that the advance wakes must see it
                if (!databaseAvailable) {
                    databaseAvailable = true;
                    LOG.info(() -> "consent ledger database " + where + " is available again; storing the journal");
                }
                if (!batch.after().equals(from)) {
                    advance(batch.after());
                }
                backoff = retryMinMillis;
                if (closingNow || System.nanoTime() - nextCounterFlush >= 0) {
                    flushBanners(c);
                    nextCounterFlush = System.nanoTime() + counterFlushNanos;
                }
                if (batch.records().size() == batchSize) {
                    continue; // more is waiting
                }
                if (closingNow && !stored.isBefore(journal.durable())) {
                    break;
                }
                waitForWork();
            } catch (SQLException | IOException | RuntimeException e) {
                connections.discard(c);
                c = null;
                if (databaseAvailable || closingNow) {
                    databaseAvailable = false;
                    LOG.log(Level.WARNING, "consent ledger database " + where + " failed; records are kept in the "
                            + "journal " + journal.directory() + " and stored when it is back: " + e, e);
                } else {
                    LOG.log(Level.FINE, "consent ledger database still failing", e);
                }
                if (closingNow && System.nanoTime() - closeDeadline >= 0) {
                    break;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, retryMaxMillis);
            }
        }
        if (c != null) {
            connections.release(c);
        }
    }

    private void advance(Journal.Position to) {
        journal.release(to);
        lock.lock();
        try {
            stored = to;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void waitForWork() {
        lock.lock();
        try {
            if (!closing && sinceWake.get() < batchSize) {
                work.awaitNanos(batchIntervalNanos);
            }
            sinceWake.set(0);
        } catch (InterruptedException e) {
            // only close() ends the writer
        } finally {
            lock.unlock();
        }
    }

    private void sleep(long millis) {
        lock.lock();
        try {
            work.await(millis, TimeUnit.MILLISECONDS); // close() and flush() wake it for one more try
        } catch (InterruptedException e) {
            // only close() ends the writer
        } finally {
            lock.unlock();
        }
    }

    /** Detects the dialect and migrates the schema, once. */
    private void prepare(Connection c) throws SQLException {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (dialect == null) {
                dialect = SqlDialect.of(c, where);
            }
            if (!schemaReady) {
                SchemaMigrations.migrate(c, dialect, p, where);
                schemaReady = true;
            }
        }
    }

    /**
     * Stores a batch in one transaction: locks the tenants' chain heads in order, skips records
     * already stored, links and inserts the rest, moves the heads and adds to the daily counts.
     *
     * @return the consent ids whose cached reads are stale
     */
    private Set<ConsentKey> store(Connection c, List<ConsentRecord> batch) throws SQLException {
        Map<UUID, ConsentRecord> unique = new LinkedHashMap<>();
        for (ConsentRecord r : batch) {
            unique.putIfAbsent(r.recordId(), r);
        }
        TreeMap<String, List<ConsentRecord>> byTenant = new TreeMap<>();
        unique.values().forEach(r -> byTenant.computeIfAbsent(r.tenant(), t -> new ArrayList<>()).add(r));
        try {
            Map<String, Head> heads = new HashMap<>();
            try (PreparedStatement ensure = c.prepareStatement(dialect.ensureHead(p));
                 PreparedStatement select = c.prepareStatement("SELECT last_seq, last_hash FROM " + p
                         + "chain_head WHERE tenant = ? FOR UPDATE")) {
                for (String tenant : byTenant.keySet()) {
                    ensure.setString(1, tenant);
                    ensure.setString(2, Chain.GENESIS);
                    ensure.setString(3, Chain.GENESIS);
                    ensure.executeUpdate();
                    select.setString(1, tenant);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("chain head of tenant '" + tenant + "' vanished", "40001");
                        }
                        heads.put(tenant, new Head(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            Set<UUID> existing = existing(c, unique);
            List<StoredConsentRecord> linked = new ArrayList<>();
            DailyTotals delta = new DailyTotals();
            Set<ConsentKey> touched = new HashSet<>();
            for (Map.Entry<String, List<ConsentRecord>> e : byTenant.entrySet()) {
                Head head = heads.get(e.getKey());
                for (ConsentRecord r : e.getValue()) {
                    if (existing.contains(r.recordId())) {
                        continue;
                    }
                    StoredConsentRecord s = Chain.link(r, head.sequence + 1, head.hash);
                    head = new Head(s.sequence(), s.chainHash());
                    linked.add(s);
                    delta.addRecord(r);
                    touched.add(new ConsentKey(r.tenant(), r.consentId()));
                }
                heads.put(e.getKey(), head);
            }
            if (linked.isEmpty()) {
                c.rollback();
                return touched;
            }
            int inserted = insert(c, linked);
            if (inserted != linked.size()) {
                // a record id was stored meanwhile under another tenant's lock: re-check from the start
                throw new SQLException("stored " + inserted + " of " + linked.size()
                        + " new records: a record id is also being stored under another tenant; retrying", "40001");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + p
                    + "chain_head SET last_seq = ?, last_hash = ? WHERE tenant = ?")) {
                for (Map.Entry<String, Head> e : new TreeMap<>(heads).entrySet()) {
                    ps.setLong(1, e.getValue().sequence);
                    ps.setString(2, e.getValue().hash);
                    ps.setString(3, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            addDailyCounts(c, delta);
            c.commit();
            return touched;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Set<UUID> existing(Connection c, Map<UUID, ConsentRecord> records) throws SQLException {
        Set<UUID> found = new HashSet<>();
        List<UUID> ids = new ArrayList<>(records.keySet());
        for (int from = 0; from < ids.size(); from += ROWS_PER_INSERT) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_INSERT));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT record_id, tenant FROM " + p
                    + "record WHERE record_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setObject(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        String tenant = rs.getString(2);
                        found.add(id);
                        if (!tenant.equals(records.get(id).tenant())) {
                            LOG.warning(() -> "record id " + id + " is stored for tenant '" + tenant
                                    + "' and was appended again for tenant '" + records.get(id).tenant()
                                    + "'; the second one is ignored (record ids must be unique)");
                        }
                    }
                }
            }
        }
        return found;
    }

    private int insert(Connection c, List<StoredConsentRecord> linked) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int inserted = 0;
        if (dialect.multiRowInsert()) {
            for (int from = 0; from < linked.size(); from += ROWS_PER_INSERT) {
                List<StoredConsentRecord> chunk = linked.subList(from, Math.min(linked.size(), from + ROWS_PER_INSERT));
                try (PreparedStatement ps = c.prepareStatement(dialect.insertRecords(p, chunk.size()))) {
                    int i = 1;
                    for (StoredConsentRecord s : chunk) {
                        i = bind(ps, i, s, now);
                    }
                    inserted += ps.executeUpdate();
                }
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(dialect.insertRecords(p, 1))) {
                for (StoredConsentRecord s : linked) {
                    bind(ps, 1, s, now);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    inserted += n == Statement.SUCCESS_NO_INFO ? 1 : n;
                }
            }
        }
        return inserted;
    }

    private static int bind(PreparedStatement ps, int i, StoredConsentRecord s, OffsetDateTime now)
            throws SQLException {
        ConsentRecord r = s.record();
        ps.setObject(i++, r.recordId());
        ps.setString(i++, r.tenant());
        ps.setLong(i++, s.sequence());
        ps.setObject(i++, r.consentId());
        ps.setObject(i++, r.previousConsentId());
        ps.setString(i++, r.action().id());
        ps.setString(i++, r.method().id());
        ps.setString(i++, LedgerJson.choices(r.choices()));
        ps.setLong(i++, r.policyRevision());
        ps.setString(i++, r.pageType());
        ps.setString(i++, r.regime().id());
        ps.setString(i++, r.region());
        ps.setBoolean(i++, r.gpc());
        ps.setString(i++, r.locale());
        ps.setString(i++, r.bannerTextHash());
        ps.setObject(i++, OffsetDateTime.ofInstant(r.recordedAt(), ZoneOffset.UTC));
        ps.setString(i++, r.subjectReference());
        ps.setString(i++, s.contentHash());
        ps.setString(i++, s.previousHash());
        ps.setString(i++, s.chainHash());
        ps.setObject(i++, now);
        return i;
    }

    private void addDailyCounts(Connection c, DailyTotals delta) throws SQLException {
        String decisions = dialect.upsertAdd(p + "daily_decision", DAY_KEYS, List.of(
                new SqlDialect.Column("accepted_all", "BIGINT"), new SqlDialect.Column("rejected_all", "BIGINT"),
                new SqlDialect.Column("customised", "BIGINT"), new SqlDialect.Column("withdrawn", "BIGINT")));
        List<SqlDialect.Column> grantKeys = new ArrayList<>(DAY_KEYS);
        grantKeys.add(new SqlDialect.Column("category", "VARCHAR"));
        String grants = dialect.upsertAdd(p + "daily_grant", grantKeys,
                List.of(new SqlDialect.Column("granted", "BIGINT")));
        try (PreparedStatement d = c.prepareStatement(decisions); PreparedStatement g = c.prepareStatement(grants)) {
            for (Map.Entry<BannerCounters.Key, DailyTotals.Counts> e : delta.rows().entrySet()) {
                DailyTotals.Counts n = e.getValue();
                int i = bindDay(d, e.getKey());
                d.setLong(i++, n.acceptedAll);
                d.setLong(i++, n.rejectedAll);
                d.setLong(i++, n.customised);
                d.setLong(i, n.withdrawn);
                d.addBatch();
                for (Map.Entry<String, Long> grant : n.granted.entrySet()) {
                    int j = bindDay(g, e.getKey());
                    g.setString(j++, grant.getKey());
                    g.setLong(j, grant.getValue());
                    g.addBatch();
                }
            }
            d.executeBatch();
            g.executeBatch();
        }
    }

    private static int bindDay(PreparedStatement ps, BannerCounters.Key k) throws SQLException {
        ps.setObject(1, k.day());
        ps.setString(2, k.tenant());
        ps.setString(3, k.pageType());
        ps.setString(4, k.regime().id());
        return 5;
    }

    private void flushBanners(Connection c) throws SQLException {
        bannerFlush.writeLock().lock();
        try {
            Map<BannerCounters.Key, Long> taken = banners.drain();
            if (taken.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.upsertAdd(p + "daily_banner", DAY_KEYS,
                    List.of(new SqlDialect.Column("shown", "BIGINT"))))) {
                for (Map.Entry<BannerCounters.Key, Long> e : new TreeMap<>(taken).entrySet()) {
                    ps.setLong(bindDay(ps, e.getKey()), e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                banners.restore(taken);
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } finally {
            bannerFlush.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    private <T> T read(String what, SqlWork<T> work) {
        Connection c = null;
        try {
            c = connections.get();
            prepare(c);
            T result = work.run(c);
            connections.release(c);
            return result;
        } catch (SQLException e) {
            connections.discard(c);
            throw new LedgerException("could not " + what + ": the consent ledger database " + where + " failed: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            connections.discard(c);
            throw e;
        }
    }

    private static StoredConsentRecord map(ResultSet rs) throws SQLException {
        ConsentRecord r = new ConsentRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class), LedgerJson.action(rs.getString(6)), LedgerJson.method(rs.getString(7)),
                LedgerJson.parseChoices(rs.getString(8)), rs.getLong(9), rs.getString(10),
                LedgerJson.regime(rs.getString(11)), rs.getString(12), rs.getBoolean(13), rs.getString(14),
                rs.getString(15), rs.getObject(16, OffsetDateTime.class).toInstant(), rs.getString(17));
        return new StoredConsentRecord(r, rs.getLong(3), rs.getString(18), rs.getString(19), rs.getString(20));
    }

    private List<StoredConsentRecord> list(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<StoredConsentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        }
    }

    @Override
    public List<StoredConsentRecord> findByConsentId(String tenant, UUID consentId) {
        ConsentKey key = new ConsentKey(Objects.requireNonNull(tenant, "tenant"),
                Objects.requireNonNull(consentId, "consentId"));
        return byConsent.get(key, k -> List.copyOf(read("read the records of consent id " + consentId,
                c -> list(c, SELECT + p + "record WHERE tenant = ? AND consent_id = ? ORDER BY seq", tenant,
                        consentId))));
    }

    @Override
    public List<StoredConsentRecord> findBySubject(String tenant, String subjectReference) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subjectReference, "subjectReference");
        return List.copyOf(read("read the records of subject reference '" + subjectReference + "'",
                c -> list(c, SELECT + p + "record WHERE tenant = ? AND subject_reference = ? ORDER BY seq", tenant,
                        subjectReference)));
    }

    @Override
    public RecordPage findByTime(String tenant, Instant from, Instant to, long afterSequence, int limit) {
        Objects.requireNonNull(tenant, "tenant");
        checkLimit(limit);
        RecordFilter filter = RecordFilter.between(from, to);
        List<Object> params = new ArrayList<>();
        String sql = SELECT + p + "record WHERE tenant = ? AND seq > ?" + filterSql(filter, params)
                + " ORDER BY seq LIMIT ?";
        List<Object> all = new ArrayList<>(List.of(tenant, afterSequence));
        all.addAll(params);
        all.add(limit + 1);
        List<StoredConsentRecord> rows = read("read records of tenant '" + tenant + "' by time",
                c -> list(c, sql, all.toArray()));
        return rows.size() > limit ? new RecordPage(rows.subList(0, limit), true) : new RecordPage(rows, false);
    }

    private static String filterSql(RecordFilter f, List<Object> params) {
        StringBuilder sb = new StringBuilder();
        if (f.from() != null) {
            sb.append(" AND recorded_at >= ?");
            params.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sb.append(" AND recorded_at < ?");
            params.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        if (f.consentId() != null) {
            sb.append(" AND consent_id = ?");
            params.add(f.consentId());
        }
        if (f.subjectReference() != null) {
            sb.append(" AND subject_reference = ?");
            params.add(f.subjectReference());
        }
        return sb.toString();
    }

    @Override
    public long export(String tenant, RecordFilter filter, ExportFormat format, Writer out) {
        Objects.requireNonNull(tenant, "tenant");
        List<Object> params = new ArrayList<>(List.of(tenant));
        String sql = SELECT + p + "record WHERE tenant = ?" + filterSql(Objects.requireNonNull(filter, "filter"), params)
                + " ORDER BY seq";
        return stream("export the records of tenant '" + tenant + "'", sql, params, format, out);
    }

    @Override
    public long exportAllTenants(RecordFilter filter, ExportFormat format, Writer out) {
        List<Object> params = new ArrayList<>();
        String where = filterSql(Objects.requireNonNull(filter, "filter"), params);
        String sql = SELECT + p + "record" + (where.isEmpty() ? "" : " WHERE" + where.substring(4))
                + " ORDER BY tenant, seq";
        return stream("export the records of all tenants", sql, params, format, out);
    }

    private long stream(String what, String sql, List<Object> params, ExportFormat format, Writer out) {
        RecordExporter exporter = new RecordExporter(format, out);
        return read(what, c -> {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        exporter.write(map(rs));
                    }
                }
                c.commit();
            }
            c.setAutoCommit(true);
            return exporter.count();
        });
    }

    @Override
    public long purgeOlderThan(String tenant, Instant cutoff) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(cutoff, "cutoff");
        long purged = read("purge the records of tenant '" + tenant + "' older than " + cutoff, c -> {
            c.setAutoCommit(false);
            try {
                long anchor;
                long last;
                try (PreparedStatement ps = c.prepareStatement("SELECT anchor_seq, last_seq FROM " + p
                        + "chain_head WHERE tenant = ? FOR UPDATE")) {
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return 0L;
                        }
                        anchor = rs.getLong(1);
                        last = rs.getLong(2);
                    }
                }
                long upTo = last;
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM " + p
                        + "record WHERE tenant = ? AND recorded_at >= ?")) {
                    ps.setString(1, tenant);
                    ps.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getObject(1) != null) {
                            upTo = rs.getLong(1) - 1;
                        }
                    }
                }
                if (upTo <= anchor) {
                    c.rollback();
                    return 0L;
                }
                String anchorHash;
                try (PreparedStatement ps = c.prepareStatement("SELECT chain_hash FROM " + p
                        + "record WHERE tenant = ? AND seq = ?")) {
                    ps.setString(1, tenant);
                    ps.setLong(2, upTo);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new LedgerException("cannot purge tenant '" + tenant + "' up to sequence " + upTo
                                    + ": that record is missing; verify() the chain");
                        }
                        anchorHash = rs.getString(1);
                    }
                }
                long deleted;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + p
                        + "record WHERE tenant = ? AND seq <= ?")) {
                    ps.setString(1, tenant);
                    ps.setLong(2, upTo);
                    deleted = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + p
                        + "chain_head SET anchor_seq = ?, anchor_hash = ? WHERE tenant = ?")) {
                    ps.setLong(1, upTo);
                    ps.setString(2, anchorHash);
                    ps.setString(3, tenant);
                    ps.executeUpdate();
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
        byConsent.invalidateAll();
        if (purged > 0) {
            LOG.info(() -> "purged " + purged + " consent records of tenant '" + tenant + "' older than " + cutoff);
        }
        return purged;
    }

    @Override
    public ChainVerification verify(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return read("verify the chain of tenant '" + tenant + "'", c -> {
            c.setAutoCommit(false);
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot of head and records
            try {
                Chain.Verifier verifier;
                try (PreparedStatement ps = c.prepareStatement("SELECT anchor_seq, anchor_hash, last_seq, last_hash FROM "
                        + p + "chain_head WHERE tenant = ?")) {
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        verifier = rs.next()
                                ? new Chain.Verifier(tenant, rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4))
                                : new Chain.Verifier(tenant, 0, Chain.GENESIS, 0, Chain.GENESIS);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(SELECT + p + "record WHERE tenant = ? ORDER BY seq")) {
                    ps.setFetchSize(FETCH_SIZE);
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && verifier.accept(map(rs))) {
                            // checked one
                        }
                    }
                }
                c.commit();
                return verifier.finish();
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        bannerFlush.readLock().lock();
        try {
            DailyTotals totals = read("read the dashboard counts of tenant '" + tenant + "'", c -> {
                DailyTotals t = new DailyTotals();
                String range = " WHERE tenant = ? AND stat_day >= ? AND stat_day <= ?";
                try (PreparedStatement ps = c.prepareStatement("SELECT stat_day, page_type, regime, accepted_all, "
                        + "rejected_all, customised, withdrawn FROM " + p + "daily_decision" + range)) {
                    try (ResultSet rs = query(ps, tenant, from, to)) {
                        while (rs.next()) {
                            DailyTotals.Counts n = t.counts(dayKey(rs, tenant));
                            n.acceptedAll += rs.getLong(4);
                            n.rejectedAll += rs.getLong(5);
                            n.customised += rs.getLong(6);
                            n.withdrawn += rs.getLong(7);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT stat_day, page_type, regime, category, granted FROM "
                        + p + "daily_grant" + range)) {
                    try (ResultSet rs = query(ps, tenant, from, to)) {
                        while (rs.next()) {
                            t.counts(dayKey(rs, tenant)).granted.merge(rs.getString(4), rs.getLong(5), Long::sum);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT stat_day, page_type, regime, shown FROM "
                        + p + "daily_banner" + range)) {
                    try (ResultSet rs = query(ps, tenant, from, to)) {
                        while (rs.next()) {
                            t.addBanner(dayKey(rs, tenant), rs.getLong(4));
                        }
                    }
                }
                return t;
            });
            banners.pending(tenant, from, to).forEach(totals::addBanner);
            return totals.aggregates(tenant, from, to);
        } finally {
            bannerFlush.readLock().unlock();
        }
    }

    private static ResultSet query(PreparedStatement ps, String tenant, LocalDate from, LocalDate to)
            throws SQLException {
        ps.setString(1, tenant);
        ps.setObject(2, from);
        ps.setObject(3, to);
        return ps.executeQuery();
    }

    private static BannerCounters.Key dayKey(ResultSet rs, String tenant) throws SQLException {
        return new BannerCounters.Key(rs.getObject(1, LocalDate.class), tenant, rs.getString(2),
                LedgerJson.regime(rs.getString(3)));
    }

    @Override
    public Set<String> tenants() {
        return read("list the tenants", c -> {
            Set<String> out = new TreeSet<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT tenant FROM " + p + "chain_head WHERE last_seq > 0")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return Collections.unmodifiableSet(out);
        });
    }

    /**
     * Stops taking appends, stores what the journal holds (for up to the close timeout while the
     * database fails), flushes the banner counts and releases the journal and connections.
     * Records that could not be stored stay in the journal for the next start. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        journal.stopAppends();
        closing = true;
        wakeWriter();
        try {
            writer.join(TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Journal.Position at = stored;
        journal.close(at);
        connections.close();
        if (at.isBefore(journal.durable())) {
            LOG.warning(() -> "consent ledger closed with records not yet stored in " + where + "; they are kept in "
                    + journal.directory() + " and stored when a ledger opens that journal again");
        }
    }

    /**
     * Builds a {@link JdbcConsentLedger}. Give a data source or a URL, and a journal directory;
     * everything else has a default.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private Path journalDirectory;
        private String tablePrefix = "consentkit_";
        private int batchSize = 500;
        private Duration batchInterval = Duration.ofMillis(100);
        private Duration retryMin = Duration.ofMillis(200);
        private Duration retryMax = Duration.ofSeconds(10);
        private Duration counterFlushInterval = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration networkTimeout = Duration.ofSeconds(30);
        private long segmentBytes = 16L << 20;
        private long cacheSize = 10_000;
        private Duration cacheExpiry = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The application's (pooled) data source. Excludes {@link #url}.
         *
         * @param dataSource the data source; the ledger borrows connections and never
         *     closes it
         * @return this builder
         * @throws IllegalStateException when a URL or a data source was already given
         */
        public Builder dataSource(DataSource dataSource) {
            requireState(url == null, "a URL was already set (%s); give a data source or a URL, not both",
                    url == null ? null : ConnectionSource.redact(url));
            requireState(this.dataSource == null, "the data source was already set to %s", this.dataSource);
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * A JDBC URL, such as {@code jdbc:postgresql://db:5432/webinars?user=consent} or
         * {@code jdbc:h2:file:/var/lib/app/ledger}. Excludes {@link #dataSource}.
         *
         * @param url a URL starting with {@code jdbc:}
         * @return this builder
         * @throws IllegalStateException when a data source or a URL was already given
         * @throws IllegalArgumentException when {@code url} does not start with
         *     {@code jdbc:}
         */
        public Builder url(String url) {
            return url(url, null, null);
        }

        /**
         * A JDBC URL with credentials. Excludes {@link #dataSource}.
         *
         * @param url a URL starting with {@code jdbc:}
         * @param user the database user, or null
         * @param password the password, or null; never shown in messages
         * @return this builder
         * @throws IllegalStateException when a data source or a URL was already given
         * @throws IllegalArgumentException when {@code url} does not start with
         *     {@code jdbc:}
         */
        public Builder url(String url, String user, String password) {
            requireState(dataSource == null, "a data source was already set (%s); give a data source or a URL, not both",
                    dataSource);
            requireState(this.url == null, "the URL was already set to %s",
                    this.url == null ? null : ConnectionSource.redact(this.url));
            Objects.requireNonNull(url, "url");
            requireArgument(url.startsWith("jdbc:"), "a JDBC URL starts with 'jdbc:', but was '%s'",
                    ConnectionSource.redact(url));
            this.url = url;
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * The directory of the local journal (required; created when missing). Use local disk
         * that survives restarts, one directory per application instance.
         *
         * @param journalDirectory the journal's directory
         * @return this builder
         */
        public Builder journalDirectory(Path journalDirectory) {
            this.journalDirectory = Objects.requireNonNull(journalDirectory, "journalDirectory");
            return this;
        }

        /**
         * The prefix of the ledger's table names, default {@code consentkit_}: lower-case letters,
         * digits and underscores, starting with a letter.
         *
         * @param tablePrefix 1 to 30 characters
         * @return this builder
         * @throws IllegalArgumentException when the prefix is not of that form
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            requireArgument(tablePrefix.matches("[a-z][a-z0-9_]{0,29}"),
                    "table prefix '%s' must be 1 to 30 lower-case letters, digits or underscores, starting with a letter",
                    tablePrefix);
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * The most records stored in one transaction, default 500.
         *
         * @param batchSize a positive number of records
         * @return this builder
         * @throws IllegalArgumentException when {@code batchSize} is not positive
         */
        public Builder batchSize(int batchSize) {
            requireArgument(batchSize > 0, "batch size must be positive but was %s", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long the writer waits for a batch to fill before storing what it has, default
         * 100 ms: the usual delay between {@code append} and the record being readable.
         *
         * @param batchInterval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when {@code batchInterval} is not positive
         */
        public Builder batchInterval(Duration batchInterval) {
            this.batchInterval = positive(batchInterval, "batch interval");
            return this;
        }

        /**
         * The first and the longest pause between attempts while the database fails,
         * default 200 ms and 10 s.
         *
         * @param first the first pause, positive
         * @param longest the longest pause, not shorter than {@code first}; pauses double
         *     up to it
         * @return this builder
         * @throws IllegalArgumentException when a pause is not positive or {@code longest}
         *     is shorter than {@code first}
         */
        public Builder retryInterval(Duration first, Duration longest) {
            positive(first, "first retry interval");
            positive(longest, "longest retry interval");
            requireArgument(longest.compareTo(first) >= 0, "the longest retry interval %s is shorter than the first %s",
                    longest, first);
            this.retryMin = first;
            this.retryMax = longest;
            return this;
        }

        /**
         * How often banner counts are written to the database, default 10 s.
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException when {@code interval} is not positive
         */
        public Builder counterFlushInterval(Duration interval) {
            this.counterFlushInterval = positive(interval, "counter flush interval");
            return this;
        }

        /**
         * How long {@link #close} keeps trying to store the journal while the database
         * fails, default 10 s.
         *
         * @param closeTimeout a duration, zero or more
         * @return this builder
         * @throws IllegalArgumentException when {@code closeTimeout} is negative
         */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            requireArgument(!closeTimeout.isNegative(), "close timeout must not be negative but was %s", closeTimeout);
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * How long a database call may block on the network, default 30 s (URL mode and
         * drivers that support it).
         *
         * @param networkTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when {@code networkTimeout} is not positive
         */
        public Builder networkTimeout(Duration networkTimeout) {
            this.networkTimeout = positive(networkTimeout, "network timeout");
            return this;
        }

        /**
         * The size at which the journal starts a new segment file, default 16 MiB.
         *
         * @param bytes the segment size, at least 1024
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is less than 1024
         */
        public Builder segmentSize(long bytes) {
            requireArgument(bytes >= 1024, "segment size must be at least 1024 bytes but was %s", bytes);
            this.segmentBytes = bytes;
            return this;
        }

        /**
         * How many consent ids' records the read cache keeps, default 10,000 (0 disables
         * it).
         *
         * @param cacheSize the most consent ids cached, 0 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code cacheSize} is negative
         */
        public Builder cacheSize(long cacheSize) {
            requireArgument(cacheSize >= 0, "cache size must not be negative but was %s", cacheSize);
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * How long a cached read by consent id is kept, default 1 minute: the staleness bound for
         * records that other instances write.
         *
         * @param cacheExpiry a positive duration
         * @return this builder
         * @throws IllegalArgumentException when {@code cacheExpiry} is not positive
         */
        public Builder cacheExpiry(Duration cacheExpiry) {
            this.cacheExpiry = positive(cacheExpiry, "cache expiry");
            return this;
        }

        /**
         * The clock that dates banner showings and storage times, default the UTC system
         * clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the journal, connects and migrates the schema (a database that cannot be reached is
         * logged and retried in the background), and starts the writer.
         *
         * @return the running ledger; thread-safe; close it when the application stops
         * @throws IllegalStateException when neither a data source nor a URL was given, no journal
         *     directory was given, or no JDBC driver accepts the URL
         * @throws LedgerException when the journal cannot be opened, or the database is reachable
         *     but unsupported or of a newer schema
         */
        public JdbcConsentLedger build() {
            requireState(dataSource != null || url != null, "no database: set a data source or a JDBC URL");
            requireState(journalDirectory != null,
                    "no journal directory: the journal keeps appended records durable while the database is unavailable");
            if (url != null) {
                try {
                    DriverManager.getDriver(url);
                } catch (SQLException e) {
                    throw new IllegalStateException("no JDBC driver on the class path accepts the URL '"
                            + ConnectionSource.redact(url) + "': add com.h2database:h2 or org.postgresql:postgresql", e);
                }
            }
            return new JdbcConsentLedger(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            requireArgument(!d.isNegative() && !d.isZero(), "%s must be positive but was %s", what, d);
            return d;
        }

        private static void requireState(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalStateException(String.format(template, args));
            }
        }

        private static void requireArgument(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(template, args));
            }
        }
    }
}
