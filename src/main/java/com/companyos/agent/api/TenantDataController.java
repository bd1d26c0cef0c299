package com.companyos.agent.api;

import com.companyos.agent.data.GovernedRecords;
import com.companyos.agent.data.GovernedTransfers;
import com.companyos.agent.decisions.EvidenceQueries;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.AnalyticsRequest;
import com.companyos.agentapi.data.AnalyticsResult;
import com.companyos.agentapi.data.RecordWrite;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.agentapi.data.StoredRecord;
import com.companyos.agentapi.data.TransferRequest;
import com.companyos.agentapi.data.TransferResult;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * The tenant data API (data port): a tenant's application stores, reads, queries, exports, analyses and sends out its
 * records in its region. Every call is admitted by the {@link DataPortDoor} (ingress, token) before its body is read and is decided at its seam; every answer
 * names the decision and the signed receipt that record it.
 */
@RestController
class TenantDataController {

    private final GovernedRecords records;
    private final GovernedTransfers transfers;
    private final EvidenceQueries evidence;

    TenantDataController(GovernedRecords records, GovernedTransfers transfers, EvidenceQueries evidence) {
        this.records = records;
        this.transfers = transfers;
        this.evidence = evidence;
    }

    @PutMapping(AgentPaths.RECORD)
    StoredRecord put(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @PathVariable String key, @RequestBody(required = false) RecordWrite body) {
        return records.put(tenant, key, body);
    }

    @GetMapping(AgentPaths.RECORD)
    ResponseEntity<StoredRecord> get(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @PathVariable String key) {
        return ResponseEntity.of(records.get(tenant, key));
    }

    @DeleteMapping(AgentPaths.RECORD)
    ResponseEntity<Void> delete(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @PathVariable String key) {
        return records.delete(tenant, key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping(AgentPaths.RECORDS)
    List<GovernedRecords.Listed> query(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @RequestParam(name = "q", required = false) String text,
                                       @RequestParam(required = false) String classification,
                                       @RequestParam(defaultValue = "50") int limit) {
        return records.query(tenant, text, classification, limit);
    }

    @PostMapping(AgentPaths.EXPORTS)
    TransferResult export(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @RequestBody(required = false) TransferRequest body) {
        return transfers.export(tenant, body);
    }

    @PostMapping(AgentPaths.EGRESS)
    TransferResult egress(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @RequestBody(required = false) TransferRequest body) {
        return transfers.egress(tenant, body);
    }

    @PostMapping(AgentPaths.ANALYTICS)
    AnalyticsResult analytics(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @RequestBody(required = false) AnalyticsRequest body) {
        return transfers.analytics(tenant, body);
    }

    @GetMapping(AgentPaths.TENANT_RECEIPT)
    ResponseEntity<SignedReceipt> receipt(@RequestAttribute(DataPortDoor.TENANT) TenantRef tenant, @PathVariable UUID receiptId) {
        return ResponseEntity.of(evidence.receipt(receiptId).filter(r -> r.body().contains("\"tenant\":\"" + tenant.slug() + "\"")));
    }
}
