package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.base.Json;
import com.companyos.pki.Pem;
import com.companyos.pki.SpiffeId;
import com.companyos.policy.BundleVersion;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyEngine;
import com.companyos.policy.SignedBundle;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static com.companyos.agent.db.Tables.POLICY_BUNDLE_REJECTION;
import static com.companyos.agent.db.Tables.POLICY_BUNDLE_STATE;

/**
 * The policy bundles this agent decides with, one per channel. A bundle is accepted only if the platform's signature
 * over its publication statement verifies (with the platform-signing certificate, itself issued by the CompanyOS CA
 * to the platform's signing identity), the statement names this bundle's channel, version and hash, every file hashes
 * to the signed manifest, and it is newer than the bundle in force ({@link BundleVersion}: a validly signed older
 * bundle, replayed, does not roll the region back); otherwise the bundle in force stays and the refusal is recorded
 * and reported (agent health, so the Regions view shows the region DEGRADED). The bundle in force survives restarts
 * (regional database). Without a bundle, every decision is a denial; the first bundle that verifies is accepted.
 */
@Component
public class PolicyHolder {

    private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);
    /** What happened to a bundle offered to this agent. */
    public enum Outcome { ACTIVATED, UNCHANGED, REJECTED }

    /** The bundle in force in a channel. */
    public record Active(PolicyChannel channel, String version, String sha256, Instant activatedAt, PolicyEngine engine) {
    }

    /** The last bundle this agent refused, and why. */
    public record Rejection(Instant at, String channel, String version, String sha256, String reason) {
    }

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PublicKey platformKey;
    private final AtomicReference<Map<PolicyChannel, Active>> active = new AtomicReference<>(Map.of());
    private volatile Rejection lastRejection;

    PolicyHolder(DSLContext db, TransactionTemplate tx, Clock clock, AgentSettings settings,
                 @Value("${companyos.agent.tls.trusted}") Path trustedCa) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.platformKey = platformKey(settings.platformSigningCertificate(), trustedCa);
        Map<PolicyChannel, Active> loaded = new EnumMap<>(PolicyChannel.class);
        db.selectFrom(POLICY_BUNDLE_STATE).fetch().forEach(r -> {
            SignedBundle stored = new SignedBundle(r.getChannel(), r.getVersion(), r.getBundleSha256(), r.getManifest(),
                    files(r.getFiles()), r.getStatement(), r.getSignature(), "");
            try {
                PolicyBundle bundle = stored.verify(platformKey);
                loaded.put(bundle.channel(), new Active(bundle.channel(), bundle.version(), bundle.sha256(),
                        r.getActivatedAt().toInstant(), new PolicyEngine(bundle, clock)));
            } catch (IllegalArgumentException e) {
                log.error("The stored {} bundle no longer verifies ({}); waiting for a fresh one", r.getChannel(), e.getMessage());
            }
        });
        active.set(Map.copyOf(loaded));
    }

    public Optional<Active> active(PolicyChannel channel) {
        return Optional.ofNullable(active.get().get(channel));
    }

    public List<Active> all() {
        return active.get().values().stream().sorted((a, b) -> a.channel().compareTo(b.channel())).toList();
    }

    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    /**
     * Verifies and, if newer, activates a bundle; a bundle that does not verify, or is not newer than the one in force,
     * is refused and the previous one stays.
     */
    public synchronized Outcome offer(SignedBundle offered) {
        PolicyChannel channel;
        try {
            channel = PolicyChannel.of(offered.channel());
        } catch (IllegalArgumentException e) {
            return reject(offered, e.getMessage());
        }
        Active current = active.get().get(channel);
        if (current != null && current.sha256().equals(offered.sha256())) {
            clearRejection(channel);
            return Outcome.UNCHANGED;
        }
        PolicyBundle bundle;
        try {
            bundle = offered.verify(platformKey);
        } catch (IllegalArgumentException e) {
            return reject(offered, e.getMessage());
        }
        if (current != null) {
            Optional<String> older = BundleVersion.refusalToReplace(current.version(), current.sha256(), bundle.version(), bundle.sha256());
            if (older.isPresent()) {
                return reject(offered, older.get());
            }
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            db.deleteFrom(POLICY_BUNDLE_STATE).where(POLICY_BUNDLE_STATE.CHANNEL.eq(channel.folder())).execute();
            db.insertInto(POLICY_BUNDLE_STATE)
                    .set(POLICY_BUNDLE_STATE.CHANNEL, channel.folder())
                    .set(POLICY_BUNDLE_STATE.VERSION, bundle.version())
                    .set(POLICY_BUNDLE_STATE.BUNDLE_SHA256, bundle.sha256())
                    .set(POLICY_BUNDLE_STATE.MANIFEST, offered.manifest())
                    .set(POLICY_BUNDLE_STATE.FILES, Json.write(offered.files()))
                    .set(POLICY_BUNDLE_STATE.STATEMENT, offered.statement())
                    .set(POLICY_BUNDLE_STATE.SIGNATURE, offered.signature())
                    .set(POLICY_BUNDLE_STATE.ACTIVATED_AT, now.atOffset(ZoneOffset.UTC))
                    .execute();
        });
        Map<PolicyChannel, Active> next = new EnumMap<>(PolicyChannel.class);
        next.putAll(active.get());
        next.put(channel, new Active(channel, bundle.version(), bundle.sha256(), now, new PolicyEngine(bundle, clock)));
        active.set(Map.copyOf(next));
        log.info("Activated the {} policy bundle {} (sha256 {})", channel.folder(), bundle.version(), bundle.sha256());
        clearRejection(channel);
        return Outcome.ACTIVATED;
    }

    /** The control plane serves a bundle that verifies again: the refusal is history (kept in the table), not a state. */
    private void clearRejection(PolicyChannel channel) {
        Rejection r = lastRejection;
        if (r != null && channel.folder().equals(r.channel())) {
            lastRejection = null;
            log.info("The {} policy bundle served by the control plane verifies again", channel.folder());
        }
    }

    private Outcome reject(SignedBundle offered, String reason) {
        Rejection previous = lastRejection;
        if (previous != null && String.valueOf(offered.channel()).equals(previous.channel())
                && String.valueOf(offered.sha256()).equals(String.valueOf(previous.sha256())) && reason.equals(previous.reason())) {
            // Offered again at the next pull: already recorded and reported, not a new event.
            return Outcome.REJECTED;
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> db.insertInto(POLICY_BUNDLE_REJECTION)
                .set(POLICY_BUNDLE_REJECTION.REJECTED_AT, now.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE_REJECTION.CHANNEL, String.valueOf(offered.channel()))
                .set(POLICY_BUNDLE_REJECTION.VERSION, offered.version())
                .set(POLICY_BUNDLE_REJECTION.BUNDLE_SHA256, offered.sha256())
                .set(POLICY_BUNDLE_REJECTION.REASON, reason)
                .execute());
        lastRejection = new Rejection(now, offered.channel(), offered.version(), offered.sha256(), reason);
        log.error("Refused the {} policy bundle {} (sha256 {}): {}. Keeping the bundle in force.", offered.channel(),
                offered.version(), offered.sha256(), reason);
        return Outcome.REJECTED;
    }

    private static PublicKey platformKey(Path certificate, Path trustedCa) {
        X509Certificate cert = Pem.readCertificates(certificate).get(0);
        X509Certificate ca = Pem.readCertificates(trustedCa).get(0);
        try {
            cert.verify(ca.getPublicKey());
            cert.checkValidity();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The platform-signing certificate " + certificate + " is not a valid certificate of the CompanyOS CA", e);
        }
        if (!SpiffeId.of(cert).filter(id -> id.equals(SpiffeId.platformPolicySigning())).isPresent()) {
            throw new IllegalStateException(certificate + " does not name the platform's policy-signing identity");
        }
        return cert.getPublicKey();
    }

    private static Map<String, String> files(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
