package com.companyos.audit.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RefusalLog;
import org.springframework.stereotype.Component;

/** Refusals reported by the API's error answers, kept in the audit log (each in a transaction of its own). */
@Component
class AuditRefusalLog implements RefusalLog {

    private final EvidenceRecorder evidence;

    AuditRefusalLog(EvidenceRecorder evidence) {
        this.evidence = evidence;
    }

    @Override
    public void refused(String target, String reason) {
        evidence.recordRefusal(AuditEvent.of("access.refused", target).reason(reason));
    }
}
