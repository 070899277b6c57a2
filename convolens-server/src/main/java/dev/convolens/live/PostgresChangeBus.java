package dev.convolens.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several instances on one PostgreSQL database: a change is sent with NOTIFY through the pool and received by every
 * instance (this one too) on a connection of its own that only LISTENs, so that waiting for notifications never holds
 * a pooled connection. After the listening connection is lost and re-made, notifications sent meanwhile are gone, so
 * {@code onReconnect} lets the publisher refresh every tenant it serves.
 */
final class PostgresChangeBus implements ChangeBus, SmartLifecycle {
    static final String CHANNEL = "convolens_live";
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeBus.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Below PostgreSQL's 8000-byte NOTIFY payload limit; tenant ids are ASCII, so characters are bytes. */
    static final int MAX_PAYLOAD = 7_500;

    private final JdbcTemplate jdbc;
    private final String url, username, password;
    private final List<Consumer<TenantChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    PostgresChangeBus(JdbcTemplate jdbc, String url, String username, String password) {
        this.jdbc = jdbc;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /**
     * One NOTIFY carries as many changes as fit (one per line): with many busy tenants a round is a few notifications,
     * not one per tenant. PostgreSQL's payload limit is 8000 bytes.
     */
    @Override
    public void announce(Collection<TenantChange> changes) {
        StringBuilder payload = new StringBuilder();
        for (TenantChange change : changes) {
            String line = change.encode();
            if (payload.length() > 0 && payload.length() + 1 + line.length() > MAX_PAYLOAD) {
                notify(payload.toString());
                payload.setLength(0);
            }
            if (payload.length() > 0) payload.append('\n');
            payload.append(line);
        }
        if (payload.length() > 0) notify(payload.toString());
    }

    private void notify(String payload) {
        jdbc.query("SELECT pg_notify(?, ?)", rs -> {}, CHANNEL, payload);
    }

    @Override
    public void subscribe(Consumer<TenantChange> listener) {
        listeners.add(listener);
    }

    void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public boolean crossesInstances() {
        return true;
    }

    private void listen() {
        long backoff = 500;
        boolean first = true;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, username, password)) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    log.info("listening for live changes again");
                    reconnectListeners.forEach(Runnable::run);
                }
                first = false;
                backoff = 500;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(500);
                    if (received == null) continue;
                    for (PGNotification n : received) {
                        for (String line : n.getParameter().split("\n")) dispatch(line);
                    }
                }
            } catch (SQLException e) {
                if (!running) return;
                first = false;
                log.warn("lost the live-changes connection ({}); retrying in {} ms", e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } finally {
                connection = null;
            }
        }
    }

    private void dispatch(String payload) {
        TenantChange change;
        try {
            change = TenantChange.decode(payload);
        } catch (RuntimeException e) {
            log.warn("ignoring a malformed live change on {}", CHANNEL);
            return;
        }
        for (Consumer<TenantChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.error("a live change listener failed for tenant {}", change.tenantId(), e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "convolens-live-listen");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                // wakes the listener out of getNotifications at once
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
