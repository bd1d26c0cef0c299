package com.companyos.tenants.ui;

import com.companyos.base.ConflictException;
import com.companyos.base.ui.Components;
import com.companyos.regions.AgentClient;
import com.companyos.tenants.IssuedToken;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.companyos.tenants.TenantToken;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

/** A tenant's API tokens: the list, revocation, and issuing a new one (shown once, only its hash is kept). */
class TenantTokensPanel extends Div {

    private final TenantService tenants;
    private final String slug;
    private final Runnable changed;

    TenantTokensPanel(TenantService tenants, Tenant t, boolean operator, Runnable changed) {
        this.tenants = tenants;
        this.slug = t.slug();
        this.changed = changed;
        add(new H3("Tenant API tokens"), Components.intro("What the tenant's applications present to the data API of "
                + t.spec().primaryRegion() + ". Only a hash is kept; a token is shown once."));
        Grid<TenantToken> grid = new Grid<>();
        grid.addColumn(TenantToken::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(TenantToken::prefix).setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(x -> Components.dateTime(x.createdAt()) + " by " + x.createdBy()).setHeader("Issued").setAutoWidth(true);
        grid.addColumn(x -> x.revokedAt() == null ? "active" : "revoked " + Components.date(x.revokedAt())).setHeader("State").setAutoWidth(true);
        if (operator) {
            grid.addComponentColumn(x -> {
                Button revoke = new Button("Revoke", e -> revoke(x));
                revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                revoke.setVisible(x.revokedAt() == null);
                return revoke;
            }).setAutoWidth(true);
        }
        grid.setItems(tenants.tokens(slug));
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(grid);
        if (operator) {
            TextField name = new TextField();
            name.setPlaceholder("Application name");
            Button issue = new Button("Issue token", new Icon(VaadinIcon.KEY), e -> issue(name.getValue()));
            issue.getElement().setAttribute("data-action", "issue-token");
            add(new HorizontalLayout(name, issue));
        }
    }

    private void revoke(TenantToken token) {
        try {
            tenants.revokeToken(slug, token.id());
            Components.done("Token revoked");
            changed.run();
        } catch (RuntimeException e) {
            Components.failed(e.getMessage());
        }
    }

    private void issue(String name) {
        try {
            showOnce(tenants.issueToken(slug, name));
            changed.run();
        } catch (IllegalArgumentException | ConflictException | AgentClient.AgentUnavailableException | AgentClient.AgentRefusedException ex) {
            Components.failed(ex.getMessage());
        }
    }

    private static void showOnce(IssuedToken token) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Tenant API token for " + token.name());
        TextField value = new TextField("Copy it now: it is not shown again");
        value.setValue(token.token());
        value.setReadOnly(true);
        value.setWidthFull();
        value.setId("issued-token");
        dialog.add(value, Components.intro("Data API: " + token.dataUrl() + "/data/v1/records/{key} with Authorization: Bearer <token>"));
        Button close = new Button("I have stored it", e -> dialog.close());
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(close);
        dialog.setWidth("640px");
        dialog.open();
    }
}
