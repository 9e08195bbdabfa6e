package dev.consentkit.core.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Where the ledger gets connections: the application's {@link DataSource}, or a JDBC URL. */
abstract class ConnectionSource {

    private static final Logger LOG = Logger.getLogger(ConnectionSource.class.getName());
    private static final Executor DIRECT = Runnable::run;

    private final int networkTimeoutMillis;

    ConnectionSource(Duration networkTimeout) {
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
    }

    /** The database, for messages: never a password. */
    abstract String describe();

    abstract Connection open() throws SQLException;

    /** A connection in auto-commit mode. */
    Connection get() throws SQLException {
        Connection c = open();
        try {
            c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
        } catch (SQLException | UnsupportedOperationException | AbstractMethodError e) {
            // optional in JDBC; H2 embedded has no network
        }
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    /** Gives back a connection that is in a known good state. */
    void release(Connection c) {
        discard(c);
    }

    /** Closes a connection that failed or is in an unknown state. */
    void discard(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing a ledger connection", e);
        }
    }

    void close() {
    }

    static ConnectionSource of(DataSource dataSource, Duration networkTimeout) {
        return new ConnectionSource(networkTimeout) {
            @Override
            String describe() {
                return "data source " + dataSource;
            }

            @Override
            Connection open() throws SQLException {
                return dataSource.getConnection();
            }
        };
    }

    static ConnectionSource of(String url, String user, String password, Duration networkTimeout) {
        return new DriverConnections(url, user, password, networkTimeout);
    }

    /** Hides passwords in a JDBC URL for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Connections from {@link DriverManager}, a few of them kept idle for reuse. */
    private static final class DriverConnections extends ConnectionSource {
        private static final int MAX_IDLE = 4;
        private static final long VALIDATE_AFTER_NANOS = 5_000_000_000L;

        private record Idle(Connection connection, long since) {
        }

        private final String url;
        private final Properties properties = new Properties();
        private final ArrayDeque<Idle> idle = new ArrayDeque<>(); // guarded by itself
        private boolean closed;                                   // guarded by idle

        DriverConnections(String url, String user, String password, Duration networkTimeout) {
            super(networkTimeout);
            this.url = url;
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
        }

        @Override
        String describe() {
            return redact(url);
        }

        @Override
        Connection open() throws SQLException {
            while (true) {
                Idle i;
                synchronized (idle) {
                    i = idle.pollLast();
                }
                if (i == null) {
                    return DriverManager.getConnection(url, properties);
                }
                if (System.nanoTime() - i.since < VALIDATE_AFTER_NANOS || i.connection.isValid(2)) {
                    return i.connection;
                }
                super.discard(i.connection);
            }
        }

        @Override
        void release(Connection c) {
            try {
                if (c.isClosed()) {
                    return;
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                discard(c);
                return;
            }
            synchronized (idle) {
                if (!closed && idle.size() < MAX_IDLE) {
                    idle.addLast(new Idle(c, System.nanoTime()));
                    return;
                }
            }
            discard(c);
        }

        @Override
        void close() {
            synchronized (idle) {
                closed = true;
                idle.forEach(i -> discard(i.connection));
                idle.clear();
            }
        }
    }
}
