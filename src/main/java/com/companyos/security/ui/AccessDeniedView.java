package com.companyos.security.ui;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.MainLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shown, with HTTP 403, when a signed-in person opens a view their role may not use (by menu or by typing the URL).
 * Each refusal is audited.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Access denied")
@PermitAll
public class AccessDeniedView extends Main implements HasErrorParameter<AccessDeniedException> {

    private final EvidenceRecorder evidence;

    AccessDeniedView(EvidenceRecorder evidence) {
        this.evidence = evidence;
        addClassName("view");
        getElement().setAttribute("data-view", "access-denied");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        String path = "/" + event.getLocation().getPath();
        evidence.record(AuditEvent.of("access.denied", "view:" + path).reason("Role may not open this view"));
        removeAll();
        add(new H2("Access denied"),
                Components.intro("Your role does not allow you to open " + path + ". If you need it, ask a platform "
                        + "admin to change your role. This attempt has been recorded in the audit log."),
                new Anchor("", "Back to the overview"));
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
