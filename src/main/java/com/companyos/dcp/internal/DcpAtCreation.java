package com.companyos.dcp.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Role;
import com.companyos.dcp.DcpService;
import com.companyos.security.SystemActor;
import com.companyos.tenants.TenantCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * A tenant created with the DCP option (wizard, REST, CLI) gets its Dedicated Compliance Partition requested at once,
 * on behalf of its requester: the partition's own plan then needs its own two approvals (they are the co-signatures of
 * the DCP record, ADR 0011). A request that cannot be filed does not undo the tenant; it is audited and can be filed
 * again from the Compliance partitions view.
 */
@Component
class DcpAtCreation {

    private static final Logger log = LoggerFactory.getLogger(DcpAtCreation.class);
    private static final SystemActor ACTOR = new SystemActor("system:dcp", Set.of(Role.OPERATOR));

    private final DcpService dcps;
    private final EvidenceRecorder evidence;

    DcpAtCreation(DcpService dcps, EvidenceRecorder evidence) {
        this.dcps = dcps;
        this.evidence = evidence;
    }

    @EventListener
    void created(TenantCreated created) {
        if (!created.dcpRequested()) {
            return;
        }
        try {
            ACTOR.run(() -> dcps.request(created.slug(), "Requested with the tenant's creation by " + created.requestedBy()
                    + (created.approvalRequestId() == null ? "" : " (creation request " + created.approvalRequestId() + ")")));
        } catch (RuntimeException e) {
            log.warn("The DCP of new tenant {} could not be requested: {}", created.slug(), e.getMessage());
            evidence.record(AuditEvent.by("system:dcp", "dcp.request-failed", "tenant:" + created.slug()).reason(e.getMessage()));
        }
    }
}
