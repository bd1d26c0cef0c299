package com.companyos.approvals.internal;

import com.companyos.approvals.ApprovalChanged;
import com.companyos.approvals.ApprovalService;
import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.ui.MenuBadge;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The number next to "Approvals" in the menu: requests the signed-in compliance officer can vote on now. Updated by
 * push whenever any request changes on this console (the count itself is always read from the database).
 */
@Component
class ApprovalsBadge implements MenuBadge {

    private final ApprovalService approvals;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ApprovalsBadge(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public String path() {
        return "/approvals";
    }

    @Override
    public int count() {
        return CurrentUser.get().filter(u -> u.hasRole(Role.COMPLIANCE_OFFICER)).map(u -> approvals.awaitingMyVote()).orElse(0);
    }

    @Override
    public Runnable subscribe(Runnable changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    @EventListener
    void on(ApprovalChanged change) {
        listeners.forEach(Runnable::run);
    }
}
