package com.companyos.tenants.ui;

import com.companyos.base.ConflictException;
import com.companyos.base.ui.Components;
import com.companyos.tenants.TeardownBlockedException;
import com.companyos.tenants.TeardownPlan;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.QueryParameters;

import java.util.UUID;

/** A tenant's teardown: the dry-run plan (what every store would lose, what blocks it) and, if clear, the request. */
class TeardownPanel extends Div {

    private final TenantService tenants;
    private final String slug;
    private final boolean operator;

    TeardownPanel(TenantService tenants, String slug, boolean operator) {
        this.tenants = tenants;
        this.slug = slug;
        this.operator = operator;
        add(new H3("Teardown"), Components.intro("See exactly what a teardown would remove in every store, "
                + "and what blocks it. Nothing is deleted without two-person approval."));
        Button plan = new Button("Show teardown plan", new Icon(VaadinIcon.LIST), e -> showPlan());
        plan.getElement().setAttribute("data-action", "teardown-plan");
        add(plan);
    }

    private void showPlan() {
        TeardownPlan plan;
        try {
            plan = tenants.teardownPlan(slug);
        } catch (RuntimeException e) {
            Components.failed(e.getMessage());
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Teardown plan: " + slug);
        Pre text = new Pre(plan.describe());
        text.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)");
        text.getElement().setAttribute("data-plan", plan.blocked() ? "blocked" : "clear");
        dialog.add(plan.blocked() ? Components.callout("bad", "Blocked: " + String.join("; ", plan.blockers()))
                : Components.callout("ok", "Nothing blocks this teardown; it needs " + plan.approvalsRequired() + " approvals."), text);
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        if (operator && !plan.blocked()) {
            TextArea reason = new TextArea("Reason");
            reason.setWidthFull();
            reason.setId("teardown-reason");
            dialog.add(reason);
            Button request = new Button("Request teardown", e -> {
                try {
                    UUID id = tenants.requestTeardown(slug, reason.getValue());
                    dialog.close();
                    Components.done("Teardown submitted for approval");
                    getUI().ifPresent(ui -> ui.navigate("approvals", QueryParameters.of("request", id.toString())));
                } catch (TeardownBlockedException ex) {
                    Components.failed(ex.getMessage());
                } catch (IllegalArgumentException | ConflictException ex) {
                    reason.setInvalid(true);
                    reason.setErrorMessage(ex.getMessage());
                }
            });
            request.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
            request.getElement().setAttribute("data-action", "request-teardown");
            dialog.getFooter().add(request);
        }
        dialog.setWidth("820px");
        dialog.open();
    }
}
