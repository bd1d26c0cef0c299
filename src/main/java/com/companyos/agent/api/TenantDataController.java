package com.companyos.agent.api;

import com.companyos.agent.data.DataGate;
import com.companyos.agent.decisions.EvidenceQueries;
import com.companyos.agent.data.GovernedRecords;
import com.companyos.agent.data.GovernedTransfers;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.AnalyticsRequest;
import com.companyos.agentapi.data.AnalyticsResult;
import com.companyos.agentapi.data.RecordWrite;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.agentapi.data.StoredRecord;
import com.companyos.agentapi.data.TransferRequest;
import com.companyos.agentapi.data.TransferResult;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * The tenant data API (data port): a tenant's application stores, reads, queries, exports, analyses and sends out its
 * records in its region. Every call passes the {@link DataGate} (ingress) and is decided at its seam; every answer
 * names the decision and the signed receipt that record it.
 */
@RestController
class TenantDataController {

    private final DataGate gate;
    private final GovernedRecords records;
    private final GovernedTransfers transfers;
    private final EvidenceQueries evidence;

    TenantDataController(DataGate gate, GovernedRecords records, GovernedTransfers transfers, EvidenceQueries evidence) {
        this.gate = gate;
        this.records = records;
        this.transfers = transfers;
        this.evidence = evidence;
    }

    @PutMapping(AgentPaths.RECORD)
    StoredRecord put(@PathVariable String slug, @PathVariable String key, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                     @RequestBody(required = false) RecordWrite body) {
        return records.put(gate.admit(slug, auth, "PUT record " + key), key, body);
    }

    @GetMapping(AgentPaths.RECORD)
    ResponseEntity<StoredRecord> get(@PathVariable String slug, @PathVariable String key,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return ResponseEntity.of(records.get(gate.admit(slug, auth, "GET record " + key), key));
    }

    @DeleteMapping(AgentPaths.RECORD)
    ResponseEntity<Void> delete(@PathVariable String slug, @PathVariable String key,
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return records.delete(gate.admit(slug, auth, "DELETE record " + key), key) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @GetMapping(AgentPaths.RECORDS)
    List<GovernedRecords.Listed> query(@PathVariable String slug, @RequestParam(name = "q", required = false) String text,
                                       @RequestParam(required = false) String classification,
                                       @RequestParam(defaultValue = "50") int limit,
                                       @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return records.query(gate.admit(slug, auth, "QUERY records"), text, classification, limit);
    }

    @PostMapping(AgentPaths.EXPORTS)
    TransferResult export(@PathVariable String slug, @RequestBody(required = false) TransferRequest body,
                          @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return transfers.export(gate.admit(slug, auth, "EXPORT"), body);
    }

    @PostMapping(AgentPaths.EGRESS)
    TransferResult egress(@PathVariable String slug, @RequestBody(required = false) TransferRequest body,
                          @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return transfers.egress(gate.admit(slug, auth, "EGRESS"), body);
    }

    @PostMapping(AgentPaths.ANALYTICS)
    AnalyticsResult analytics(@PathVariable String slug, @RequestBody(required = false) AnalyticsRequest body,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return transfers.analytics(gate.admit(slug, auth, "ANALYTICS"), body);
    }

    @GetMapping(AgentPaths.TENANT_RECEIPT)
    ResponseEntity<SignedReceipt> receipt(@PathVariable String slug, @PathVariable UUID receiptId,
                                          @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        TenantRef tenant = gate.admit(slug, auth, "GET receipt " + receiptId);
        return ResponseEntity.of(evidence.receipt(receiptId).filter(r -> r.body().contains("\"tenant\":\"" + tenant.slug() + "\"")));
    }
}
