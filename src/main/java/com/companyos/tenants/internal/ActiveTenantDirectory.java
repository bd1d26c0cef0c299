package com.companyos.tenants.internal;

import com.companyos.base.ActiveTenants;
import com.companyos.tenants.Tenant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;
import java.util.UUID;

/** {@link ActiveTenants} from the tenant table: the active tenant holding a slug (at most one, by a unique index). */
@Component
class ActiveTenantDirectory implements ActiveTenants {

    private final TenantRepository tenants;

    ActiveTenantDirectory(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UUID> activeId(String slug) {
        return tenants.findActive(slug).map(Tenant::id);
    }
}
