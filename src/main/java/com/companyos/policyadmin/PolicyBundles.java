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
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
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

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The platform's policy bundles per channel. On start, the bundles shipped in this build become CURRENT if a channel
 * has none yet, or PROPOSED if they differ from the current one. Proposed bundles (from a build or uploaded) are
 * validated and signed with the platform key; publishing one needs two-person approval. Agents fetch the CURRENT bundle
 * of each channel and verify its signature themselves.
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
                if (repository.find(shipped.sha256()).isPresent()) {
                    return;
                }
                boolean first = repository.current(channel).isEmpty();
                repository.insert(SignedBundle.sign(shipped, keys.platformSigningKey(), clock.instant()), first ? "CURRENT" : "PROPOSED",
                        Actor.SYSTEM, clock.instant());
                evidence.record(AuditEvent.by(Actor.SYSTEM, first ? "policy.bundle-bootstrapped" : "policy.bundle-proposed",
                        "policy:" + channel.folder()).detail("version", shipped.version()).detail("sha256", shipped.sha256()));
                log.info("Policy bundle {} {} ({}) registered as {}", channel.folder(), shipped.version(), shipped.sha256(),
                        first ? "CURRENT" : "PROPOSED (publish needs two approvals)");
            });
        }
    }

    /** The channel's current bundle as agents receive it (signed). */
    @Transactional(readOnly = true)
    public SignedBundle current(PolicyChannel channel) {
        return repository.current(channel).orElseThrow(() -> new IllegalStateException("No current bundle for " + channel));
    }

    /**
     * The channel's current bundle with its platform signature checked, as the console decides with it: a registry
     * row altered after signing is refused here exactly as the agents refuse it.
     */
    @Transactional(readOnly = true)
    public PolicyBundle verifiedCurrent(PolicyChannel channel) {
        return current(channel).verify(keys.platformSigningKey().certificate().getPublicKey());
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

    /** The files of a known bundle (policies, schema, bundle.properties). */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public Map<String, String> files(String sha256) {
        return bundle(sha256).files();
    }

    /** Validates (schema included), signs and stores a new bundle as PROPOSED. */
    @Transactional
    @PreAuthorize("hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER')")
    public BundleInfo propose(Map<String, String> files) {
        PolicyBundle bundle = PolicyBundle.of(files);
        if (repository.find(bundle.sha256()).isPresent()) {
            throw new ConflictException("This exact bundle (sha256 " + bundle.sha256() + ") is already known");
        }
        repository.list(bundle.channel()).stream().filter(b -> b.version().equals(bundle.version())).findAny().ifPresent(b -> {
            throw new ConflictException("Version " + bundle.version() + " of the " + bundle.channel().folder()
                    + " channel already exists with other content; give the new bundle a new version");
        });
        repository.insert(SignedBundle.sign(bundle, keys.platformSigningKey(), clock.instant()), "PROPOSED", Actor.current(), clock.instant());
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

    PolicyBundle bundle(String sha256) {
        return repository.find(sha256).map(b -> PolicyBundle.of(b.files())).orElseThrow(() -> new NotFoundException("No bundle " + sha256));
    }

    @Bean
    static ApprovalHandler policyPublishHandler(PolicyBundleRepository repository, EvidenceRecorder evidence, TransactionTemplate tx,
                                                Clock clock) {
        return ApprovalHandler.of(PUBLISH, "Publish policy bundle", request -> {
            String sha = sha256Of(request.payload());
            Boolean done = tx.execute(status -> {
                if (repository.info(sha).map(BundleInfo::status).orElse("").equals("CURRENT")) {
                    return false;
                }
                if (!repository.publish(sha, request.id(), clock.instant())) {
                    throw new ExecutionRefusedException("Bundle " + sha + " is no longer a proposed bundle");
                }
                BundleInfo info = repository.info(sha).orElseThrow();
                evidence.record(AuditEvent.by(request.requestedBy(), "policy.bundle-published", "policy:" + info.channel().folder())
                        .detail("version", info.version()).detail("sha256", sha).detail("approvedBy", String.join(",", request.approvers())));
                return true;
            });
            return Boolean.TRUE.equals(done) ? "Bundle " + sha + " is now current" : "Bundle " + sha + " was already current";
        });
    }
}
