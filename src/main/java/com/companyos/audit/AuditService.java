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
    private final AuditAnchors anchors;
    private final Clock clock;

    AuditService(AuditRepository repository, EvidenceRecorder recorder, AuditAnchors anchors, TransactionTemplate transactions,
                 Clock clock) {
        this.repository = repository;
        this.anchors = anchors;
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
     * Walks the chain from the first entry in one consistent snapshot, in keyset-paged reads (constant memory however
     * long the chain), and reports the first broken link: an entry whose hash does not recompute (edited), whose previous
     * hash does not match (inserted or reordered), a gap in the sequence (deleted) — or, against the latest signed anchor,
     * a chain that no longer reaches the anchored entry (truncated) or carries another hash there (rewritten). The
     * verification is recorded.
     */
    public ChainVerification verify() {
        // Read the anchor before the snapshot is taken: it names only committed entries, which the snapshot then holds.
        AuditAnchors.Latest latest = anchors.latest();
        ChainWalk walk = ChainWalk.fromGenesis(latest.problem() == null ? latest.anchor() : null);
        AuditRepository.Reads reads = repeatableRead.execute(status -> repository.walk(0, walk::test));
        walk.end();
        boolean intact = walk.intact() && latest.problem() == null;
        String problem = walk.intact() ? latest.problem() : walk.problem();
        ChainVerification result = new ChainVerification(intact, walk.checked(), walk.brokenAt(), problem,
                walk.headHash(), clock.instant(), latest.anchor(), reads.pages(), reads.largestPage());
        recorder.record(AuditEvent.of(result.intact() ? "audit.chain-verified" : "audit.chain-broken", "audit-log")
                .detail("entriesChecked", result.entriesChecked())
                .detail("firstBrokenSeq", result.firstBrokenSeq())
                .detail("anchoredSeq", latest.anchor() == null ? null : latest.anchor().seq())
                .reason(result.problem()));
        return result;
    }

    /** Anchors the chain's head now (see {@link AuditAnchors#anchor}) and records it. */
    public AuditAnchors.Anchoring anchorNow() {
        AuditAnchors.Anchoring result = anchors.anchor();
        if (result.problem() != null) {
            recorder.record(AuditEvent.of("audit.chain-anchor-refused", "audit-log").reason(result.problem()));
        } else {
            recorder.record(AuditEvent.of("audit.chain-anchored", "audit-log")
                    .detail("seq", result.anchor() == null ? null : result.anchor().seq())
                    .detail("headHash", result.anchor() == null ? null : result.anchor().headHash())
                    .detail("taken", result.taken())
                    .detail("file", anchors.location()));
        }
        return result;
    }

    /** Where the anchors are kept. */
    public String anchorLocation() {
        return anchors.location();
    }

    private static String describe(AuditQuery q) {
        return "actor=" + q.actor() + ", action=" + q.action() + ", target=" + q.target() + ", from=" + q.from() + ", to=" + q.to();
    }
}
