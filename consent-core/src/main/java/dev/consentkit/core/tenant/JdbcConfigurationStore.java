package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.JsonMergePatch;
import dev.consentkit.core.config.RevisionRules;
import dev.consentkit.core.config.SettingsOverlay;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The configuration files and the organizers' edits from the settings screen, together: a
 * {@link ConfigurationStore} over another one (the developers' files, usually a
 * {@link DirectoryConfigurationStore}) that adds, per tenant, the latest saved version of its
 * {@linkplain SettingsOverlay settings overlay}, kept in a database with its whole history.
 *
 * <p>A tenant's configuration is then laid together from these layers:
 * <ol>
 *   <li>the platform default file, then the platform operator's edits to it;</li>
 *   <li>the tenant's file, then the organizer's edits;</li>
 *   <li>the {@code revision}: the files' one plus every time a save asked attendees again.</li>
 * </ol>
 * Files stay the developers' base and keep flowing through: the edits name page types,
 * declarations, texts and regions by identity, so a page type or declaration added to a file
 * later is not hidden by them.
 *
 * <p>Versions live in {@code <prefix>settings_version} (tenant, version, document, revision bumps,
 * revision, author, time, comment), created or migrated at start on H2 or PostgreSQL. Every save
 * also advances a one-row change marker in the same transaction; {@link #watch} polls that
 * marker (one indexed read every {@linkplain Builder#pollInterval poll interval}), so every
 * instance sharing the database reloads a saved tenant within seconds.
 *
 * <pre>{@code
 * JdbcConfigurationStore store = JdbcConfigurationStore.builder(new DirectoryConfigurationStore(dir))
 *     .url("jdbc:postgresql://db/consent", "consentkit", password)
 *     .build();
 * PolicyRepository policies = CachingPolicyRepository.builder(store).build();
 * }</pre>
 */
public final class JdbcConfigurationStore implements ConfigurationStore {

    private static final Logger LOG = Logger.getLogger(JdbcConfigurationStore.class.getName());

    /** The default interval between two reads of the change marker. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** The default prefix of the table names. */
    public static final String DEFAULT_TABLE_PREFIX = "consentkit_";
    /** The longest comment kept with a version. */
    public static final int MAX_COMMENT_LENGTH = 1000;
    /** The longest author name kept with a version. */
    public static final int MAX_AUTHOR_LENGTH = 200;

    private static final int SCHEMA_VERSION = 1;

    private final ConfigurationStore files;
    private final DataSource dataSource; // null: one connection from the URL
    private final String url;
    private final Properties properties = new Properties();
    private final String p;
    private final Duration pollInterval;
    private final Clock clock;
    private final String where;
    private final boolean postgres;
    private Connection connection; // guarded by this; URL mode only
    private ScheduledExecutorService poller; // guarded by this
    private long lastSeen; // poller thread only, after watch()

    private JdbcConfigurationStore(Builder b) {
        this.files = b.files;
        this.dataSource = b.dataSource;
        this.url = b.url;
        if (b.user != null) {
            properties.setProperty("user", b.user);
        }
        if (b.password != null) {
            properties.setProperty("password", b.password);
        }
        this.p = b.tablePrefix;
        this.pollInterval = b.pollInterval;
        this.clock = b.clock;
        this.where = dataSource != null ? "data source " + dataSource : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        try {
            this.postgres = run(c -> {
                String product = c.getMetaData().getDatabaseProductName();
                boolean pg = "PostgreSQL".equalsIgnoreCase(product);
                if (!pg && !"H2".equalsIgnoreCase(product)) {
                    throw new SQLException("unsupported database '" + product + "': the settings store supports H2 and PostgreSQL");
                }
                migrate(c, pg);
                return pg;
            });
            this.lastSeen = marker();
        } catch (SQLException e) {
            closeConnection();
            throw new IllegalStateException("the settings store at " + where + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Starts building a store over the configuration files.
     *
     * @param files the developers' configuration, such as a {@link DirectoryConfigurationStore}
     * @return the builder
     */
    public static Builder builder(ConfigurationStore files) {
        return new Builder(files);
    }

    /**
     * The configuration files under the edits.
     *
     * @return the files' store
     */
    public ConfigurationStore files() {
        return files;
    }

    /**
     * The database, as messages name it.
     *
     * @return the data source or the JDBC URL, passwords hidden
     */
    public String database() {
        return where;
    }

    // ------------------------------------------------------------------ ConfigurationStore

    @Override
    public Optional<ConfigurationSource> platformDefault() throws IOException {
        Composition c = compose(Policy.DEFAULT_TENANT, null, null);
        if (c.snapshot == null || c.layers.size() <= 1) {
            return files.platformDefault();
        }
        String doc = RevisionRules.withRevision(c.snapshot.effective(), c.snapshot.revision());
        return Optional.of(new ConfigurationSource(c.layers.get(0).name() + " + settings", doc, c.layers.get(0).baseDirectory()));
    }

    @Override
    public Optional<ConfigurationSource> tenant(String tenant) throws IOException {
        if (tenant == null || Policy.DEFAULT_TENANT.equals(tenant)) {
            return Optional.empty();
        }
        Composition c = compose(tenant, null, null);
        if (c == null) {
            return Optional.empty();
        }
        if (c.snapshot == null || (c.snapshot.version() == null && latest(Policy.DEFAULT_TENANT).isEmpty())) {
            return files.tenant(tenant); // no edits at all: the file as it is
        }
        SettingsSnapshot platform = compose(Policy.DEFAULT_TENANT, null, null).snapshot;
        String base = RevisionRules.withRevision(platform.effective(), platform.revision());
        String own = RevisionRules.withRevision(c.snapshot.effective(), c.snapshot.revision());
        return Optional.of(ConfigurationSource.of(tenant + " + settings", JsonMergePatch.diff(base, own)));
    }

    @Override
    public Optional<List<ConfigurationSource>> layers(String tenant) throws IOException {
        Composition c = compose(tenant == null ? Policy.DEFAULT_TENANT : tenant, null, null);
        return c == null ? Optional.empty() : Optional.of(c.layers);
    }

    @Override
    public Set<String> tenants() throws IOException {
        Set<String> ids = new TreeSet<>(files.tenants());
        try {
            run(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT DISTINCT tenant FROM " + p + "settings_version")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("cannot list the tenants of the settings store at " + where + ": " + e.getMessage(), e);
        }
        ids.remove(Policy.DEFAULT_TENANT);
        return ids;
    }

    /**
     * Watches the files (as their store does) and polls the change marker, telling
     * {@code onChange} about every tenant saved by any instance.
     */
    @Override
    public synchronized void watch(Consumer<String> onChange) {
        Objects.requireNonNull(onChange, "onChange");
        if (poller != null) {
            throw new IllegalStateException("already watching " + where);
        }
        files.watch(onChange);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consentkit-settings-poll");
            t.setDaemon(true);
            return t;
        });
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(() -> poll(onChange), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void poll(Consumer<String> onChange) {
        try {
            long seq = marker();
            if (seq == lastSeen) {
                return;
            }
            long from = lastSeen;
            Set<String> changed = run(c -> {
                Set<String> tenants = new TreeSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tenant FROM " + p
                        + "settings_version WHERE change_seq > ? AND change_seq <= ?")) {
                    ps.setLong(1, from);
                    ps.setLong(2, seq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tenants.add(rs.getString(1));
                        }
                    }
                }
                return tenants;
            });
            lastSeen = seq;
            if (changed.contains(Policy.DEFAULT_TENANT)) {
                changed = Set.of(Policy.DEFAULT_TENANT); // every tenant is laid over it
            }
            for (String tenant : changed) {
                try {
                    onChange.accept(tenant);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "settings change handler failed for " + tenant, e);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot poll the settings store at " + where + " for changes; trying again in "
                    + pollInterval.toSeconds() + " s: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (poller != null) {
                poller.shutdownNow();
                poller = null;
            }
        }
        try {
            files.close();
        } finally {
            closeConnection();
        }
    }

    @Override
    public String toString() {
        return "JdbcConfigurationStore[" + where + " over " + files + "]";
    }

    // ------------------------------------------------------------------ versions

    /**
     * The latest saved version of a tenant's settings.
     *
     * @param tenant the organizer, or {@value Policy#DEFAULT_TENANT} for the platform operator's edits
     * @return the version, or empty when none was saved
     * @throws IllegalStateException when the database cannot be read
     */
    public Optional<SettingsVersion> latest(String tenant) {
        List<SettingsVersion> found = query("SELECT " + COLUMNS + " FROM " + p + "settings_version WHERE tenant = ? "
                + "ORDER BY version DESC LIMIT 1", tenant, null);
        return found.stream().findFirst();
    }

    /**
     * One saved version.
     *
     * @param tenant the organizer
     * @param version the version number
     * @return the version, or empty when there is no such one
     * @throws IllegalStateException when the database cannot be read
     */
    public Optional<SettingsVersion> version(String tenant, int version) {
        return query("SELECT " + COLUMNS + " FROM " + p + "settings_version WHERE tenant = ? AND version = ?", tenant, version)
                .stream().findFirst();
    }

    /**
     * Every saved version of a tenant's settings, newest first.
     *
     * @param tenant the organizer
     * @return the versions; empty when none was saved
     * @throws IllegalStateException when the database cannot be read
     */
    public List<SettingsVersion> history(String tenant) {
        return query("SELECT " + COLUMNS + " FROM " + p + "settings_version WHERE tenant = ? ORDER BY version DESC", tenant, null);
    }

    /**
     * Saves a new version, unless another one was saved since {@code expectedLatest}.
     *
     * @param tenant the organizer, or {@value Policy#DEFAULT_TENANT}
     * @param expectedLatest the version the edit started from, 0 for none
     * @param overlay the edits, a settings overlay
     * @param revisionBumps the tenant's revision bumps including this save's
     * @param revision the policy revision in force after the save
     * @param author who saves (cut to {@value #MAX_AUTHOR_LENGTH} characters)
     * @param comment a note about the change (cut to {@value #MAX_COMMENT_LENGTH} characters); may be null
     * @return the saved version
     * @throws SettingsConflictException when the latest version is not {@code expectedLatest}
     * @throws IllegalStateException when the database cannot be written
     */
    public SettingsVersion append(String tenant, int expectedLatest, String overlay, int revisionBumps, long revision,
                                  String author, String comment) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(overlay, "overlay");
        SettingsVersion saved = new SettingsVersion(tenant, expectedLatest + 1, overlay, revisionBumps, revision,
                cut(author == null ? "" : author, MAX_AUTHOR_LENGTH), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                cut(comment == null ? "" : comment, MAX_COMMENT_LENGTH));
        try {
            run(c -> inTransaction(c, tx -> {
                long seq;
                // the marker's row lock orders saves: the poller sees change numbers in commit order
                try (Statement st = tx.createStatement()) {
                    st.executeUpdate("UPDATE " + p + "settings_marker SET seq = seq + 1 WHERE id = 1");
                    try (ResultSet rs = st.executeQuery("SELECT seq FROM " + p + "settings_marker WHERE id = 1")) {
                        rs.next();
                        seq = rs.getLong(1);
                    }
                }
                int latest;
                try (PreparedStatement ps = tx.prepareStatement("SELECT MAX(version) FROM " + p + "settings_version WHERE tenant = ?")) {
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        latest = rs.getInt(1);
                    }
                }
                if (latest != expectedLatest) {
                    throw new SettingsConflictException(tenant, expectedLatest, latest);
                }
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + p + "settings_version (tenant, version, change_seq, "
                        + "document, revision_bumps, revision, author, saved_at, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, tenant);
                    ps.setInt(2, saved.version());
                    ps.setLong(3, seq);
                    ps.setString(4, overlay);
                    ps.setInt(5, revisionBumps);
                    ps.setLong(6, revision);
                    ps.setString(7, saved.author());
                    ps.setObject(8, OffsetDateTime.ofInstant(saved.savedAt(), ZoneOffset.UTC));
                    ps.setString(9, saved.comment());
                    ps.executeUpdate();
                }
                return null;
            }));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the settings of \"" + tenant + "\" to " + where + ": " + e.getMessage(), e);
        }
        return saved;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static final String COLUMNS = "tenant, version, document, revision_bumps, revision, author, saved_at, comment";

    private List<SettingsVersion> query(String sql, String tenant, Integer version) {
        try {
            return run(c -> {
                List<SettingsVersion> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, tenant);
                    if (version != null) {
                        ps.setInt(2, version);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new SettingsVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
                                    rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8)));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the settings of \"" + tenant + "\" from " + where + ": " + e.getMessage(), e);
        }
    }

    private long marker() throws SQLException {
        return run(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT seq FROM " + p + "settings_marker WHERE id = 1")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    // ------------------------------------------------------------------ composition

    /** A tenant's layers and snapshot; the snapshot is null when the files do not parse. */
    private record Composition(List<ConfigurationSource> layers, SettingsSnapshot snapshot) {
    }

    /**
     * The tenant's configuration as the settings screen sees it.
     *
     * @param tenant the organizer, or {@value Policy#DEFAULT_TENANT}
     * @return the snapshot, with the latest saved edits
     * @throws IOException when a file cannot be read
     * @throws ConfigurationException when the files are not JSON objects
     */
    public SettingsSnapshot snapshot(String tenant) throws IOException {
        return snapshotOf(tenant, compose(tenant, null, null));
    }

    /**
     * The tenant's configuration with the edits of an earlier version, over today's files.
     *
     * @param tenant the organizer
     * @param version a saved version, or 0 for the files alone
     * @return the snapshot; its {@link SettingsSnapshot#version()} is that version (null for 0)
     * @throws IOException when a file cannot be read
     * @throws ConfigurationException when the files are not JSON objects
     * @throws IllegalArgumentException when there is no such version
     */
    public SettingsSnapshot snapshot(String tenant, int version) throws IOException {
        SettingsVersion v = null;
        if (version != 0) {
            v = version(tenant, version).orElseThrow(() -> new IllegalArgumentException("\"" + tenant + "\" has no settings version " + version));
        }
        return snapshotOf(tenant, compose(tenant, v == null ? SettingsOverlay.EMPTY : v.overlay(), v == null ? 0 : v.revisionBumps(), v));
    }

    /** The layers a draft would load from: the files, the given edits and bumps. */
    List<ConfigurationSource> layersWith(String tenant, String overlay, int ownBumps) throws IOException {
        Composition c = compose(tenant, overlay, ownBumps);
        snapshotOf(tenant, c); // the files must parse
        return c.layers;
    }

    /**
     * The layers of a draft document as it is, so that problems name paths of the draft itself
     * (its edits, saved as an overlay, may come back in another order).
     */
    List<ConfigurationSource> layersOfDraft(String tenant, String draft, int ownBumps) throws IOException {
        Composition c = compose(tenant, SettingsOverlay.EMPTY, ownBumps, null, draft);
        snapshotOf(tenant, c);
        return c.layers;
    }

    private SettingsSnapshot snapshotOf(String tenant, Composition c) throws IOException {
        if (c == null) {
            // a tenant with neither a file nor settings gets the platform default
            SettingsSnapshot platform = snapshot(Policy.DEFAULT_TENANT);
            return new SettingsSnapshot(tenant, platform.effective(), platform.effective(), null, platform.filesRevision(),
                    platform.ownBumps(), 0);
        }
        if (c.snapshot == null) {
            throw new ConfigurationException(List.of(new ConfigurationProblem(c.layers.isEmpty() ? tenant : c.layers.get(c.layers.size() - 1).name(),
                    "$", 0, 0, "the configuration files of \"" + tenant + "\" do not load as JSON objects; fix them before editing the settings")));
        }
        return c.snapshot;
    }

    private Composition compose(String tenant, String overlayOverride, Integer bumpsOverride) throws IOException {
        return compose(tenant, overlayOverride, bumpsOverride, null, null);
    }

    private Composition compose(String tenant, String overlayOverride, Integer bumpsOverride, SettingsVersion shownVersion) throws IOException {
        return compose(tenant, overlayOverride, bumpsOverride, shownVersion, null);
    }

    /**
     * The layers and snapshot of a tenant.
     *
     * @param overlayOverride the tenant's edits instead of its latest version's, or null
     * @param bumpsOverride the tenant's revision bumps instead of its latest version's, or null
     * @param shownVersion the version the override comes from, or null for a draft
     * @param documentOverride the tenant's whole configuration instead of the files with edits (a draft), or null
     */
    private Composition compose(String tenant, String overlayOverride, Integer bumpsOverride, SettingsVersion shownVersion,
                                String documentOverride) throws IOException {
        boolean platform = Policy.DEFAULT_TENANT.equals(tenant);
        Optional<ConfigurationSource> defaultFile = files.platformDefault();
        Optional<ConfigurationSource> ownFile = platform ? Optional.empty() : files.tenant(tenant);
        SettingsVersion platformVersion = latest(Policy.DEFAULT_TENANT).orElse(null);
        SettingsVersion ownVersion = platform ? platformVersion : latest(tenant).orElse(null);
        if (!platform && ownFile.isEmpty() && ownVersion == null && overlayOverride == null) {
            return null;
        }
        List<ConfigurationSource> plain = new ArrayList<>();
        defaultFile.ifPresent(plain::add);
        ownFile.ifPresent(plain::add);
        Path baseDirectory = plain.isEmpty() ? null : plain.get(plain.size() - 1).baseDirectory();
        try {
            String defaultDoc = defaultFile.map(ConfigurationSource::json).orElse("{}");
            requireObject(defaultDoc);
            ownFile.ifPresent(f -> requireObject(f.json()));
            List<ConfigurationSource> layers = new ArrayList<>();
            defaultFile.ifPresent(layers::add);

            String platformOverlay = platform && overlayOverride != null ? overlayOverride
                    : platformVersion == null ? SettingsOverlay.EMPTY : platformVersion.overlay();
            int platformBumps = platform && bumpsOverride != null ? bumpsOverride
                    : platformVersion == null ? 0 : platformVersion.revisionBumps();
            String defaultEffective = platform && documentOverride != null ? documentOverride : SettingsOverlay.apply(defaultDoc, platformOverlay);
            if (!SettingsOverlay.isEmpty(platformOverlay) || (platform && documentOverride != null)) {
                SettingsVersion named = platform && overlayOverride != null ? shownVersion : platformVersion;
                layers.add(new ConfigurationSource(Policy.DEFAULT_TENANT + " settings" + label(named, platform && overlayOverride != null),
                        JsonMergePatch.diff(defaultDoc, defaultEffective), baseDirectory));
            }
            SettingsSnapshot snapshot;
            if (platform) {
                snapshot = new SettingsSnapshot(tenant, JsonMergePatch.apply(defaultDoc, "{}"), defaultEffective,
                        overlayOverride != null ? shownVersion : platformVersion, RevisionRules.revision(defaultDoc), 0, platformBumps);
            } else {
                ownFile.ifPresent(layers::add);
                String base = ownFile.map(f -> JsonMergePatch.apply(defaultEffective, f.json())).orElse(defaultEffective);
                String ownOverlay = overlayOverride != null ? overlayOverride : ownVersion == null ? SettingsOverlay.EMPTY : ownVersion.overlay();
                int ownBumps = bumpsOverride != null ? bumpsOverride : ownVersion == null ? 0 : ownVersion.revisionBumps();
                String effective = documentOverride != null ? documentOverride : SettingsOverlay.apply(base, ownOverlay);
                if (!SettingsOverlay.isEmpty(ownOverlay) || documentOverride != null) {
                    SettingsVersion named = overlayOverride != null ? shownVersion : ownVersion;
                    layers.add(new ConfigurationSource(tenant + " settings" + label(named, overlayOverride != null),
                            JsonMergePatch.diff(base, effective), baseDirectory));
                }
                snapshot = new SettingsSnapshot(tenant, base, effective, overlayOverride != null ? shownVersion : ownVersion,
                        RevisionRules.revision(base), platformBumps, ownBumps);
            }
            if (snapshot.platformBumps() + snapshot.ownBumps() > 0) {
                layers.add(new ConfigurationSource("settings revision", "{\"revision\": " + snapshot.revision() + "}", baseDirectory));
            }
            return new Composition(List.copyOf(layers), snapshot);
        } catch (IllegalArgumentException e) {
            // the files do not parse: leave them alone, so that the loader reports where
            return new Composition(List.copyOf(plain), null);
        }
    }

    private static String label(SettingsVersion version, boolean override) {
        return version != null ? " v" + version.version() : override ? " (draft)" : "";
    }

    private static void requireObject(String json) {
        if (!JsonMergePatch.apply("{}", json).trim().startsWith("{")) {
            throw new IllegalArgumentException("not an object");
        }
    }

    // ------------------------------------------------------------------ database

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) throws SQLException {
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        }
        synchronized (this) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = DriverManager.getConnection(url, properties);
                    }
                    return work.run(connection);
                } catch (SQLException e) {
                    boolean broken = true;
                    try {
                        broken = connection == null || !connection.isValid(2);
                    } catch (SQLException ignored) {
                        // broken
                    }
                    if (!broken || attempt > 0) {
                        throw e;
                    }
                    closeConnection(); // a stale connection: once more with a new one
                }
            }
        }
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the settings store connection", e);
            }
            connection = null;
        }
    }

    private void migrate(Connection connection, boolean pg) throws SQLException {
        inTransaction(connection, c -> {
            try (Statement st = c.createStatement()) {
                if (pg) {
                    st.execute("SELECT pg_advisory_xact_lock(" + (0x53657474L * 31 + p.hashCode()) + ")");
                }
                st.execute("CREATE TABLE IF NOT EXISTS " + p + "settings_schema (version INT NOT NULL PRIMARY KEY, "
                        + "description VARCHAR NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                int current = 0;
                try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + p + "settings_schema")) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
                if (current > SCHEMA_VERSION) {
                    throw new SQLException("the settings tables '" + p + "settings_*' are at schema version " + current
                            + ", newer than this ConsentKit supports (" + SCHEMA_VERSION + "): upgrade ConsentKit");
                }
                if (current < 1) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + p + "settings_version ("
                            + "tenant VARCHAR(63) NOT NULL, "
                            + "version INT NOT NULL, "
                            + "change_seq BIGINT NOT NULL, "
                            + "document VARCHAR NOT NULL, "
                            + "revision_bumps INT NOT NULL, "
                            + "revision BIGINT NOT NULL, "
                            + "author VARCHAR(" + MAX_AUTHOR_LENGTH + ") NOT NULL, "
                            + "saved_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                            + "comment VARCHAR(" + MAX_COMMENT_LENGTH + ") NOT NULL, "
                            + "PRIMARY KEY (tenant, version))");
                    st.execute("CREATE INDEX IF NOT EXISTS " + p + "settings_version_change ON " + p + "settings_version (change_seq)");
                    st.execute("CREATE TABLE IF NOT EXISTS " + p + "settings_marker (id INT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)");
                    st.execute("INSERT INTO " + p + "settings_marker (id, seq) SELECT 1, 0 WHERE NOT EXISTS "
                            + "(SELECT 1 FROM " + p + "settings_marker WHERE id = 1)");
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + p
                            + "settings_schema (version, description, applied_at) VALUES (?, ?, ?)")) {
                        ps.setInt(1, 1);
                        ps.setString(2, "settings versions and the change marker");
                        ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                        ps.executeUpdate();
                    }
                    LOG.info(() -> "settings store '" + p + "settings_*' at " + where + " created (schema version 1)");
                }
            }
            return null;
        });
    }

    /**
     * Runs {@code work} as one transaction on {@code c}: committed when it returns, rolled back
     * when it throws (the rollback's own failure added as suppressed); the connection's
     * auto-commit mode is restored either way.
     */
    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
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
                // a broken connection; it is replaced on the next use
            }
        }
    }

    /** Whether the database is PostgreSQL (else H2). */
    boolean isPostgres() {
        return postgres;
    }

    /** Configures a {@link JdbcConfigurationStore}. */
    public static final class Builder {
        private final ConfigurationStore files;
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Clock clock = Clock.systemUTC();

        private Builder(ConfigurationStore files) {
            this.files = Objects.requireNonNull(files, "files");
        }

        /**
         * Takes connections from the application's pool.
         *
         * @param dataSource the pool
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Connects with a JDBC URL (one connection, kept open).
         *
         * @param url such as {@code jdbc:postgresql://db/consent} or {@code jdbc:h2:file:/var/lib/app/settings}
         * @param user the user, or null
         * @param password the password, or null
         * @return this builder
         */
        public Builder url(String url, String user, String password) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("a JDBC URL starts with jdbc:, was \"" + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + "\"");
            }
            this.url = url;
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Connects with a JDBC URL that carries any credentials itself.
         *
         * @param url the JDBC URL
         * @return this builder
         */
        public Builder url(String url) {
            return url(url, null, null);
        }

        /**
         * The prefix of the table names (default {@value JdbcConfigurationStore#DEFAULT_TABLE_PREFIX}).
         *
         * @param prefix lower-case letters, digits and '_', starting with a letter, at most 30 characters
         * @return this builder
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.matches("[a-z][a-z0-9_]{0,29}")) {
                throw new IllegalArgumentException("table prefix must be lower-case letters, digits and '_', starting with a letter, "
                        + "at most 30 characters, was \"" + prefix + "\"");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * How often {@link #watch} reads the change marker (default 2 seconds).
         *
         * @param interval between 100 ms and 10 minutes
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 100 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("poll interval must be between 100 ms and 10 minutes, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * The clock that stamps versions (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Connects, creates or migrates the tables, and returns the store.
         *
         * @return the store
         * @throws IllegalStateException when the database cannot be used
         */
        public JdbcConfigurationStore build() {
            if ((dataSource == null) == (url == null)) {
                throw new IllegalStateException("give the settings store either a data source or a JDBC URL");
            }
            return new JdbcConfigurationStore(this);
        }
    }
}
