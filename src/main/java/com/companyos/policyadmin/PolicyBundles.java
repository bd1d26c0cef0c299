package com.companyos.policyadmin;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSubmission;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.Json;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.SigningKey;
import com.companyos.policy.BundleVersion;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PublicationStatement;
import com.companyos.policy.SignedBundle;
import com.companyos.policyadmin.internal.PolicyBundleRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The platform's policy bundles per channel. On start, the bundles shipped in this build become CURRENT if a channel
 * has none yet, or PROPOSED if they are newer than the current one. Proposed bundles (from a build or uploaded) are
 * validated and stored unsigned; publishing one needs two-person approval, and only the approval's execution signs it
 * with the platform key, over a {@link PublicationStatement} (channel, version, hash, approval request, time). A bundle
 * is published only over an older one ({@link BundleVersion}): agents refuse to go back. Agents fetch the CURRENT
 * bundle of each channel and verify its signature themselves.
 */
@Service
public class PolicyBundles implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PolicyBundles.class);
    static final String PUBLISH = "policy.publish";

    private final PolicyBundleRepository repository;
    private final ControlPlaneKeys keys;
    private final ApprovalService approvals;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;

    PolicyBundles(PolicyBundleRepository repository, ControlPlaneKeys keys, ApprovalService approvals, EvidenceRecorder evidence,
                  TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.approvals = approvals;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        for (PolicyChannel channel : PolicyChannel.values()) {
            PolicyBundle shipped = PolicyBundle.fromClasspath(channel);
            tx.executeWithoutResult(status -> {
                attestPublishedBeforeStatements(channel);
                if (repository.find(shipped.sha256()).isPresent()) {
                    return;
                }
                Optional<SignedBundle> current = repository.current(channel);
                if (current.isEmpty()) {
                    repository.insertCurrent(SignedBundle.publish(shipped, PublicationStatement.bootstrap(shipped, clock.instant()),
                            keys.platformSigningKey()), Actor.SYSTEM, clock.instant());
                    evidence.record(AuditEvent.by(Actor.SYSTEM, "policy.bundle-bootstrapped", "policy:" + channel.folder())
                            .detail("version", shipped.version()).detail("sha256", shipped.sha256()));
                    log.info("Policy bundle {} {} ({}) is the channel's first bundle: CURRENT", channel.folder(), shipped.version(),
                            shipped.sha256());
                    return;
                }
                Optional<String> problem = notProposable(shipped);
                if (problem.isPresent()) {
                    log.warn("The {} policy bundle shipped in this build ({}, sha256 {}) is not proposed: {}", channel.folder(),
                            shipped.version(), shipped.sha256(), problem.get());
                    return;
                }
                repository.insertProposed(shipped, Actor.SYSTEM, clock.instant());
                evidence.record(AuditEvent.by(Actor.SYSTEM, "policy.bundle-proposed", "policy:" + channel.folder())
                        .detail("version", shipped.version()).detail("sha256", shipped.sha256()));
                log.info("Policy bundle {} {} ({}) registered as PROPOSED (publish needs two approvals)", channel.folder(),
                        shipped.version(), shipped.sha256());
            });
        }
    }

    /**
     * A bundle put in force before publication statements existed carries the platform's signature over its manifest
     * only, which agents no longer accept. If that signature verifies (only published bundles kept one: the migration
     * dropped proposals' signatures), the platform signs its publication statement, naming the approval that
     * published it.
     */
    void attestPublishedBeforeStatements(PolicyChannel channel) {
        repository.currentWithoutStatement(channel).ifPresent(row -> {
            SigningKey key = keys.platformSigningKey();
            byte[] legacy;
            try {
                legacy = Base64.getDecoder().decode(row.getSignature() == null ? "" : row.getSignature());
            } catch (IllegalArgumentException e) {
                legacy = new byte[0];
            }
            if (!SigningKey.verify(key.certificate().getPublicKey(), row.getManifest().getBytes(StandardCharsets.UTF_8), legacy)) {
                log.error("The current {} policy bundle {} has neither a publication statement nor a valid manifest signature;"
                        + " agents refuse it. Publish a new version through approval.", channel.folder(), row.getVersion());
                return;
            }
            PolicyBundle bundle = bundle(row.getBundleSha256());
            Instant publishedAt = row.getPublishedAt() == null ? clock.instant() : row.getPublishedAt().toInstant();
            PublicationStatement statement = row.getApprovalRequestId() == null ? PublicationStatement.bootstrap(bundle, publishedAt)
                    : PublicationStatement.approved(bundle, row.getApprovalRequestId(), publishedAt);
            repository.attest(SignedBundle.publish(bundle, statement, key));
            evidence.record(AuditEvent.by(Actor.SYSTEM, "policy.bundle-attested", "policy:" + channel.folder())
                    .detail("version", bundle.version()).detail("sha256", bundle.sha256()).detail("approval", statement.approval()));
            log.info("Signed the publication statement of the current {} policy bundle {} (published before statements existed)",
                    channel.folder(), bundle.version());
        });
    }

    /** The channel's current bundle as agents receive it (signed). */
    @Transactional(readOnly = true)
    public SignedBundle current(PolicyChannel channel) {
        return repository.current(channel).orElseThrow(() -> new IllegalStateException("No current bundle for " + channel));
    }

    /**
     * The channel's current bundle with its platform signature checked, as the console decides with it: a registry
     * row altered after signing is refused here exactly as the agents refuse it, and so is one whose signed statement
     * names another approval than the registry row.
     */
    @Transactional(readOnly = true)
    public PolicyBundle verifiedCurrent(PolicyChannel channel) {
        SignedBundle current = current(channel);
        PolicyBundle bundle = current.verify(keys.platformSigningKey().certificate().getPublicKey());
        Optional<UUID> recorded = repository.info(current.sha256()).map(BundleInfo::approvalRequestId);
        if (!current.publication().approvalRequestId().equals(recorded)) {
            throw new IllegalArgumentException("The bundle's signed publication names approval " + current.publication().approval()
                    + ", the registry " + recorded.map(UUID::toString).orElse("none"));
        }
        return bundle;
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<BundleInfo> list(PolicyChannel channel) {
        return repository.list(channel);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<BundleDiff.FileChange> diff(String fromSha, String toSha) {
        return BundleDiff.between(bundle(fromSha), bundle(toSha));
    }

    /**
     * A known bundle by its hash, as the system's own checks read it (the release scorecard runs its policy matrix on
     * the bundle a release was registered with); no person's authority, so nothing but the bundle leaves here.
     */
    @Transactional(readOnly = true)
    public Optional<PolicyBundle> bundleForChecks(String sha256) {
        return repository.find(sha256).map(b -> PolicyBundle.of(b.files()));
    }

    /** The files of a known bundle (policies, schema, bundle.properties). */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public Map<String, String> files(String sha256) {
        return bundle(sha256).files();
    }

    /**
     * Validates (schema included) and stores a new bundle as PROPOSED, unsigned: it is signed only when its
     * publication is approved. Its version must be newer than the current one's.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER')")
    public BundleInfo propose(Map<String, String> files) {
        PolicyBundle bundle = PolicyBundle.of(files);
        if (repository.find(bundle.sha256()).isPresent()) {
            throw new ConflictException("This exact bundle (sha256 " + bundle.sha256() + ") is already known");
        }
        notProposable(bundle).ifPresent(problem -> {
            throw new ConflictException(problem);
        });
        repository.insertProposed(bundle, Actor.current(), clock.instant());
        evidence.record(AuditEvent.of("policy.bundle-proposed", "policy:" + bundle.channel().folder())
                .detail("version", bundle.version()).detail("sha256", bundle.sha256()));
        return repository.info(bundle.sha256()).orElseThrow();
    }

    /** Asks two compliance officers to publish a proposed bundle; the preview shows the diff against the current one. */
    @PreAuthorize("hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER')")
    public UUID requestPublish(String sha256, String reason) {
        BundleInfo info = repository.info(sha256).orElseThrow(() -> new NotFoundException("No bundle " + sha256));
        if (!"PROPOSED".equals(info.status())) {
            throw new ConflictException("Only a proposed bundle can be published; this one is " + info.status());
        }
        SignedBundle current = current(info.channel());
        notNewer(info.version(), current).ifPresent(problem -> {
            throw new ConflictException(problem);
        });
        String preview = "Publish the " + info.channel().folder() + " policy bundle " + info.version() + " (sha256 " + sha256 + ")\n"
                + "replacing " + current.version() + " (sha256 " + current.sha256() + ").\n"
                + "Every agent fetches it, verifies the platform signature and decides with it from then on.\n\nChanges:\n"
                + BundleDiff.between(bundle(current.sha256()), bundle(sha256)).stream()
                .map(c -> "  " + c.change() + " " + c.file() + (c.lines().isEmpty() ? "" : "\n" + c.lines().stream()
                        .filter(l -> !l.startsWith("  ")).map(l -> "      " + l).collect(Collectors.joining("\n"))))
                .collect(Collectors.joining("\n"));
        return approvals.submit(new ApprovalSubmission(PUBLISH, "policy:" + info.channel().folder(),
                "{\"sha256\":\"" + sha256 + "\"}", preview, reason)).id();
    }

    private static String sha256Of(String payload) {
        try {
            return Json.mapper().readTree(payload).path("sha256").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ExecutionRefusedException("Unreadable publish request: " + e.getOriginalMessage());
        }
    }

    /** Why {@code bundle} cannot be proposed: a version that exists already, or one not newer than the current one. */
    private Optional<String> notProposable(PolicyBundle bundle) {
        Optional<String> taken = repository.list(bundle.channel()).stream()
                .filter(b -> BundleVersion.compare(b.version(), bundle.version()) == 0).findAny()
                .map(b -> "Version " + bundle.version() + " of the " + bundle.channel().folder() + " channel already exists with"
                        + " other content; give the new bundle a new version");
        return taken.isPresent() ? taken : repository.current(bundle.channel()).flatMap(current -> notNewer(bundle.version(), current));
    }

    private static Optional<String> notNewer(String version, SignedBundle current) {
        return BundleVersion.compare(version, current.version()) > 0 ? Optional.empty()
                : Optional.of("Version " + version + " is not newer than " + current.version() + ", the current " + current.channel()
                + " bundle: regions never go back to an older version. To roll back, propose the old content under a new version");
    }

    PolicyBundle bundle(String sha256) {
        return repository.find(sha256).map(b -> PolicyBundle.of(b.files())).orElseThrow(() -> new NotFoundException("No bundle " + sha256));
    }

    @Bean
    static ApprovalHandler policyPublishHandler(PolicyBundleRepository repository, ControlPlaneKeys keys, EvidenceRecorder evidence,
                                                TransactionTemplate tx, Clock clock) {
        return ApprovalHandler.of(PUBLISH, "Publish policy bundle", request -> {
            String sha = sha256Of(request.payload());
            Boolean done = tx.execute(status -> {
                if (repository.info(sha).map(BundleInfo::status).orElse("").equals("CURRENT")) {
                    return false;
                }
                PolicyBundle bundle = repository.lockProposed(sha)
                        .orElseThrow(() -> new ExecutionRefusedException("Bundle " + sha + " is no longer a proposed bundle"));
                repository.current(bundle.channel()).flatMap(current -> notNewer(bundle.version(), current)).ifPresent(problem -> {
                    throw new ExecutionRefusedException(problem);
                });
                // The one place a bundle is signed: its publication, approved by two people, is what the signature states.
                Instant now = clock.instant();
                SignedBundle signed = SignedBundle.publish(bundle, PublicationStatement.approved(bundle, request.id(), now),
                        keys.platformSigningKey());
                repository.publish(signed, request.id(), now);
                evidence.record(AuditEvent.by(request.requestedBy(), "policy.bundle-published", "policy:" + bundle.channel().folder())
                        .detail("version", bundle.version()).detail("sha256", sha).detail("approvedBy", String.join(",", request.approvers()))
                        .detail("keyId", signed.keyId()));
                return true;
            });
            return Boolean.TRUE.equals(done) ? "Bundle " + sha + " is now current" : "Bundle " + sha + " was already current";
        });
    }
}
