package com.companyos.agent.api;

import com.companyos.agent.internal.TenantRecords;
import com.companyos.agent.internal.TenantTokenFilter;
import com.companyos.agent.internal.TenantTokens.TenantPrincipal;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.RecordWrite;
import com.companyos.agentapi.StoredRecord;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The tenant data API: a tenant's application stores and reads its records in its region. */
@RestController
class RecordsController {

    private final TenantRecords records;

    RecordsController(TenantRecords records) {
        this.records = records;
    }

    @PutMapping(AgentPaths.RECORD)
    StoredRecord put(@RequestAttribute(TenantTokenFilter.TENANT) TenantPrincipal tenant, @PathVariable String key,
                     @RequestBody(required = false) RecordWrite body) {
        return records.put(tenant, key, body);
    }

    @GetMapping(AgentPaths.RECORD)
    ResponseEntity<StoredRecord> get(@RequestAttribute(TenantTokenFilter.TENANT) TenantPrincipal tenant, @PathVariable String key) {
        return ResponseEntity.of(records.get(tenant, key));
    }

    @DeleteMapping(AgentPaths.RECORD)
    ResponseEntity<Void> delete(@RequestAttribute(TenantTokenFilter.TENANT) TenantPrincipal tenant, @PathVariable String key) {
        return records.delete(tenant, key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
