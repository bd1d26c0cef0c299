package com.companyos.agent.store;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small read-through cache for the data path's per-request lookups (tenant directory, token hashes). Entries live
 * {@code ttl} at most, which bounds staleness across agent replicas sharing a regional database; this process
 * clears it on every local change, after the change commits. Empty results are never cached.
 */
public final class ShortCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;

    public ShortCache(Duration ttl, int maxEntries) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        long now = System.nanoTime();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return Optional.of(e.value());
        }
        Optional<V> loaded = load.apply(key);
        if (loaded.isPresent()) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(loaded.get(), now + ttlNanos));
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    /** Forgets everything now and, inside a transaction, once more after it commits (no stale re-read in between). */
    public void invalidate() {
        entries.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.clear();
                }
            });
        }
    }
}
