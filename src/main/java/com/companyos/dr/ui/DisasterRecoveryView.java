package com.companyos.dr.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.dr.DrillService;
import com.companyos.dr.FailoverService;
import com.companyos.dr.PostureService;
import com.companyos.dr.TenantPosture;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Multi-region posture and DR: per tenant the active and standby regions, epoch, replication lag, failover readiness
 * (with the four checks that make the score), failover/failback and drills with live progress and signed reports.
 * Refreshes every two seconds while open.
 */
@Route("disaster-recovery")
@PageTitle("Disaster recovery")
@Menu(order = 12, icon = "vaadin:cluster", title = "Disaster recovery")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE})
class DisasterRecoveryView extends Main {

    private final PostureService posture;
    private final Clock clock;
    private final Grid<TenantPosture> tenants = new Grid<>();
    private final TenantPosturePanel detail;
    private final DrillsGrid drillGrid;
    private final FailoverEventsGrid events;
    private final Chart regionLag = new Chart(new TimeSeriesChart("Replication lag"));
    private int ticks;

    DisasterRecoveryView(PostureService posture, FailoverService failover, DrillService drills, Clock clock) {
        this.clock = clock;
        this.posture = posture;
        boolean operator = CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.OPERATOR)).orElse(false);
        boolean officer = CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.COMPLIANCE_OFFICER)).orElse(false);
        detail = new TenantPosturePanel(posture, failover, drills, clock, operator, officer, this::refresh);
        drillGrid = new DrillsGrid(drills);
        events = new FailoverEventsGrid(failover, officer, this::refresh);
        addClassName("view");
        add(new H2("Disaster recovery"), Components.intro("Each tenant runs active-passive: its active region ships every change, "
                + "in order, to its standby region over mutual TLS, and the residency policy decides every batch. Failover "
                + "readiness is four checks of 25 points each — standby reachable, lag under 1 s, a passed drill within 90 days, "
                + "and the policy allowing the standby. This page refreshes every two seconds."));

        tenants.addColumn(TenantPosture::slug).setHeader("Tenant").setAutoWidth(true);
        tenants.addColumn(p -> p.activeRegion() + (p.failedOver() ? " (failed over)" : "")).setHeader("Active").setAutoWidth(true);
        tenants.addColumn(TenantPosture::standbyRegion).setHeader("Standby").setAutoWidth(true);
        tenants.addColumn(TenantPosture::epoch).setHeader("Epoch").setAutoWidth(true);
        tenants.addColumn(TenantPosture::replicationMode).setHeader("Mode").setAutoWidth(true);
        tenants.addColumn(p -> p.seqBehind() < 0 ? "not reporting" : String.format(Locale.ROOT, "%d / %.2f s", p.seqBehind(), p.secondsBehind()))
                .setHeader("Lag (changes / s)").setAutoWidth(true);
        tenants.addColumn(p -> String.format(Locale.ROOT, "%.2f s", p.lagP95LastHour())).setHeader("Lag p95 (1 h)").setAutoWidth(true);
        tenants.addComponentColumn(p -> Components.badge(p.readiness() + " / 100", p.readiness() == 100 ? "success" : p.readiness() >= 50 ? "contrast" : "error"))
                .setHeader("Readiness").setAutoWidth(true);
        tenants.addColumn(p -> p.lastDrill() == null ? "none" : p.lastDrill().status()).setHeader("Last drill").setAutoWidth(true);
        tenants.setAllRowsVisible(true);
        tenants.setEmptyStateText("No tenants yet.");
        tenants.asSingleSelect().addValueChangeListener(e -> detail.show(e.getValue()));

        regionLag.getElement().setAttribute("data-chart", "region-lag");
        regionLag.setHeight("220px");
        add(Components.div("card chart-card", new H3("Replication lag per region, last hour (worst tenant)"), regionLag));
        add(tenants, detail, new H3("Drills"), drillGrid, new H3("Failovers and failbacks"), events);
        refresh();
        com.companyos.base.ui.Polling.every(this, 2000, this::refresh);
    }

    private void refresh() {
        if (ticks++ % 5 == 0) { // the lag series gains a point every 10 s
            regionLag.show(LagChart.lastHour("Replication lag of the worst tenant per region, last hour",
                    posture.regionLagHistory(Duration.ofHours(1)).entrySet().stream().collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().stream().map(l -> new TimeSeriesChart.Point(l.at(), l.maxSeconds())).toList(),
                            (a, b) -> a, TreeMap::new)), clock.instant()));
        }
        TenantPosture selected = tenants.asSingleSelect().getValue();
        List<TenantPosture> all = posture.posture();
        tenants.setItems(all);
        if (selected != null) {
            all.stream().filter(p -> p.slug().equals(selected.slug())).findFirst().ifPresent(p -> tenants.asSingleSelect().setValue(p));
        }
        drillGrid.refresh();
        events.refresh();
    }


}
