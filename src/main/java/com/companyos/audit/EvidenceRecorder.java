package com.companyos.audit;

import com.companyos.base.Json;
import com.companyos.audit.internal.AuditRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Appends entries to the audit log. Joins the caller's transaction (or opens one): a state change and its audit entry
 * commit together or not at all. Appends are serialised by a database lock held until commit, so the chain order is
 * the commit order.
 */
@Service
public class EvidenceRecorder {

    private static final ObjectMapper JSON = Json.mapper();

    private final AuditRepository repository;
    private final Clock clock;

    EvidenceRecorder(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public AuditEntry record(AuditEvent event) {
        var head = repository.lockAndReadHead();
        long seq = head.map(h -> h.value1() + 1).orElse(1L);
        String prevHash = head.map(h -> h.value2()).orElse(AuditChain.GENESIS);
        // PostgreSQL keeps microseconds; hash exactly what will be read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String details = event.details().isEmpty() ? null : toJson(event);
        UUID id = UUID.randomUUID();
        String hash = AuditChain.hash(prevHash, seq, id, now, event.actor(), event.action(), event.target(),
                event.reason(), event.decisionId(), details);
        AuditEntry entry = new AuditEntry(seq, id, now, event.actor(), event.action(), event.target(), event.reason(),
                event.decisionId(), details, prevHash, hash);
        repository.insert(entry);
        return entry;
    }

    /**
     * Records a refusal in a transaction of its own, so it is kept even though the caller's transaction rolls back
     * when it reports the refusal (self-approval, blocked teardown, …).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public AuditEntry recordRefusal(AuditEvent event) {
        return record(event);
    }

    private static String toJson(AuditEvent event) {
        try {
            return JSON.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit details of " + event.action() + " are not serialisable", e);
        }
    }
}
