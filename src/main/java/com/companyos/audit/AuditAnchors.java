package com.companyos.audit;

import com.companyos.audit.internal.AnchorFile;
import com.companyos.audit.internal.AuditRepository;
import com.companyos.pki.SigningKey;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed checkpoints of the audit chain's head, kept outside the database in an append-only file (one JSON line per
 * anchor, forced to disk), so that removing the newest entries or rewriting the chain consistently — which a database
 * superuser could do without breaking a single link — no longer goes unnoticed: the chain must still reach the latest
 * anchor and carry its hash there. An anchor is taken only after checking that what was appended since the previous
 * anchor links onto it, so each anchor vouches for the one before; checking costs what was appended, not the whole chain.
 */
@Service
@EnableConfigurationProperties(AuditAnchorSettings.class)
public class AuditAnchors {

    /** The latest anchor as read from the file, or why it cannot be believed; both null when none was taken yet. */
    public record Latest(ChainAnchor anchor, String problem) {

        public boolean none() {
            return anchor == null && problem == null;
        }
    }

    /** The outcome of anchoring: the anchor now latest, whether this call took it, and why not when the chain is broken. */
    public record Anchoring(ChainAnchor anchor, boolean taken, String problem) {
    }

    private final AuditRepository repository;
    private final AuditAnchorKey key;
    private final AnchorFile file;
    private final TransactionTemplate repeatableRead;
    private final Clock clock;

    AuditAnchors(AuditRepository repository, AuditAnchorKey key, AuditAnchorSettings settings, TransactionTemplate transactions,
                 Clock clock) {
        this.repository = repository;
        this.key = key;
        this.file = new AnchorFile(settings.file());
        this.repeatableRead = new TransactionTemplate(transactions.getTransactionManager());
        this.repeatableRead.setIsolationLevel(Isolation.REPEATABLE_READ.value());
        this.repeatableRead.setReadOnly(true);
        this.clock = clock;
    }

    /** Where the anchors are kept (shown to people, so they know what to copy or compare). */
    public String location() {
        return file.path().toAbsolutePath().toString();
    }

    /** The latest anchor, its signature checked with the control plane's key. */
    public Latest latest() {
        Optional<String> line = file.last();
        if (line.isEmpty()) {
            return new Latest(null, null);
        }
        ChainAnchor anchor;
        try {
            anchor = ChainAnchor.parse(line.get());
        } catch (IllegalArgumentException e) {
            return new Latest(null, "the last line of the anchor file " + location() + " is not an anchor (" + e.getMessage() + ")");
        }
        SigningKey signer = key.anchorSigningKey();
        if (!anchor.keyId().equals(signer.keyId())) {
            return new Latest(anchor, "the latest anchor was signed by key " + anchor.keyId() + ", not the control plane's current key "
                    + signer.keyId() + ": check it with that key's certificate, then take a new anchor");
        }
        boolean signed;
        try {
            signed = SigningKey.verify(signer.certificate().getPublicKey(), anchor.body().getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(anchor.signature()));
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed || !ChainAnchor.AUDIT_CHAIN.equals(anchor.chain())) {
            return new Latest(anchor, "the latest anchor in " + location() + " does not verify with the control plane's key: "
                    + "the anchor file was altered");
        }
        return new Latest(anchor, null);
    }

    /**
     * Anchors the chain's current head, unless it is the latest anchor's already. Refused (nothing written) when the
     * latest anchor does not verify or the chain since it is broken: an anchor must never vouch for a damaged chain.
     */
    public synchronized Anchoring anchor() {
        Latest latest = latest();
        if (latest.problem() != null) {
            return new Anchoring(latest.anchor(), false, latest.problem());
        }
        ChainWalk walk = latest.none() ? ChainWalk.fromGenesis(null) : ChainWalk.fromAnchor(latest.anchor());
        repeatableRead.executeWithoutResult(status -> repository.walk(walk.readAfter(), walk::test));
        walk.end();
        if (!walk.intact()) {
            return new Anchoring(latest.anchor(), false, walk.problem());
        }
        if (walk.headSeq() == 0 || (!latest.none() && walk.headSeq() == latest.anchor().seq())) {
            return new Anchoring(latest.anchor(), false, null); // nothing new to anchor
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SigningKey.SignedJson signed = key.anchorSigningKey()
                .signJson(ChainAnchor.fields(ChainAnchor.AUDIT_CHAIN, walk.headSeq(), walk.headHash(), now));
        ChainAnchor anchor = new ChainAnchor(ChainAnchor.AUDIT_CHAIN, walk.headSeq(), walk.headHash(), now, signed.body(),
                signed.signature(), signed.keyId());
        file.append(anchor.line());
        return new Anchoring(anchor, true, null);
    }
}
