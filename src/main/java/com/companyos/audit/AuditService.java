package com.companyos.audit;

import com.companyos.audit.internal.AuditCsv;
import com.companyos.audit.internal.AuditRepository;
import com.companyos.base.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reading the audit log: search, CSV export and chain verification, for platform admins and compliance officers.
 * Exports and verifications are themselves audited.
 */
@Service
@PreAuthorize(Roles.AUDITORS)
public class AuditService {

    private final AuditRepository repository;
    private final EvidenceRecorder recorder;
    private final TransactionTemplate repeatableRead;
    private final Clock clock;

    AuditService(AuditRepository repository, EvidenceRecorder recorder, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.recorder = recorder;
        this.repeatableRead = new TransactionTemplate(transactions.getTransactionManager());
        this.repeatableRead.setIsolationLevel(Isolation.REPEATABLE_READ.value());
        this.repeatableRead.setReadOnly(true);
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<AuditEntry> search(AuditQuery query, int offset, int limit) {
        return repository.search(query, offset, Math.min(limit, 1000));
    }

    @Transactional(readOnly = true)
    public int count(AuditQuery query) {
        return repository.count(query);
    }

    @Transactional(readOnly = true)
    public List<String> actions() {
        return repository.distinctActions();
    }

    /** Writes the matching entries, oldest first, as CSV (RFC 4180) and records the export. */
    @Transactional
    public long exportCsv(AuditQuery query, OutputStream out) throws IOException {
        long rows;
        try (Stream<AuditEntry> entries = repository.stream(query)) {
            rows = AuditCsv.write(entries, out);
        }
        recorder.record(AuditEvent.of("audit.exported", "audit-log")
                .detail("rows", rows)
                .detail("filter", describe(query)));
        return rows;
    }

    /**
     * Walks the chain from the first entry in one consistent snapshot and reports the first broken link: an entry
     * whose hash does not recompute (edited), whose previous hash does not match (inserted or reordered), or a gap in
     * the sequence (deleted). The verification is recorded.
     */
    public ChainVerification verify() {
        ChainVerification result = repeatableRead.execute(status -> walkChain());
        recorder.record(AuditEvent.of(result.intact() ? "audit.chain-verified" : "audit.chain-broken", "audit-log")
                .detail("entriesChecked", result.entriesChecked())
                .detail("firstBrokenSeq", result.firstBrokenSeq())
                .reason(result.problem()));
        return result;
    }

    private ChainVerification walkChain() {
        long[] checked = {0};
        long[] expectedSeq = {1};
        String[] previousHash = {AuditChain.GENESIS};
        String[] problem = {null};
        long[] brokenAt = {-1};
        repository.walk(entry -> {
            checked[0]++;
            if (entry.seq() != expectedSeq[0]) {
                problem[0] = "entry #" + expectedSeq[0] + (entry.seq() - expectedSeq[0] == 1 ? " is" : " to #" + (entry.seq() - 1) + " are")
                        + " missing (next present is #" + entry.seq() + ")";
                brokenAt[0] = expectedSeq[0];
            } else if (!entry.prevHash().equals(previousHash[0])) {
                problem[0] = "entry #" + entry.seq() + " does not link to the entry before it (previous hash differs)";
                brokenAt[0] = entry.seq();
            } else if (!AuditChain.hash(entry).equals(entry.hash())) {
                problem[0] = "entry #" + entry.seq() + " was altered after it was written (its hash does not match its content)";
                brokenAt[0] = entry.seq();
            }
            if (problem[0] != null) {
                return false;
            }
            previousHash[0] = entry.hash();
            expectedSeq[0]++;
            return true;
        });
        return new ChainVerification(problem[0] == null, checked[0], brokenAt[0], problem[0], previousHash[0], clock.instant());
    }

    private static String describe(AuditQuery q) {
        return "actor=" + q.actor() + ", action=" + q.action() + ", target=" + q.target() + ", from=" + q.from() + ", to=" + q.to();
    }
}
