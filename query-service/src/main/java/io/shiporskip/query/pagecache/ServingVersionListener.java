package io.shiporskip.query.pagecache;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a {@link PageCache} told of every serving-version change, on one dedicated connection (not from the pool: it
 * is held for the life of the service) that LISTENs on {@code shiporskip_read_model}. The projector's transactions
 * NOTIFY there when they commit. Whenever the connection fails the cache stops serving at once, and serves again only
 * after a new connection is listening and has read the version (so nothing committed while it was away is missed).
 * It also re-reads the version every {@code recheck} without notifications: that is how a connection that silently
 * died is found (its query fails within the socket timeout), and a safety net besides.
 */
final class ServingVersionListener implements Runnable {

    static final String CHANNEL = "shiporskip_read_model";

    /** Opens a new connection to the read-model database; may throw while the database is away. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(ServingVersionListener.class);
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ConnectionSource connections;
    private final PageCache cache;
    private final Duration recheck;
    private volatile boolean running = true;
    private volatile Connection current;

    ServingVersionListener(ConnectionSource connections, PageCache cache, Duration recheck) {
        this.connections = connections;
        this.cache = cache;
        this.recheck = recheck;
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (Connection c = connections.open()) {
                current = c;
                listen(c);
                backoff = Duration.ofMillis(200);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Page cache off: not listening for read-model changes ({}); retrying in {} ms",
                            e.getMessage(), backoff.toMillis());
                }
            } finally {
                cache.lost();
                current = null;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    void stop() {
        running = false;
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the loop ends either way
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        // LISTEN is in effect: every commit from here on is announced; the version read now covers those before
        cache.listening(version(c));
        log.info("Page cache on: listening for read-model changes at version {}", cache.knownVersion());
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications((int) WAIT.toMillis());
            if (notifications != null && notifications.length > 0) {
                announce(notifications, c);
            }
            if (System.nanoTime() - lastCheck > recheck.toNanos()) {
                cache.confirmed(version(c));
                lastCheck = System.nanoTime();
            }
        }
    }

    private static long version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM read_model.serving_version WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("read_model.serving_version has no row");
            }
            return rs.getLong(1);
        }
    }

    /**
     * One wake-up's notifications, as one announcement: the newest version, and the subjects changed, or everything if
     * any of them named no subject (a generation switch). One the listener cannot read: the table's version, for
     * everything, instead of a guess.
     */
    private void announce(PGNotification[] notifications, Connection c) throws SQLException {
        long newest = -1;
        boolean everything = false;
        Set<String> subjects = new HashSet<>();
        for (PGNotification n : notifications) {
            Announcement announcement = Announcement.parse(n.getParameter());
            if (announcement == null) {
                cache.announced(version(c));
                return;
            }
            newest = Math.max(newest, announcement.version());
            if (announcement.subject() == null) {
                everything = true;
            } else {
                subjects.add(announcement.subject());
            }
        }
        if (everything) {
            cache.announced(newest);
        } else {
            cache.announced(newest, subjects);
        }
    }

    /** {@code <version>} or {@code <version> <subject>} (db/migration V9 in the projector). */
    record Announcement(long version, String subject) {
        static Announcement parse(String payload) {
            if (payload == null) {
                return null;
            }
            int space = payload.indexOf(' ');
            try {
                long version = Long.parseLong(space < 0 ? payload : payload.substring(0, space));
                String subject = space < 0 ? null : payload.substring(space + 1);
                return subject != null && subject.isEmpty() ? null : new Announcement(version, subject);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
