package com.companyos.residency;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Json;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.base.Roles;
import com.companyos.policyadmin.PolicyService;
import com.companyos.policyadmin.RecordedDecision;
import com.companyos.regions.AgentClient;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.residency.internal.ConsoleReceipts;
import com.companyos.residency.internal.DecisionChainAnchors;
import com.companyos.residency.internal.ReceiptVerifier;
import com.companyos.residency.internal.TenantScopes;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The regions' residency evidence, gathered for people: decisions over time by seam and region, the denials
 * ("violations prevented") and, for any one decision, its signed receipt, checked. Every region is asked in parallel;
 * a region that cannot answer is named, not left out silently. Staff see all tenants; a customer user sees only their
 * own tenant's evidence. Only metadata crosses zones here (see the proof bundles' leak classes); never record content.
 */
@Service
public class ResidencyService {

    private static final String CONTROL_PLANE = ReceiptVerifier.CONTROL_PLANE;

    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final ConsoleReceipts consoleReceipts;
    private final PolicyService policy;
    private final ReceiptVerifier verifier;
    private final TaskExecutor executor;
    private final TenantScopes scopes;
    private final DecisionChainAnchors anchors;
    private final EvidenceRecorder recorder;

    ResidencyService(RegionRegistry regions, RegionAgents agents, ConsoleReceipts consoleReceipts, PolicyService policy,
                     ReceiptVerifier verifier, TaskExecutor applicationTaskExecutor, TenantScopes scopes,
                     DecisionChainAnchors anchors, EvidenceRecorder recorder) {
        this.anchors = anchors;
        this.recorder = recorder;
        this.regions = regions;
        this.agents = agents;
        this.consoleReceipts = consoleReceipts;
        this.policy = policy;
        this.verifier = verifier;
        this.executor = applicationTaskExecutor;
        this.scopes = scopes;
    }

    /** Decisions per hour, seam, outcome and region in [from, to); {@code tenant} null for all (staff only). */
    @PreAuthorize("isAuthenticated()")
    public ResidencyOverview overview(Instant from, Instant to, String tenant) {
        TenantScopes.Scope scope = scopes.scope(tenant);
        String scoped = scope.slug();
        period(from, to);
        Instant since = scope.from(from, true);
        if (!since.isBefore(to)) {
            return new ResidencyOverview(from, to, scoped, Map.of(CONTROL_PLANE, List.of()), Map.of());
        }
        String query = "?from=" + since + "&to=" + to + (scoped == null ? "" : "&tenant=" + encode(scoped));
        Map<String, List<DecisionBucket>> byRegion = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        byRegion.put(CONTROL_PLANE, consoleReceipts.hourly(since, to, scoped).stream()
                .map(c -> new DecisionBucket(c.hour(), c.seam(), c.allowed(), c.count())).toList());
        fanOut(c -> c.getList(AgentPaths.DECISION_SUMMARY + query, DecisionBucket.class)).forEach((region, answer) -> {
            if (answer.error() == null) {
                byRegion.put(region, answer.value());
            } else {
                unavailable.put(region, answer.error());
            }
        });
        return new ResidencyOverview(from, to, scoped, byRegion, unavailable);
    }

    /**
     * Decisions in [from, to), newest first, from every region and the console's routing decisions; {@code allowed}
     * false for the denials only, null for all.
     */
    @PreAuthorize("isAuthenticated()")
    public Decisions decisions(Instant from, Instant to, Boolean allowed, String tenant, int limit) {
        TenantScopes.Scope scope = scopes.scope(tenant);
        String scoped = scope.slug();
        period(from, to);
        Instant since = scope.from(from, false);
        if (!since.isBefore(to)) {
            return new Decisions(List.of(), Map.of());
        }
        int capped = Math.max(1, Math.min(limit, 1000));
        String query = "?from=" + since + "&to=" + to + "&limit=" + capped + (allowed == null ? "" : "&allowed=" + allowed)
                + (scoped == null ? "" : "&tenant=" + encode(scoped));
        List<RegionDecision> all = new ArrayList<>(routingDecisions(since, to, allowed, scoped, capped));
        Map<String, String> unavailable = new LinkedHashMap<>();
        fanOut(c -> c.getList(AgentPaths.DECISIONS + query, DecisionRecord.class)).forEach((region, answer) -> {
            if (answer.error() == null) {
                answer.value().forEach(d -> all.add(new RegionDecision(region, d)));
            } else {
                unavailable.put(region, answer.error());
            }
        });
        all.sort(Comparator.comparing((RegionDecision d) -> d.decision().decidedAt()).reversed());
        return new Decisions(all.size() > capped ? all.subList(0, capped) : all, unavailable);
    }

    /** Decisions of several regions, and the regions that could not answer. */
    public record Decisions(List<RegionDecision> decisions, Map<String, String> unavailable) {
    }

    /** One decision with its receipt, the receipt's signature checked with the issuing region's certificate. */
    @PreAuthorize("isAuthenticated()")
    public DecisionEvidence evidence(String region, UUID decisionId) {
        DecisionRecord decision;
        Optional<SignedReceipt> receipt;
        if (CONTROL_PLANE.equals(region)) {
            receipt = consoleReceipts.forDecision(decisionId);
            decision = receipt.flatMap(r -> policy.recorded(List.of(decisionId)).stream().findFirst().map(d -> routing(d, r.receiptId())))
                    .orElseThrow(() -> new NotFoundException("No routing decision " + decisionId));
        } else {
            AgentClient client = agents.client(RegionId.of(region));
            decision = client.get(AgentPaths.DECISION.replace("{decisionId}", decisionId.toString()), DecisionRecord.class)
                    .orElseThrow(() -> new NotFoundException("No decision " + decisionId + " in " + region));
            receipt = decision.receiptId() == null ? Optional.empty()
                    : client.get(AgentPaths.RECEIPT.replace("{receiptId}", decision.receiptId()), SignedReceipt.class);
        }
        TenantScopes.Scope scope = scopes.scope(decision.tenant());
        if (scope.slug() != null && !(scope.slug().equals(decision.tenant()) && scope.covers(decision.decidedAt()))) {
            throw new NotFoundException("No decision " + decisionId);
        }
        if (receipt.isEmpty()) {
            return new DecisionEvidence(region, decision, null, false, "No receipt was found for this decision");
        }
        ReceiptVerifier.Verification v = verifier.verify(region, receipt.get());
        return new DecisionEvidence(region, decision, receipt.get(), v.verified(), v.detail());
    }

    /**
     * Walks a region's decision chain and reports the first broken link, checked against the latest anchor the console
     * keeps of it: a chain that no longer reaches the anchored decision (truncated) or carries another hash there
     * (rewritten) is broken too.
     */
    @PreAuthorize(Roles.AUDITORS)
    public ChainCheck verifyChain(String region) {
        RegionId id = RegionId.of(region);
        String query = anchors.latest(id.value()).map(a -> "?anchorSeq=" + a.seq() + "&anchorHash=" + a.headHash()).orElse("");
        return agents.client(id).get(AgentPaths.DECISION_CHAIN + query, ChainCheck.class)
                .orElseThrow(() -> new NotFoundException("The " + region + " agent has no decision chain"));
    }

    /** The latest anchor the console keeps of a region's decision chain. */
    @PreAuthorize(Roles.AUDITORS)
    public Optional<DecisionChainAnchor> latestAnchor(String region) {
        return anchors.latest(RegionId.of(region).value());
    }

    /** Anchors a region's decision chain head now (it is also done every few minutes), and records it. */
    @PreAuthorize(Roles.AUDITORS)
    public DecisionChainAnchoring anchorChain(String region) {
        DecisionChainAnchoring c = anchors.collect(RegionId.of(region).value());
        if (c.problem() != null) {
            recorder.recordRefusal(AuditEvent.of("residency.decision-chain-anchor-refused", "region:" + region).reason(c.problem()));
        } else {
            recorder.record(AuditEvent.of("residency.decision-chain-anchored", "region:" + region)
                    .detail("seq", c.anchor() == null ? null : c.anchor().seq())
                    .detail("headHash", c.anchor() == null ? null : c.anchor().headHash())
                    .detail("taken", c.taken()));
        }
        return c;
    }

    /** The regions evidence comes from, in order ({@code control-plane} first). */
    public List<String> sources() {
        List<String> s = new ArrayList<>();
        s.add(CONTROL_PLANE);
        regions.all().forEach(r -> s.add(r.id().value()));
        return s;
    }

    private List<RegionDecision> routingDecisions(Instant from, Instant to, Boolean allowed, String tenant, int limit) {
        var receipts = consoleReceipts.list(from, to, allowed, tenant, limit);
        Map<UUID, String> receiptByDecision = new LinkedHashMap<>();
        receipts.forEach(r -> receiptByDecision.put(r.decisionId(), r.receiptId()));
        return policy.recorded(receiptByDecision.keySet()).stream()
                .map(d -> new RegionDecision(CONTROL_PLANE, routing(d, receiptByDecision.get(d.decision().decisionId()))))
                .toList();
    }

    private static DecisionRecord routing(RecordedDecision r, String receiptId) {
        var d = r.decision();
        String tenant = d.resource().replaceFirst("^CompanyOS::Tenant::\"(.*)\"$", "$1");
        return new DecisionRecord(d.decisionId().toString(), d.decidedAt(), tenant, Seam.ROUTING.name(), d.action(), d.principal(),
                d.resource(), Json.write(d.context()), d.allowed(), String.join(",", d.determiningPolicies()), r.explanation(),
                d.channel().folder(), d.bundleVersion(), d.bundleSha256(), null, null, receiptId);
    }

    private static void period(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("Choose a period whose start is before its end");
        }
    }

    private record Answer<T>(T value, String error) {
    }

    private <T> Map<String, Answer<T>> fanOut(Function<AgentClient, T> call) {
        Map<String, CompletableFuture<Answer<T>>> futures = new LinkedHashMap<>();
        for (Region region : regions.all()) {
            futures.put(region.id().value(), CompletableFuture.supplyAsync(() -> {
                try {
                    return new Answer<>(call.apply(agents.client(region.id())), null);
                } catch (RuntimeException e) {
                    return new Answer<>(null, AgentClient.describe(e));
                }
            }, executor));
        }
        Map<String, Answer<T>> answers = new LinkedHashMap<>();
        futures.forEach((region, f) -> answers.put(region, f.join()));
        return answers;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
