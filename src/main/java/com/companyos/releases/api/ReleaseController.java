package com.companyos.releases.api;

import com.companyos.base.Json;
import com.companyos.releases.RegionRelease;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseHistory;
import com.companyos.releases.ReleaseRegistration;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.releases.internal.Rollouts;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * REST API for releases, canary rollouts and rollbacks (the CLI's {@code companyos release|canary|rollback} back end).
 * Authorization is the service's. A release is registered either as JSON naming the release whose artifact it reuses,
 * or by uploading the agent jar as the request body ({@code application/java-archive}) with version, reason and
 * configuration as query parameters.
 */
@RestController
class ReleaseController {

    /** A person's reason for an action. */
    record Reason(String reason) {
    }

    /** Start a canary: which release, why, optional pins (tenant → stable|canary), steps, and whether to retry a quarantined release. */
    record CanaryRequest(String version, String reason, Boolean retryQuarantined, Map<String, String> pins, List<CanaryStep> steps) {
    }

    /** Roll back to {@code to}, in {@code region} or (blank) every region. */
    record RollbackRequest(String to, String region, String reason) {
    }

    /** A rollout with its verdicts, oldest first. */
    record RolloutView(Rollout rollout, List<RolloutVerdict> verdicts) {
    }

    private final ReleaseService releases;

    ReleaseController(ReleaseService releases) {
        this.releases = releases;
    }

    @GetMapping("/api/v1/releases")
    List<Release> list() {
        return releases.list();
    }

    @PostMapping(path = "/api/v1/releases", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Release> register(@RequestBody ReleaseRegistration registration) {
        return ResponseEntity.status(HttpStatus.CREATED).body(releases.register(registration, null));
    }

    @PostMapping(path = "/api/v1/releases", consumes = {"application/java-archive", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<Release> upload(@RequestParam String version, @RequestParam(required = false) String reason,
                                   @RequestParam(required = false) String config, HttpServletRequest request) throws IOException {
        Map<String, String> settings;
        try {
            settings = config == null || config.isBlank() ? Map.of()
                    : Json.mapper().readValue(config, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("config must be a JSON object of agent settings, e.g. "
                    + "{\"companyos.agent.faults.error-share\":\"0.3\"}");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(releases.register(new ReleaseRegistration(version, null, settings, reason), request.getInputStream()));
    }

    @GetMapping("/api/v1/releases/{version}")
    ReleaseHistory history(@PathVariable String version) {
        return releases.history(version);
    }

    /** The release's signed manifest: a DSSE envelope around an in-toto statement. */
    @GetMapping(path = "/api/v1/releases/{version}/manifest", produces = MediaType.APPLICATION_JSON_VALUE)
    String manifest(@PathVariable String version) {
        return releases.get(version).envelope();
    }

    /** {@code release-scorecard.json}: of the newest rollout, or {@code ?rollout=<id>}'s; a draft until that rollout ended. */
    @GetMapping(path = "/api/v1/releases/{version}/scorecard", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> scorecard(@PathVariable String version, @RequestParam(required = false) UUID rollout) {
        var card = releases.scorecard(version, rollout);
        return ResponseEntity.ok().header("X-Scorecard-Verdict", card.verdict()).header("X-Scorecard-Sealed", String.valueOf(card.sealed()))
                .body(card.json());
    }

    /** The evidence bundle (zip) of the newest sealed scorecard, or {@code ?rollout=<id>}'s; 409 before one is sealed. */
    @GetMapping("/api/v1/releases/{version}/evidence")
    ResponseEntity<byte[]> evidence(@PathVariable String version, @RequestParam(required = false) UUID rollout) {
        var bundle = releases.evidence(version, rollout);
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"" + bundle.fileName() + "\"")
                .header("X-Statement-Sha256", bundle.statementSha256()).contentType(MediaType.parseMediaType("application/zip"))
                .body(bundle.bytes());
    }

    @GetMapping("/api/v1/release-regions")
    List<RegionRelease> regions() {
        return releases.regions();
    }

    @PostMapping("/api/v1/regions/{region}/canary")
    ResponseEntity<Rollout> canary(@PathVariable String region, @RequestBody CanaryRequest body) {
        if (body == null) {
            throw new IllegalArgumentException("Send {\"version\": \"...\", \"reason\": \"...\"}");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(releases.startCanary(region, body.version(), body.reason(),
                Boolean.TRUE.equals(body.retryQuarantined()), body.pins(), body.steps()));
    }

    @GetMapping("/api/v1/rollouts")
    List<Rollout> rollouts(@RequestParam(defaultValue = "50") int limit) {
        return releases.recentRollouts(limit);
    }

    @GetMapping("/api/v1/rollouts/{id}")
    RolloutView rollout(@PathVariable UUID id) {
        return new RolloutView(releases.rollout(id), releases.verdicts(id));
    }

    @PostMapping("/api/v1/rollouts/{id}/pause")
    Rollout pause(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        return releases.pause(id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/rollouts/{id}/resume")
    Rollout resume(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        return releases.resume(id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/rollouts/{id}/promote")
    Rollout promote(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        return releases.promote(id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/rollouts/{id}/abort")
    Rollout abort(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        return releases.abort(id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/rollbacks")
    List<Rollouts.RollbackResult> rollback(@RequestBody RollbackRequest body) {
        if (body == null) {
            throw new IllegalArgumentException("Send {\"to\": \"<release>\", \"reason\": \"...\"}");
        }
        return releases.rollback(body.to(), body.region(), body.reason());
    }
}
