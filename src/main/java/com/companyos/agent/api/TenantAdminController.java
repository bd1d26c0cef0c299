package com.companyos.agent.api;

import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agent.tenancy.TenantNamespaces;
import com.companyos.agent.tenancy.TenantTokens;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.NamespaceRemoval;
import com.companyos.agentapi.control.NamespaceRequest;
import com.companyos.agentapi.control.TenantTokenGrant;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** The control plane's hold on tenants in this region: namespaces and tenant API tokens. Control plane only. */
@RestController
class TenantAdminController {

    private final TenantNamespaces namespaces;
    private final TenantTokens tokens;

    TenantAdminController(TenantNamespaces namespaces, TenantTokens tokens) {
        this.namespaces = namespaces;
        this.tokens = tokens;
    }

    @PutMapping(AgentPaths.NAMESPACE)
    NamespaceInfo create(@PathVariable UUID tenantId, @RequestBody NamespaceRequest body, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        if (body == null || body.slug() == null || body.zone() == null) {
            throw new IllegalArgumentException("slug and zone are required");
        }
        return namespaces.create(tenantId, body);
    }

    @GetMapping(AgentPaths.NAMESPACE)
    ResponseEntity<NamespaceInfo> describe(@PathVariable UUID tenantId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return ResponseEntity.of(namespaces.describe(tenantId));
    }

    @DeleteMapping(AgentPaths.NAMESPACE)
    NamespaceRemoval remove(@PathVariable UUID tenantId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return namespaces.remove(tenantId);
    }

    @PutMapping(AgentPaths.TENANT_TOKEN)
    ResponseEntity<Void> grant(@PathVariable UUID tenantId, @PathVariable UUID tokenId, @RequestBody TenantTokenGrant body,
                               HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        tokens.grant(tenantId, tokenId, body == null ? null : body.sha256());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(AgentPaths.TENANT_TOKEN)
    ResponseEntity<Void> revoke(@PathVariable UUID tenantId, @PathVariable UUID tokenId, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        tokens.revoke(tenantId, tokenId);
        return ResponseEntity.noContent().build();
    }
}
