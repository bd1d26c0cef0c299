package com.companyos.tenants.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** All tenants: where they live, whether they are residency-locked, and their status. */
@Route("tenants")
@PageTitle("Tenants")
@Menu(order = 5, icon = "vaadin:building", title = "Tenants")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE})
class TenantsView extends Main {

    TenantsView(TenantService tenants) {
        addClassName("view");
        getStyle().set("display", "flex").set("flex-direction", "column").set("height", "100%");
        Grid<Tenant> grid = new Grid<>();
        grid.addColumn(Tenant::slug).setHeader("Slug").setAutoWidth(true);
        grid.addColumn(t -> t.spec().name()).setHeader("Name").setAutoWidth(true);
        grid.addComponentColumn(t -> Components.badge(t.spec().zone().name() + (t.spec().residencyLocked() ? " · locked" : ""),
                t.spec().residencyLocked() ? "" : "contrast")).setHeader("Residency").setAutoWidth(true);
        grid.addColumn(t -> t.spec().primaryRegion().value()).setHeader("Primary").setAutoWidth(true);
        grid.addColumn(t -> t.spec().failoverRegion().value()).setHeader("Failover").setAutoWidth(true);
        grid.addColumn(Tenant::activeRegion).setHeader("Active").setAutoWidth(true);
        grid.addComponentColumn(t -> Components.badge(t.active() ? "Active" : "Torn down", t.active() ? "success" : "contrast"))
                .setHeader("Status").setAutoWidth(true);
        grid.addColumn(t -> Components.date(t.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.setItems(tenants.list());
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("tenants/" + e.getItem().slug())));
        grid.getElement().setAttribute("data-grid", "tenants");
        grid.setSizeFull();

        ViewHeader header = new ViewHeader("Tenants");
        if (CurrentUser.get().map(u -> u.hasRole(Role.OPERATOR) || u.hasRole(Role.PLATFORM_ADMIN)).orElse(false)) {
            Button create = new Button("New tenant", new Icon(VaadinIcon.PLUS), e -> getUI().ifPresent(ui -> ui.navigate("tenants/new")));
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            create.getElement().setAttribute("data-action", "new-tenant");
            header.add(create);
        }
        add(header, Components.intro("Each tenant lives in a primary region with a warm standby in its failover region. "
                + "Residency-locked tenants never leave their zone. Click a tenant for its manifest, tokens, holds and teardown."), grid);
    }
}
