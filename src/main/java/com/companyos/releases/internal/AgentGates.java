package com.companyos.releases.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DeterministicExport;
import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.regions.AgentClient;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.releases.Rollout;
import com.companyos.releases.ScorecardGate;
import com.companyos.residency.SyntheticProbes;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gates that ask the agents, while a rollout's canary and the region's stable release run side by side (so they
 * are judged when the rollout is about to go to 100 %): {@code deterministic-export} (the canary builds the same
 * bytes twice for fixed inputs, and the stable release's bytes where the format did not change) and
 * {@code spec-parity} (the canary's OpenAPI description equals the stable's or is a compatible superset).
 */
@Component
class AgentGates {

    static final String PRODUCER_EXPORT = "system:release-gates (GET " + AgentPaths.DETERMINISTIC_EXPORT + " of the canary twice and the stable once)";
    static final String PRODUCER_SPEC = "system:release-gates (GET " + AgentPaths.OPENAPI + " of the canary and the stable, OpenApiComparator)";

    private final RegionAgents agents;
    private final ReleaseStore store;
    private final SyntheticProbes probes;
    private final Clock clock;

    AgentGates(RegionAgents agents, ReleaseStore store, SyntheticProbes probes, Clock clock) {
        this.agents = agents;
        this.store = store;
        this.probes = probes;
        this.clock = clock;
    }

    /** The fixed inputs: the synthetic probe tenants, and the day before the rollout started (a minute of margin). */
    static Instant[] period(Rollout r) {
        Instant to = r.startedAt().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        return new Instant[]{to.minus(Duration.ofDays(1)), to};
    }

    GateJudgement deterministicExport(Rollout r, Region region) {
        Instant now = clock.instant();
        Instant[] period = period(r);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("canary", r.version());
        inputs.put("stable", r.fromVersion());
        inputs.put("tenants", probes.tenants());
        inputs.put("from", period[0].toString());
        inputs.put("to", period[1].toString());
        String threshold = "for every fixed input the canary's two builds are byte-identical (SHA-256 of every file), and equal the "
                + "stable release's for every file whose format did not change";
        Optional<AgentClient> canary = canary(r, region);
        if (canary.isEmpty()) {
            return notRun(ScorecardRules.DETERMINISTIC_EXPORT, "The canary of " + r.version() + " is not running, so it could not be asked",
                    inputs, threshold, PRODUCER_EXPORT, now);
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        List<String> unstable = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        List<String> formatChanged = new ArrayList<>();
        List<String> noStable = new ArrayList<>();
        int compared = 0;
        try {
            for (String tenant : probes.tenants()) {
                String path = AgentPaths.DETERMINISTIC_EXPORT + "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
                        + "&from=" + period[0] + "&to=" + period[1];
                Optional<DeterministicExport> first = canary.get().get(path, DeterministicExport.class);
                if (first.isEmpty()) {
                    continue; // the region does not know this probe tenant
                }
                DeterministicExport second = canary.get().get(path, DeterministicExport.class).orElseThrow();
                Optional<DeterministicExport> stable = agents.client(region.id()).get(path, DeterministicExport.class);
                compared++;
                first.get().files().forEach((file, sha) -> {
                    if (!sha.equals(second.files().get(file))) {
                        unstable.add(tenant + " " + file);
                    }
                });
                if (stable.isEmpty()) {
                    noStable.add(tenant);
                } else {
                    first.get().files().forEach((file, sha) -> {
                        String stableSha = stable.get().files().get(file);
                        String format = first.get().formats().get(file);
                        if (stableSha == null || format == null || !format.equals(stable.get().formats().get(file))) {
                            formatChanged.add(tenant + " " + file + " (" + stable.get().formats().get(file) + " → " + format + ")");
                        } else if (!stableSha.equals(sha)) {
                            differ.add(tenant + " " + file);
                        }
                    });
                }
                answers.add(Map.of("tenant", tenant, "canaryFirst", first.get(), "canarySecond", second, "stable", stable.map(s -> (Object) s).orElse("none")));
            }
        } catch (RuntimeException e) {
            return notRun(ScorecardRules.DETERMINISTIC_EXPORT, "The agents could not be asked: " + AgentClient.describe(e), inputs, threshold,
                    PRODUCER_EXPORT, now);
        }
        inputs.put("compared", compared);
        String status;
        String summary;
        if (compared == 0) {
            status = ScorecardGate.NOT_RUN;
            summary = "No fixed input could be built: the region knows none of the probe tenants " + probes.tenants();
        } else if (!unstable.isEmpty()) {
            status = ScorecardGate.FAIL;
            summary = "The canary built different bytes from the same inputs: " + String.join(", ", unstable);
        } else if (!differ.isEmpty()) {
            status = ScorecardGate.FAIL;
            summary = "The canary's bytes differ from the stable release's in an unchanged format: " + String.join(", ", differ);
        } else if (!formatChanged.isEmpty() || !noStable.isEmpty()) {
            status = ScorecardGate.WARN;
            summary = "The canary is deterministic; compared with itself only where " + (formatChanged.isEmpty() ? ""
                    : "the format changed (" + String.join(", ", formatChanged) + ")") + (noStable.isEmpty() ? ""
                    : (formatChanged.isEmpty() ? "" : " and ") + "the stable release offers no deterministic export (" + String.join(", ", noStable) + ")");
        } else {
            status = ScorecardGate.PASS;
            summary = "Byte-identical twice on the canary and equal to the stable release for " + compared + " fixed input(s)";
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("inputs", inputs);
        evidence.put("answers", Json.mapper().convertValue(answers, List.class));
        evidence.put("unstable", unstable);
        evidence.put("differentFromStable", differ);
        evidence.put("formatChanged", formatChanged);
        return GateJudgement.of(ScorecardRules.DETERMINISTIC_EXPORT, status, summary, inputs, threshold, PRODUCER_EXPORT, now, evidence);
    }

    GateJudgement specParity(Rollout r, Region region) {
        Instant now = clock.instant();
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("canary", r.version());
        inputs.put("stable", r.fromVersion());
        String threshold = "the canary's API description equals the stable release's or is a compatible superset: no removed path, "
                + "operation, required parameter, response or response field, and no new required parameter or request field";
        Optional<AgentClient> canary = canary(r, region);
        if (canary.isEmpty()) {
            return notRun(ScorecardRules.SPEC_PARITY, "The canary of " + r.version() + " is not running, so it could not be asked", inputs,
                    threshold, PRODUCER_SPEC, now);
        }
        Optional<JsonNode> candidate;
        Optional<JsonNode> base;
        try {
            candidate = canary.get().get(AgentPaths.OPENAPI, JsonNode.class);
            base = agents.client(region.id()).get(AgentPaths.OPENAPI, JsonNode.class);
        } catch (RuntimeException e) {
            return notRun(ScorecardRules.SPEC_PARITY, "The agents could not be asked: " + AgentClient.describe(e), inputs, threshold,
                    PRODUCER_SPEC, now);
        }
        if (candidate.isEmpty() || base.isEmpty()) {
            return notRun(ScorecardRules.SPEC_PARITY, (candidate.isEmpty() ? "The canary (" + r.version() + ")" : "The stable release ("
                    + r.fromVersion() + ")") + " serves no API description", inputs, threshold, PRODUCER_SPEC, now);
        }
        OpenApiComparator.Report report = OpenApiComparator.compare(base.get(), candidate.get());
        inputs.put("stableSha256", Hashing.sha256Hex(Json.write(base.get())));
        inputs.put("canarySha256", Hashing.sha256Hex(Json.write(candidate.get())));
        inputs.put("paths", candidate.get().path("paths").size());
        inputs.put("breaking", report.breaking().size());
        inputs.put("additions", report.additions().size());
        String status = report.compatible() ? ScorecardGate.PASS : ScorecardGate.FAIL;
        String summary = report.equal() ? "The API descriptions are equal (" + candidate.get().path("paths").size() + " paths)"
                : report.compatible() ? "A compatible superset of the stable release's API: " + String.join("; ", report.additions())
                : report.breaking().size() + " breaking change(s): " + String.join("; ", report.breaking());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("inputs", inputs);
        evidence.put("equal", report.equal());
        evidence.put("breaking", report.breaking());
        evidence.put("additions", report.additions());
        evidence.put("stableDescription", Json.mapper().convertValue(base.get(), Map.class));
        evidence.put("canaryDescription", Json.mapper().convertValue(candidate.get(), Map.class));
        return GateJudgement.of(ScorecardRules.SPEC_PARITY, status, summary, inputs, threshold, PRODUCER_SPEC, now, evidence);
    }

    private Optional<AgentClient> canary(Rollout r, Region region) {
        if (r.canaryDataUrl() == null) {
            return Optional.empty();
        }
        return store.canaryControlUrl(r.id()).map(control -> agents.client(new Region(region.id(), region.zone(), URI.create(control),
                URI.create(r.canaryDataUrl()))));
    }

    static GateJudgement notRun(String gate, String summary, Map<String, Object> inputs, String threshold, String producer, Instant now) {
        return GateJudgement.of(gate, ScorecardGate.NOT_RUN, summary, inputs, threshold, producer, now, Map.of("inputs", inputs));
    }
}
