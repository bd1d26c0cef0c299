package com.companyos.residency.internal;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.ui.MenuBadge;
import com.companyos.residency.ResidencyAlerts;
import org.springframework.stereotype.Component;

/** The red number next to "Residency" in staff menus: open residency alerts. */
@Component
class ResidencyAlertsBadge implements MenuBadge {

    private final ResidencyAlerts alerts;

    ResidencyAlertsBadge(ResidencyAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public String path() {
        return "/residency";
    }

    @Override
    public String theme() {
        return "error";
    }

    @Override
    public int count() {
        boolean staff = CurrentUser.get().map(u -> u.roles().stream().anyMatch(r -> r != Role.CUSTOMER)).orElse(false);
        return staff ? alerts.openCount() : 0;
    }

    @Override
    public Runnable subscribe(Runnable changed) {
        return alerts.subscribe(changed);
    }
}
