package com.companyos.agent.data;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests the data port's door refused before anyone was authenticated (no token, an unknown token, a token of
 * another tenant): counted per reason in memory and added to {@code door_refusal} (one row per hour and reason) every
 * few seconds, so a flood of them costs one upsert per reason, never a decision and a receipt each. And a limit per
 * client address: an address refused more than {@code companyos.agent.refusals-per-minute} times in the current minute
 * is answered 429 before the door looks anything up. Only refusals count, so a well-behaved application is never
 * limited. Bounded: at most {@link #MAX_ADDRESSES} addresses are tracked per minute (beyond that, the minute's
 * limit applies to all of them together).
 */
@Component
public class DoorRefusals implements DisposableBean {

    static final int MAX_ADDRESSES = 10_000;
    private static final String OVERFLOW = "(other addresses)";
    private static final Logger log = LoggerFactory.getLogger(DoorRefusals.class);

    private final DSLContext db;
    private final Clock clock;
    private final int perMinute;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    private volatile long minute;
    private volatile Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "door-refusals");
        t.setDaemon(true);
        return t;
    });

    DoorRefusals(DSLContext db, Clock clock, @Value("${companyos.agent.refusals-per-minute:120}") int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("companyos.agent.refusals-per-minute must be at least 1; got " + perMinute);
        }
        this.db = db;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Whether {@code address} may still be heard this minute (it has not been refused too often). */
    public boolean admits(String address) {
        AtomicInteger n = window().get(key(address));
        return n == null || n.get() < perMinute;
    }

    /** Seconds until the current minute ends (the Retry-After of a 429). */
    public long retryAfterSeconds() {
        Instant now = clock.instant();
        return Math.max(1, 60 - now.atZone(ZoneOffset.UTC).getSecond());
    }

    /** Counts one refusal of {@code address} for {@code reason} (e.g. {@code no-token}, {@code unknown-token}). */
    public void refused(String address, String reason) {
        pending.computeIfAbsent(reason, r -> new LongAdder()).increment();
        Map<String, AtomicInteger> w = window();
        String key = w.size() >= MAX_ADDRESSES && !w.containsKey(address) ? OVERFLOW : key(address);
        w.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private String key(String address) {
        return address == null ? OVERFLOW : address;
    }

    private Map<String, AtomicInteger> window() {
        long now = clock.millis() / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    byAddress = new ConcurrentHashMap<>();
                    minute = now;
                }
            }
        }
        return byAddress;
    }

    /** Adds what was counted since the last flush to {@code door_refusal}; returns how many refusals it added. */
    public long flush() {
        long added = 0;
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                try {
                    db.execute("insert into door_refusal (hour, reason, refusals) values (?::timestamptz, ?, ?) "
                            + "on conflict (hour, reason) do update set refusals = door_refusal.refusals + excluded.refusals",
                            hour.atOffset(ZoneOffset.UTC), e.getKey(), n);
                } catch (RuntimeException failed) {
                    e.getValue().add(n); // kept for the next flush
                    throw failed;
                }
                added += n;
            }
        }
        return added;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Recording refused data-port requests failed; the counts are kept for the next try: {}", e.getMessage());
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not record the last refused data-port requests: {}", e.getMessage());
        }
    }
}
