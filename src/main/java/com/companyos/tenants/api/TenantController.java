package com.companyos.tenants.api;

import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.LegalHold;
import com.companyos.tenants.TeardownPlan;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;
import com.companyos.tenants.TeardownBlockedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * REST API for tenants ({@code /api/v1/tenants}); the CLI's back end. Authorization is the service's; this class only
 * maps outcomes to status codes: 201 created, 200 unchanged, 202 waiting for approval, 409 differs or blocked.
 */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    ResponseEntity<CreateOutcome> create(@RequestBody TenantRequest request) {
        CreateOutcome outcome = tenants.create(request);
        HttpStatus status = switch (outcome.status()) {
            case CREATED -> HttpStatus.CREATED;
            case UNCHANGED -> HttpStatus.OK;
            case PENDING_APPROVAL -> HttpStatus.ACCEPTED;
            case DIFFERS -> HttpStatus.CONFLICT;
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (outcome.status() == CreateOutcome.Status.CREATED) {
            response.location(URI.create("/api/v1/tenants/" + outcome.slug()));
        }
        return response.body(outcome);
    }

    @GetMapping
    List<TenantSummary> list() {
        return tenants.list().stream().map(TenantSummary::of).toList();
    }

    @GetMapping("/{slug}")
    TenantSummary get(@PathVariable String slug) {
        return TenantSummary.of(tenants.get(slug));
    }

    @GetMapping(value = "/{slug}/manifest", produces = "application/yaml")
    String manifest(@PathVariable String slug) {
        return tenants.manifest(slug);
    }

    @GetMapping("/{slug}/teardown-plan")
    TeardownPlan plan(@PathVariable String slug) {
        return tenants.teardownPlan(slug);
    }

    @PostMapping("/{slug}/teardown")
    ResponseEntity<Map<String, Object>> teardown(@PathVariable String slug, @RequestBody ReasonBody body) {
        UUID request = tenants.requestTeardown(slug, body == null ? null : body.reason());
        return ResponseEntity.accepted().body(Map.of("status", "PENDING_APPROVAL", "approvalRequestId", request.toString(),
                "approvalsRequired", tenants.approvalsRequired("tenant.teardown")));
    }

    @GetMapping("/{slug}/legal-holds")
    List<LegalHold> holds(@PathVariable String slug) {
        return tenants.legalHolds(slug);
    }

    @GetMapping(value = "/{slug}/deletion-certificate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> certificate(@PathVariable String slug) {
        return ResponseEntity.of(tenants.deletionCertificate(slug));
    }

    /** A blocked teardown answers 409 with the plan, so the caller sees exactly what blocks it. */
    @ExceptionHandler(TeardownBlockedException.class)
    ResponseEntity<Map<String, Object>> blocked(TeardownBlockedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Map.of("status", 409, "title", "Teardown blocked", "detail", e.getMessage(), "plan", e.plan()));
    }

    record ReasonBody(String reason) {
    }

    /** A tenant in API answers. */
    record TenantSummary(UUID id, String slug, String name, String residencyZone, boolean residencyLocked, String primaryRegion,
                         String failoverRegion, String activeRegion, String status, String manifestSha256) {
        static TenantSummary of(Tenant t) {
            return new TenantSummary(t.id(), t.slug(), t.spec().name(), t.spec().zone().name(), t.spec().residencyLocked(),
                    t.spec().primaryRegion().value(), t.spec().failoverRegion().value(), t.activeRegion(), t.status(), t.manifestSha256());
        }
    }
}
