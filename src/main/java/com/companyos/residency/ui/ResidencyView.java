package com.companyos.residency.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.residency.ProofBundleService;
import com.companyos.residency.RegionDecision;
import com.companyos.residency.ResidencyAlerts;
import com.companyos.residency.ResidencyOverview;
import com.companyos.residency.ResidencyService;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Residency at a glance: decisions by seam and region over a period, the violations prevented (denials) with a
 * drill-down to each decision and its signed receipt, the synthetic probe's latest run and open alerts, and the
 * per-tenant proof bundle. Customers see their own tenant only.
 */
@Route("residency")
@PageTitle("Residency")
@Menu(order = 30, icon = "vaadin:shield", title = "Residency")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE, Roles.CUSTOMER})
class ResidencyView extends Main implements BeforeEnterObserver {

    private final ResidencyService residency;
    private final Clock clock;
    private final boolean staff;
    private final String ownTenant;
    private final Select<Period> period = new Select<>();
    private final ComboBox<String> tenant = new ComboBox<>("Tenant");
    private final ResidencyAlertsPanel alertsPanel;
    private final DecisionCountsPanel counts = new DecisionCountsPanel();
    private final Grid<RegionDecision> denials = new Grid<>();

    ResidencyView(ResidencyService residency, ResidencyAlerts alerts, ProofBundleService bundles, TenantService tenants, Clock clock) {
        this.residency = residency;
        this.clock = clock;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        staff = user.roles().stream().anyMatch(r -> r != Role.CUSTOMER);
        boolean auditor = user.hasRole(Role.COMPLIANCE_OFFICER) || user.hasRole(Role.PLATFORM_ADMIN);
        ownTenant = staff ? null : tenants.boundTenant().map(Tenant::slug).orElse(null);

        period.setLabel("Period");
        period.setItems(Period.values());
        period.setItemLabelGenerator(Period::label);
        period.setValue(Period.DAY);
        period.setId("residency-period");
        period.addValueChangeListener(e -> refresh());
        tenant.setId("residency-tenant");
        tenant.setClearButtonVisible(true);
        tenant.setPlaceholder("All tenants");
        if (staff) {
            tenant.setItems(tenants.list().stream().filter(Tenant::active).map(Tenant::slug).toList());
        } else {
            tenant.setItems(ownTenant == null ? List.of() : List.of(ownTenant));
            tenant.setValue(ownTenant);
            tenant.setReadOnly(true);
        }
        tenant.addValueChangeListener(e -> refresh());
        Button reload = new Button(new Icon(VaadinIcon.REFRESH), e -> refresh());
        reload.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        reload.setAriaLabel("Refresh");
        add(new ViewHeader("Residency", period, tenant, reload), Components.intro("Every governed operation is decided where it "
                + "happens, deny by default, and leaves a decision and a signed receipt in that region. Denials are the violations "
                + "prevented: click one for its decision, the policies that made it and its receipt."));

        alertsPanel = staff ? new ResidencyAlertsPanel(residency, alerts, clock, auditor) : null;
        if (alertsPanel != null) {
            add(alertsPanel);
        }
        add(counts);

        denials.addColumn(d -> Components.dateTime(d.decision().decidedAt())).setHeader("Time (UTC)").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(RegionDecision::region).setHeader("Where").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> d.decision().tenant()).setHeader("Tenant").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> DecisionDialog.seamLabel(d.decision().seam())).setHeader("Seam").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> d.decision().rationale()).setHeader("Why it was denied").setFlexGrow(1);
        denials.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        denials.setAllRowsVisible(true);
        denials.getElement().setAttribute("data-grid", "denials");
        denials.addItemClickListener(e -> new DecisionDialog(residency, e.getItem().region(),
                UUID.fromString(e.getItem().decision().decisionId())).open());
        add(new H3("Violations prevented"), denials);

        if (auditor || !staff) {
            add(new ProofBundlePanel(bundles, () -> staff ? tenant.getValue() : ownTenant, clock));
        }
        if (auditor) {
            add(new DecisionChainsPanel(residency));
        }
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        params.getOrDefault("period", List.of()).stream().findFirst().flatMap(Period::of).ifPresent(period::setValue);
        var region = params.getOrDefault("region", List.of());
        var decision = params.getOrDefault("decision", List.of());
        if (!region.isEmpty() && !decision.isEmpty()) {
            try {
                new DecisionDialog(residency, region.get(0), UUID.fromString(decision.get(0))).open();
            } catch (IllegalArgumentException e) {
                Notification.show("Not a decision ID: " + decision.get(0), 4000, Notification.Position.BOTTOM_END);
            }
        }
    }

    private void refresh() {
        Instant now = clock.instant();
        Period p = period.getValue() == null ? Period.DAY : period.getValue();
        Instant from = now.minus(p.span());
        Instant to = now.plusSeconds(1);
        String slug = staff ? tenant.getValue() : ownTenant;
        try {
            ResidencyOverview overview = residency.overview(from, to, slug);
            counts.show(overview, p);
            denials.setItems(residency.decisions(from, to, false, slug, 200).decisions());
            counts.showUnavailable(overview.unavailable());
        } catch (RuntimeException e) {
            counts.showError(e.getMessage());
        }
        if (alertsPanel != null) {
            alertsPanel.refresh();
        }
    }
}
