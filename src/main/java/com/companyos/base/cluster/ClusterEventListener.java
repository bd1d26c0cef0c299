package com.companyos.base.cluster;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * This console's one listening connection: {@code LISTEN companyos_events}, and every other console's
 * {@link ClusterEvent} republished here as a Spring event. The connection is taken from the pool and held while the
 * console runs; when it breaks (database restart, failover of a managed PostgreSQL) it is replaced, waiting one second
 * longer after each failure up to 30 s. Notifications sent while no connection listened are lost: views catch up on
 * their next refresh or page load (every count they show is read from the database, never from the event).
 */
@Component
public class ClusterEventListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final ClusterEvents cluster;
    private final ApplicationEventPublisher events;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Thread thread;

    ClusterEventListener(DataSource dataSource, ClusterEvents cluster, ApplicationEventPublisher events) {
        this.dataSource = dataSource;
        this.cluster = cluster;
        this.events = events;
    }

    /** Whether the listening connection is up (a readiness fact: without it other consoles' changes arrive late). */
    public boolean listening() {
        return listening;
    }

    private void loop() {
        long backoff = 1000;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + ClusterEvents.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                backoff = 1000;
                log.debug("Listening for other consoles' events on {}", ClusterEvents.CHANNEL);
                long lastAsked = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            deliver(n.getParameter());
                        }
                    }
                    if (System.nanoTime() - lastAsked > KEEPALIVE.toNanos()) {
                        // A quiet connection that died unnoticed (no FIN from a failed-over server) throws here.
                        try (Statement s = c.createStatement()) {
                            s.execute("select 1");
                        }
                        lastAsked = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn("The cluster event connection failed ({}); reconnecting in {} ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff + 1000, MAX_BACKOFF.toMillis());
            } finally {
                listening = false;
            }
        }
    }

    private void deliver(String payload) {
        ClusterEvent event = cluster.read(payload);
        if (event == null) {
            return;
        }
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.debug("A listener of {} failed", event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "cluster-events");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
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
