package com.companyos.dcp.internal;

import com.companyos.base.Json;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpPlan;
import com.companyos.dcp.DcpState;
import com.companyos.db.tables.records.DcpRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.DCP;
import static com.companyos.db.Tables.DCP_STEP;

/** The {@code dcp} and {@code dcp_step} tables. */
@Repository
public class DcpRepository {

    private static final ObjectMapper JSON = Json.mapper();

    private final DSLContext db;

    DcpRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<Dcp> find(UUID tenantId) {
        return db.selectFrom(DCP).where(DCP.TENANT_ID.eq(tenantId)).fetchOptional().map(this::map);
    }

    public Optional<Dcp> findBySlug(String slug) {
        return db.selectFrom(DCP).where(DCP.SLUG.eq(slug).and(DCP.STATE.ne(DcpState.DELETED.name()))).fetchOptional().map(this::map);
    }

    public List<Dcp> list() {
        return db.selectFrom(DCP).orderBy(DCP.SLUG).fetch().map(this::map);
    }

    public List<Dcp> inStates(DcpState... states) {
        return db.selectFrom(DCP).where(DCP.STATE.in(Arrays.stream(states).map(Enum::name).toList())).fetch().map(this::map);
    }

    /** A new request, or the same tenant's earlier one replaced by this plan (which voids its approvals). */
    public void upsertRequest(UUID tenantId, DcpPlan plan, String requester, String reason, UUID approvalId, Instant now) {
        db.insertInto(DCP)
                .set(DCP.TENANT_ID, tenantId).set(DCP.SLUG, plan.slug()).set(DCP.STATE, DcpState.AWAITING_APPROVAL.name())
                .set(DCP.PLAN, plan.canonical()).set(DCP.PLAN_SHA256, plan.sha256()).set(DCP.APPROVAL_REQUEST_ID, approvalId)
                .set(DCP.REQUESTED_BY, requester).set(DCP.REASON, reason).set(DCP.REQUESTED_AT, at(now)).set(DCP.UPDATED_AT, at(now))
                .onConflict(DCP.TENANT_ID).doUpdate()
                .set(DCP.SLUG, plan.slug()).set(DCP.STATE, DcpState.AWAITING_APPROVAL.name())
                .set(DCP.PLAN, plan.canonical()).set(DCP.PLAN_SHA256, plan.sha256()).set(DCP.APPROVAL_REQUEST_ID, approvalId)
                .set(DCP.REQUESTED_BY, requester).set(DCP.REASON, reason).set(DCP.REQUESTED_AT, at(now)).set(DCP.UPDATED_AT, at(now))
                .set(DCP.APPROVED_BY, (String) null).set(DCP.LAST_ERROR, (String) null)
                .execute();
        db.deleteFrom(DCP_STEP).where(DCP_STEP.TENANT_ID.eq(tenantId)).execute();
    }

    /** Compare-and-set of the state; true if this call moved it. */
    public boolean transition(UUID tenantId, DcpState from, DcpState to, Instant now) {
        var update = db.update(DCP).set(DCP.STATE, to.name()).set(DCP.UPDATED_AT, at(now));
        if (to == DcpState.ACTIVE) {
            update = update.set(DCP.ACTIVATED_AT, at(now)).set(DCP.LAST_ERROR, (String) null);
        }
        return update.where(DCP.TENANT_ID.eq(tenantId).and(DCP.STATE.eq(from.name()))).execute() == 1;
    }

    public void approvedBy(UUID tenantId, List<String> approvers) {
        db.update(DCP).set(DCP.APPROVED_BY, String.join(",", approvers)).where(DCP.TENANT_ID.eq(tenantId)).execute();
    }

    public void failed(UUID tenantId, String error, Instant now) {
        db.update(DCP).set(DCP.STATE, DcpState.FAILED.name()).set(DCP.LAST_ERROR, error).set(DCP.UPDATED_AT, at(now))
                .set(DCP.LEASE_OWNER, (String) null).set(DCP.LEASE_UNTIL, (OffsetDateTime) null)
                .where(DCP.TENANT_ID.eq(tenantId)).execute();
    }

    /** Takes (or extends) the lease on a provisioning DCP; false if another console holds it. */
    public boolean lease(UUID tenantId, String owner, Instant now, Instant until) {
        return db.update(DCP).set(DCP.LEASE_OWNER, owner).set(DCP.LEASE_UNTIL, at(until))
                .where(DCP.TENANT_ID.eq(tenantId).and(DCP.STATE.eq(DcpState.PROVISIONING.name()))
                        .and(DCP.LEASE_OWNER.isNull().or(DCP.LEASE_OWNER.eq(owner)).or(DCP.LEASE_UNTIL.lt(at(now)))))
                .execute() == 1;
    }

    public void release(UUID tenantId, String owner) {
        db.update(DCP).set(DCP.LEASE_OWNER, (String) null).set(DCP.LEASE_UNTIL, (OffsetDateTime) null)
                .where(DCP.TENANT_ID.eq(tenantId).and(DCP.LEASE_OWNER.eq(owner))).execute();
    }

    public void endpoints(UUID tenantId, List<Dcp.Endpoint> endpoints) {
        db.update(DCP).set(DCP.ENDPOINTS, write(endpoints)).where(DCP.TENANT_ID.eq(tenantId)).execute();
    }

    public void key(UUID tenantId, String fingerprint) {
        db.update(DCP).set(DCP.KEY_FINGERPRINT, fingerprint).where(DCP.TENANT_ID.eq(tenantId)).execute();
    }

    public void record(UUID tenantId, String envelope) {
        db.update(DCP).set(DCP.RECORD_ENVELOPE, envelope).where(DCP.TENANT_ID.eq(tenantId)).execute();
    }

    public boolean stepDone(UUID tenantId, String step, String region) {
        return db.fetchExists(DCP_STEP, DCP_STEP.TENANT_ID.eq(tenantId).and(DCP_STEP.STEP.eq(step)).and(DCP_STEP.REGION.eq(region))
                .and(DCP_STEP.STATE.eq("DONE")));
    }

    public void stepStarted(UUID tenantId, String step, String region, Instant now) {
        db.insertInto(DCP_STEP).set(DCP_STEP.TENANT_ID, tenantId).set(DCP_STEP.STEP, step).set(DCP_STEP.REGION, region)
                .set(DCP_STEP.STATE, "RUNNING").set(DCP_STEP.STARTED_AT, at(now))
                .onConflict(DCP_STEP.TENANT_ID, DCP_STEP.STEP, DCP_STEP.REGION).doUpdate()
                .set(DCP_STEP.STATE, "RUNNING").set(DCP_STEP.STARTED_AT, at(now)).set(DCP_STEP.FINISHED_AT, (OffsetDateTime) null)
                .execute();
    }

    public void stepFinished(UUID tenantId, String step, String region, boolean done, String detail, Instant now) {
        db.update(DCP_STEP).set(DCP_STEP.STATE, done ? "DONE" : "FAILED").set(DCP_STEP.FINISHED_AT, at(now)).set(DCP_STEP.DETAIL, detail)
                .where(DCP_STEP.TENANT_ID.eq(tenantId).and(DCP_STEP.STEP.eq(step)).and(DCP_STEP.REGION.eq(region))).execute();
    }

    public long count(DcpState state) {
        return db.fetchCount(DCP, DCP.STATE.eq(state.name()));
    }

    private Dcp map(DcpRecord r) {
        List<Dcp.Step> steps = db.selectFrom(DCP_STEP).where(DCP_STEP.TENANT_ID.eq(r.getTenantId())).orderBy(DCP_STEP.STARTED_AT).fetch()
                .map(s -> new Dcp.Step(s.getStep(), s.getRegion(), s.getState(), instant(s.getStartedAt()), instant(s.getFinishedAt()),
                        s.getDetail()));
        return new Dcp(r.getTenantId(), r.getSlug(), DcpState.valueOf(r.getState()), plan(r.getPlan()), r.getPlanSha256(),
                r.getApprovalRequestId(), r.getRequestedBy(), r.getReason(),
                r.getApprovedBy() == null || r.getApprovedBy().isBlank() ? List.of() : List.of(r.getApprovedBy().split(",")),
                r.getEndpoints() == null ? List.of() : read(r.getEndpoints()), r.getKeyFingerprint(), r.getRecordEnvelope(),
                r.getLastError(), instant(r.getRequestedAt()), instant(r.getUpdatedAt()), instant(r.getActivatedAt()), steps);
    }

    static DcpPlan plan(String json) {
        try {
            return JSON.readValue(json, DcpPlan.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Dcp.Endpoint> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
