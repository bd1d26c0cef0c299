package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.Destinations;
import com.companyos.agent.decisions.DecisionAnchors;
import com.companyos.agent.decisions.EvidenceQueries;
import com.companyos.agent.decisions.ProofBundles;
import com.companyos.agent.decisions.ReceiptRollups;
import com.companyos.agent.decisions.ReceiptSigner;
import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agent.tenancy.TenantLookup;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.AnchorRequest;
import com.companyos.agentapi.control.ChainAnchoring;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.DecisionRollup;
import com.companyos.agentapi.control.DestinationInfo;
import com.companyos.agentapi.control.DirectoryEntry;
import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.agentapi.control.ProofBundleRequest;
import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.agentapi.control.SigningCertificate;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.pki.Pem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * For the control plane (mutual TLS): where tenants live (the directory), and this region's evidence — receipts,
 * decisions, hourly summaries, the decision chain's integrity, proof bundles and the registered destinations. Metadata only: no record payload ever leaves here.
 */
@RestController
class EvidenceController {

    private final EvidenceQueries evidence;
    private final TenantLookup tenants;
    private final ProofBundles bundles;
    private final Destinations destinations;
    private final ReceiptSigner signer;
    private final AgentSettings settings;
    private final ReceiptRollups rollups;
    private final DecisionAnchors anchors;

    EvidenceController(EvidenceQueries evidence, TenantLookup tenants, ProofBundles bundles, Destinations destinations,
                       ReceiptSigner signer, AgentSettings settings, ReceiptRollups rollups, DecisionAnchors anchors) {
        this.anchors = anchors;
        this.rollups = rollups;
        this.signer = signer;
        this.settings = settings;
        this.destinations = destinations;
        this.evidence = evidence;
        this.tenants = tenants;
        this.bundles = bundles;
    }

    @PutMapping(AgentPaths.DIRECTORY)
    ResponseEntity<Void> put(@PathVariable UUID tenantId, @RequestBody DirectoryEntry entry, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        if (entry == null || !tenantId.toString().equals(entry.tenantId())) {
            throw new IllegalArgumentException("The directory entry must be for tenant " + tenantId);
        }
        tenants.put(entry);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(AgentPaths.DIRECTORY_ALL)
    ResponseEntity<Void> replaceAll(@RequestBody List<DirectoryEntry> entries, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        if (entries == null) {
            throw new IllegalArgumentException("The directory is a JSON list of entries");
        }
        tenants.replaceAll(entries);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(AgentPaths.SIGNING_CERTIFICATE)
    SigningCertificate signingCertificate(HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return new SigningCertificate(settings.region().value(), signer.key().keyId(),
                signer.key().chain().stream().map(Pem::encode).collect(java.util.stream.Collectors.joining()));
    }

    @GetMapping(AgentPaths.DESTINATIONS)
    List<DestinationInfo> destinations(HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return destinations.destinations().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new DestinationInfo(e.getKey(), e.getValue().zone().name(), e.getValue().url().getScheme()))
                .toList();
    }

    @DeleteMapping(AgentPaths.DIRECTORY)
    ResponseEntity<Void> remove(@PathVariable UUID tenantId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        tenants.remove(tenantId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(AgentPaths.RECEIPT)
    ResponseEntity<SignedReceipt> receipt(@PathVariable UUID receiptId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return ResponseEntity.of(evidence.receipt(receiptId));
    }

    @GetMapping(AgentPaths.DECISION_SUMMARY)
    List<DecisionBucket> summary(@RequestParam Instant from, @RequestParam Instant to,
                                         @RequestParam(required = false) String tenant, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return evidence.summary(from, to, tenant);
    }

    @GetMapping(AgentPaths.DECISION_ROLLUP)
    DecisionRollup rollup(@RequestParam long afterSeq, @RequestParam(defaultValue = "50000") int limit, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return evidence.rollup(afterSeq, limit);
    }

    @GetMapping(AgentPaths.DECISIONS)
    List<DecisionRecord> decisions(@RequestParam Instant from, @RequestParam Instant to,
                                             @RequestParam(required = false) Boolean allowed, @RequestParam(required = false) String tenant,
                                             @RequestParam(defaultValue = "200") int limit, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return evidence.decisions(from, to, allowed, tenant, limit);
    }

    /** A tenant's receipt counts and Merkle roots in a period, from the hourly rollups (the Trust Report's residency proofs). */
    @GetMapping(AgentPaths.RESIDENCY_FACTS)
    ResidencyFacts residencyFacts(@RequestParam String tenant, @RequestParam(required = false) String channel,
                                  @RequestParam Instant from, @RequestParam Instant to, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return rollups.facts(tenant, channel, from, to);
    }

    @GetMapping(AgentPaths.DECISION_CHAIN)
    ChainCheck verify(@RequestParam(defaultValue = "0") long anchorSeq, @RequestParam(required = false) String anchorHash,
                      HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return evidence.verifyChain(anchorSeq, anchorHash);
    }

    @PostMapping(AgentPaths.DECISION_CHAIN_ANCHOR)
    ChainAnchoring anchor(@RequestBody AnchorRequest body, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return anchors.anchor(body);
    }

    @GetMapping(AgentPaths.DECISION)
    ResponseEntity<DecisionRecord> decision(@PathVariable UUID decisionId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return ResponseEntity.of(evidence.decision(decisionId));
    }

    @PostMapping(AgentPaths.PROOF_BUNDLES)
    ResponseEntity<ProofBundleJob> startBundle(@PathVariable UUID tenantId, @RequestBody ProofBundleRequest body,
                                               HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        var tenant = tenants.byId(tenantId).orElseThrow(() -> new NoSuchElementException("No tenant " + tenantId + " known here"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(bundles.start(tenant, body));
    }

    @GetMapping(AgentPaths.PROOF_BUNDLE)
    ResponseEntity<ProofBundleJob> bundleJob(@PathVariable UUID tenantId, @PathVariable UUID jobId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return ResponseEntity.of(bundles.job(jobId).filter(j -> j.tenantId().equals(tenantId.toString())));
    }

    /**
     * Builds the bundle into the response as it streams (chunked: its size and SHA-256 are known only at the end, and
     * the job records them); a second build of the same tenant while one runs is answered 429.
     */
    @GetMapping(AgentPaths.PROOF_BUNDLE_CONTENT)
    void bundleContent(@PathVariable UUID tenantId, @PathVariable UUID jobId, HttpServletRequest request,
                       HttpServletResponse response) throws IOException {
        PeerIdentityFilter.requireControlPlane(request);
        var tenant = tenants.byId(tenantId).orElseThrow(() -> new NoSuchElementException("No tenant " + tenantId + " known here"));
        var job = bundles.claim(tenantId, jobId);
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + job.tenant() + "-residency-proof-" + jobId + ".zip\"");
        bundles.write(job, tenant, response.getOutputStream());
    }
}
