package com.companyos.base.cluster;

import com.companyos.base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes a {@link ClusterEvent} on every console sharing the control-plane database. On this console it is an
 * ordinary Spring application event, published after the surrounding transaction commits (at once without one); the
 * other consoles get it by {@code NOTIFY companyos_events} sent on the same transaction's connection, so PostgreSQL
 * delivers it exactly when the fact it announces is committed (never for a rolled-back change) and
 * {@link ClusterEventListener} publishes it there. Listeners therefore stay plain {@code @EventListener}s and views do
 * not know whether a change happened here or on another console.
 */
@Component
public class ClusterEvents {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "companyos_events";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD = 7900;

    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

    /** This console's identity in notifications: it ignores its own (it has already published them locally). */
    private final String origin = UUID.randomUUID().toString();
    private final DSLContext db;
    private final ApplicationEventPublisher events;

    ClusterEvents(DSLContext db, ApplicationEventPublisher events) {
        this.db = db;
        this.events = events;
    }

    String origin() {
        return origin;
    }

    /** Tells this console (after commit) and every other console (by NOTIFY, delivered on commit). */
    public void publish(ClusterEvent event) {
        String payload = Json.write(Map.of("origin", origin, "type", event.getClass().getName(), "event", event));
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " is too large for a notification");
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // jOOQ runs on the transaction's connection: the notification is queued and sent by the commit.
            db.fetch("select pg_notify(?, ?)", CHANNEL, payload);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    events.publishEvent(event);
                }
            });
        } else {
            events.publishEvent(event);
            try {
                db.fetch("select pg_notify(?, ?)", CHANNEL, payload);
            } catch (RuntimeException e) {
                // The fact is committed already; the other consoles catch up on their views' next refresh.
                log.warn("{} not sent to the other consoles: {}", event.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** The event a notification carries, or null when it is this console's own or not a known cluster event. */
    ClusterEvent read(String payload) {
        try {
            JsonNode n = Json.mapper().readTree(payload);
            if (origin.equals(n.path("origin").asText())) {
                return null;
            }
            String type = n.path("type").asText();
            // Only the product's own event records are ever instantiated from a notification.
            if (!type.startsWith("com.companyos.")) {
                log.warn("Ignored a cluster notification of type {}", type);
                return null;
            }
            Class<?> cls = Class.forName(type, false, ClusterEvents.class.getClassLoader());
            if (!ClusterEvent.class.isAssignableFrom(cls)) {
                log.warn("Ignored a cluster notification of type {} (not a ClusterEvent)", type);
                return null;
            }
            return (ClusterEvent) Json.mapper().treeToValue(n.path("event"), cls);
        } catch (Exception e) {
            log.warn("Ignored an unreadable cluster notification: {}", e.getMessage());
            return null;
        }
    }
}
