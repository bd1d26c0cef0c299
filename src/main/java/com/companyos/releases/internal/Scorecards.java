package com.companyos.releases.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ConflictException;
import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.base.NotFoundException;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.CanonicalJson;
import com.companyos.pki.Dsse;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseEvent;
import com.companyos.releases.ReleaseEvidence;
import com.companyos.releases.ReleaseScorecard;
import com.companyos.releases.Rollout;
import com.companyos.releases.ScorecardGate;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Release scorecards: judged (a draft) when a rollout is about to go to 100 % and whenever a person asks, sealed when
 * the rollout ends — the final {@code release-scorecard.json} and the evidence bundle's files stored once, the in-toto
 * statement over them signed with the platform key (DSSE, as release manifests are), and never changed again (the
 * database refuses). Every judgement kept and every sealing is audited and in the release's history.
 */
@Component
public class Scorecards {

    private static final Logger log = LoggerFactory.getLogger(Scorecards.class);
    static final String SCHEMA = "https://companyos.dev/release-scorecard/v1";
    static final String PREDICATE = "https://companyos.dev/release-evidence/v1";
    static final String SYSTEM = "system:release-gates";

    private final ReleaseStore releases;
    private final ScorecardStore store;
    private final ReleaseGates gates;
    private final ControlPlaneKeys keys;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    Scorecards(ReleaseStore releases, ScorecardStore store, ReleaseGates gates, ControlPlaneKeys keys, EvidenceRecorder evidence,
               TransactionTemplate tx, Clock clock) {
        this.releases = releases;
        this.store = store;
        this.gates = gates;
        this.keys = keys;
        this.evidence = evidence;
        this.tx = tx;
        this.ownTransaction = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reading

    /** The scorecard of the release's newest rollout (or of {@code rolloutId}): sealed, its draft, or judged now. */
    public ReleaseScorecard current(String version, UUID rolloutId) {
        Release release = releases.release(version).orElseThrow(() -> new NotFoundException("No release " + version));
        List<Rollout> rollouts = releases.rollouts(version);
        Rollout rollout = rolloutId == null ? rollouts.stream().findFirst().orElse(null)
                : rollouts.stream().filter(r -> r.id().equals(rolloutId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Release " + version + " has no rollout " + rolloutId));
        if (rollout != null) {
            Optional<ScorecardStore.Stored> stored = store.find(rollout.id());
            if (stored.isPresent() && (stored.get().sealed() || !rollout.state().finished())) {
                return parse(stored.get());
            }
        }
        Map<String, GateJudgement> earlier = rollout == null ? Map.of() : store.find(rollout.id()).map(this::judgements).orElse(Map.of());
        List<GateJudgement> judged = gates.judge(release, rollout, false, earlier);
        Instant now = clock.instant();
        String json = document(release, rollout, judged, now, null);
        return new ReleaseScorecard(version, rollout == null ? null : rollout.region(), rollout == null ? null : rollout.id(),
                ScorecardRules.verdict(gatesOf(judged)), gatesOf(judged), now, false, null, Hashing.sha256Hex(json), json);
    }

    /** The evidence bundle (zip) of the release's newest sealed scorecard, or of {@code rolloutId}'s. */
    public ReleaseEvidence evidenceBundle(String version, UUID rolloutId) {
        releases.release(version).orElseThrow(() -> new NotFoundException("No release " + version));
        List<Rollout> rollouts = releases.rollouts(version);
        if (rolloutId != null && rollouts.stream().noneMatch(r -> r.id().equals(rolloutId))) {
            throw new NotFoundException("Release " + version + " has no rollout " + rolloutId);
        }
        ScorecardStore.Stored sealed = rollouts.stream().filter(r -> rolloutId == null || r.id().equals(rolloutId))
                .map(r -> store.find(r.id())).flatMap(Optional::stream).filter(ScorecardStore.Stored::sealed).findFirst()
                .orElseThrow(() -> new ConflictException("Release " + version + " has no sealed scorecard yet: a scorecard is sealed when its "
                        + "rollout ends (promoted, aborted or rolled back)"));
        String folder = "release-" + version + "-" + sealed.region() + "-evidence";
        return new ReleaseEvidence(folder + ".zip", EvidenceBundle.zip(folder, sealed.evidence(), sealed.statement(), sealed.envelope()),
                Hashing.sha256Hex(sealed.statement()));
    }

    // ------------------------------------------------------------------ judging (the rollout engine)

    /**
     * Judges every gate for a rollout about to go to 100 %, the agents asked now, and keeps it as the rollout's draft:
     * in the caller's transaction, or in one of its own when {@code ownTransaction} (a refused promotion rolls the
     * caller's back, and the judgement must stay). Audited.
     */
    ReleaseScorecard judgeForPromotion(Rollout r, String actor, boolean separately) {
        Release release = releases.release(r.version()).orElseThrow();
        List<GateJudgement> judged = gates.judge(release, r, true, Map.of());
        Instant now = clock.instant();
        String json = document(release, r, judged, now, null);
        String verdict = ScorecardRules.verdict(gatesOf(judged));
        Map<String, String> files = new LinkedHashMap<>();
        judged.forEach(g -> files.put(g.gate().evidenceFile(), g.evidence()));
        Runnable save = () -> {
            if (store.saveDraft(r.id(), r.version(), r.region(), verdict, json, Hashing.sha256Hex(json), files, now)) {
                evidence.record(AuditEvent.by(actor, "release.scorecard-judged", "release:" + r.version())
                        .reason(ScorecardRules.reason(gatesOf(judged))).detail("rollout", r.id().toString()).detail("region", r.region())
                        .detail("verdict", verdict).detail("scorecardSha256", Hashing.sha256Hex(json)));
            }
        };
        if (separately) {
            ownTransaction.executeWithoutResult(s -> save.run());
        } else {
            save.run();
        }
        return new ReleaseScorecard(r.version(), r.region(), r.id(), verdict, gatesOf(judged), now, false, null, Hashing.sha256Hex(json), json);
    }

    /** A person's promotion refused on no-go: kept in the history and the audit log although the promotion rolls back. */
    void recordRefusal(Rollout r, String actor, ReleaseScorecard card) {
        String reason = ScorecardRules.reason(card.gates());
        ownTransaction.executeWithoutResult(s -> {
            releases.event(new ReleaseEvent(UUID.randomUUID(), r.version(), r.region(), r.id(), "promotion-refused", actor,
                    "Promotion to 100 % refused, the scorecard says " + reason, clock.instant()));
            evidence.record(AuditEvent.by(actor, "release.promotion-refused", "region:" + r.region()).reason(reason)
                    .detail("rollout", r.id().toString()).detail("release", r.version()).detail("scorecardSha256", card.sha256()));
        });
    }

    /** Seals the scorecard of a finished rollout (once; a sealed one is left as it is). Returns false if it was sealed. */
    public boolean seal(UUID rolloutId, String actor) {
        Boolean sealedNow = tx.execute(status -> {
            Rollout r = releases.rollout(rolloutId).orElseThrow(() -> new NotFoundException("No rollout " + rolloutId));
            if (!r.state().finished()) {
                throw new ConflictException("Rollout " + rolloutId + " is " + r.state().value() + ": a scorecard is sealed when its rollout ends");
            }
            Optional<ScorecardStore.Stored> draft = store.lock(rolloutId);
            if (draft.map(ScorecardStore.Stored::sealed).orElse(false)) {
                return false;
            }
            Map<String, GateJudgement> earlier = draft.map(this::judgements).orElse(Map.of());
            boolean askAgents = !earlier.containsKey(ScorecardRules.SPEC_PARITY) || !earlier.containsKey(ScorecardRules.DETERMINISTIC_EXPORT);
            Release release = releases.release(r.version()).orElseThrow();
            List<GateJudgement> judged = gates.judge(release, r, askAgents, earlier);
            Instant now = clock.instant();
            String json = document(release, r, judged, now, now);
            String verdict = ScorecardRules.verdict(gatesOf(judged));
            SigningKey key = keys.platformSigningKey();
            Map<String, String> files = new LinkedHashMap<>();
            files.put(EvidenceBundle.SCORECARD, json);
            judged.forEach(g -> files.put(g.gate().evidenceFile(), g.evidence()));
            files.put("release/manifest.json", release.manifest());
            files.put("release/manifest.dsse.json", release.envelope());
            files.put(EvidenceBundle.PLATFORM_CERT, Pem.encode(key.certificate()));
            files.put(EvidenceBundle.CA_CERT, Pem.encode(key.chain().get(key.chain().size() - 1)));
            files.put("VERIFY.md", EvidenceBundle.verifyMd(r.version(), r.region(), verdict));
            String manifest = EvidenceBundle.manifest(files);
            List<Map<String, Object>> subjects = new ArrayList<>();
            files.forEach((name, content) -> subjects.add(Map.of("name", name, "digest", Map.of("sha256", Hashing.sha256Hex(content)))));
            subjects.add(Map.of("name", "manifest.sha256", "digest", Map.of("sha256", Hashing.sha256Hex(manifest))));
            Map<String, Object> predicate = new LinkedHashMap<>();
            predicate.put("release", r.version());
            predicate.put("region", r.region());
            predicate.put("rollout", r.id().toString());
            predicate.put("rolloutState", r.state().value());
            predicate.put("verdict", verdict);
            predicate.put("scorecardSha256", Hashing.sha256Hex(json));
            predicate.put("artifactSha256", release.artifactSha256());
            predicate.put("policyBundleSha256", release.policySha256());
            predicate.put("sealedAt", now.toString());
            predicate.put("sealedBy", actor);
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("_type", "https://in-toto.io/Statement/v1");
            statement.put("subject", subjects);
            statement.put("predicateType", PREDICATE);
            statement.put("predicate", predicate);
            String statementJson = CanonicalJson.write(statement);
            byte[] payload = statementJson.getBytes(StandardCharsets.UTF_8);
            String envelope = Dsse.envelope(Dsse.IN_TOTO, payload, key.sign(Dsse.pae(Dsse.IN_TOTO, payload)), key.keyId());
            store.seal(r.id(), r.version(), r.region(), verdict, json, Hashing.sha256Hex(json), files, now, actor, statementJson, envelope);
            String reason = ScorecardRules.reason(gatesOf(judged));
            releases.event(new ReleaseEvent(UUID.randomUUID(), r.version(), r.region(), r.id(), "scorecard-sealed", actor,
                    "Scorecard sealed (" + r.state().value() + " rollout): " + reason + " — statement sha256 " + Hashing.sha256Hex(statementJson), now));
            evidence.record(AuditEvent.by(actor, "release.scorecard-sealed", "release:" + r.version()).reason(reason)
                    .detail("rollout", r.id().toString()).detail("region", r.region()).detail("verdict", verdict)
                    .detail("scorecardSha256", Hashing.sha256Hex(json)).detail("evidenceSha256", Hashing.sha256Hex(statementJson)));
            log.info("Scorecard of {} in {} (rollout {}) sealed: {}", r.version(), r.region(), r.id(), reason);
            return true;
        });
        return Boolean.TRUE.equals(sealedNow);
    }

    /** Seals what should be sealed and is not (a console stopped between a rollout's end and its sealing). */
    void sealPending() {
        for (UUID id : store.unsealedFinished(5)) {
            try {
                seal(id, SYSTEM);
            } catch (RuntimeException e) {
                log.warn("The scorecard of rollout {} could not be sealed now ({}); it is tried again", id, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ the document

    static String document(Release release, Rollout r, List<GateJudgement> judged, Instant judgedAt, Instant sealedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("id", release.version());
        rel.put("artifacts", List.of(Map.of("name", "agent:" + release.version(), "path", release.artifactPath(),
                "sha256", release.artifactSha256(), "bytes", release.artifactBytes())));
        rel.put("configSha256", release.configSha256());
        rel.put("manifestSha256", Hashing.sha256Hex(release.manifest()));
        doc.put("release", rel);
        doc.put("policyBundle", Map.of("channel", release.policyChannel(), "version", release.policyVersion(), "sha256", release.policySha256()));
        if (r != null) {
            Map<String, Object> ro = new LinkedHashMap<>();
            ro.put("id", r.id().toString());
            ro.put("region", r.region());
            ro.put("from", r.fromVersion());
            ro.put("state", r.state().value());
            ro.put("steps", Rollouts.weights(r.steps()));
            ro.put("startedAt", r.startedAt().toString());
            ro.put("endedAt", r.endedAt() == null ? "" : r.endedAt().toString());
            ro.put("endReason", r.endReason() == null ? "" : r.endReason());
            doc.put("rollout", ro);
        }
        List<Map<String, Object>> gateList = new ArrayList<>();
        for (GateJudgement j : judged) {
            ScorecardGate g = j.gate();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("required", g.required());
            m.put("status", g.status());
            m.put("summary", g.summary());
            m.put("inputs", Json.mapper().convertValue(g.inputs(), Map.class));
            m.put("threshold", g.threshold());
            m.put("evidence", Map.of("file", g.evidenceFile(), "sha256", g.evidenceSha256()));
            m.put("producer", g.producer());
            m.put("at", g.at().toString());
            gateList.add(m);
        }
        doc.put("gates", gateList);
        List<ScorecardGate> gates = gatesOf(judged);
        doc.put("verdict", ScorecardRules.verdict(gates));
        doc.put("verdictReason", ScorecardRules.reason(gates));
        doc.put("judgedAt", judgedAt.toString());
        doc.put("sealed", sealedAt != null);
        doc.put("sealedAt", sealedAt == null ? "" : sealedAt.toString());
        return CanonicalJson.write(doc);
    }

    static List<ScorecardGate> gatesOf(List<GateJudgement> judged) {
        return judged.stream().map(GateJudgement::gate).toList();
    }

    static List<ScorecardGate> parseGates(JsonNode doc) {
        List<ScorecardGate> list = new ArrayList<>();
        for (JsonNode g : doc.path("gates")) {
            list.add(new ScorecardGate(g.path("name").asText(), g.path("required").asBoolean(true), g.path("status").asText(),
                    g.path("summary").asText(), Json.mapper().convertValue(g.path("inputs"), new TypeReference<Map<String, Object>>() { }),
                    g.path("threshold").asText(), g.path("evidence").path("file").asText(), g.path("evidence").path("sha256").asText(),
                    g.path("producer").asText(), Instant.parse(g.path("at").asText())));
        }
        return list;
    }

    private ReleaseScorecard parse(ScorecardStore.Stored s) {
        JsonNode doc = read(s.scorecard());
        return new ReleaseScorecard(s.version(), s.region(), s.rolloutId(), s.verdict(), parseGates(doc), s.judgedAt(), s.sealed(), s.sealedAt(),
                s.sha256(), s.scorecard());
    }

    /** A stored scorecard's gates with their evidence files, to carry the agent gates' judgement into the sealed one. */
    private Map<String, GateJudgement> judgements(ScorecardStore.Stored s) {
        Map<String, GateJudgement> m = new LinkedHashMap<>();
        for (ScorecardGate g : parseGates(read(s.scorecard()))) {
            String file = s.evidence().get(g.evidenceFile());
            if (file != null && Hashing.sha256Hex(file).equals(g.evidenceSha256())) {
                m.put(g.name(), new GateJudgement(g, file));
            }
        }
        return m;
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A stored scorecard is not JSON: " + e.getMessage(), e);
        }
    }
}
