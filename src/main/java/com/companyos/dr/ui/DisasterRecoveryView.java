package com.companyos.dr.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.dr.Drill;
import com.companyos.dr.DrillService;
import com.companyos.dr.FailoverEvent;
import com.companyos.dr.FailoverKind;
import com.companyos.dr.FailoverService;
import com.companyos.dr.PostureService;
import com.companyos.dr.RegionPosture;
import com.companyos.dr.TenantPosture;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private final java.time.Clock clock;
    private final FailoverService failover;
    private final DrillService drills;
    private final boolean operator;
    private final boolean officer;
    private final Grid<TenantPosture> tenants = new Grid<>();
    private final Grid<Drill> drillGrid = new Grid<>();
    private final Grid<FailoverEvent> events = new Grid<>();
    private final Div detail = new Div();
    private final Chart regionLag = new Chart(new TimeSeriesChart("Replication lag"));
    private final Chart tenantLag = new Chart(new TimeSeriesChart("Replication lag"));
    private int ticks;
    private com.vaadin.flow.shared.Registration polling;

    DisasterRecoveryView(PostureService posture, FailoverService failover, DrillService drills, java.time.Clock clock) {
        this.clock = clock;
        this.posture = posture;
        this.failover = failover;
        this.drills = drills;
        this.operator = CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.OPERATOR)).orElse(false);
        this.officer = CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.COMPLIANCE_OFFICER)).orElse(false);
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
        tenants.asSingleSelect().addValueChangeListener(e -> showDetail(e.getValue()));

        drillGrid.addColumn(Drill::tenantSlug).setHeader("Tenant").setAutoWidth(true);
        drillGrid.addColumn(Drill::status).setHeader("Status").setAutoWidth(true);
        drillGrid.addColumn(Drill::progress).setHeader("Progress").setFlexGrow(1);
        drillGrid.addColumn(d -> d.rpoSeconds() == null ? "" : String.format(Locale.ROOT, "%.2f s (%d lost)", d.rpoSeconds(), d.rpoRecords()))
                .setHeader("RPO").setAutoWidth(true);
        drillGrid.addColumn(d -> d.rtoSeconds() == null ? "" : String.format(Locale.ROOT, "%.2f s", d.rtoSeconds())).setHeader("RTO").setAutoWidth(true);
        drillGrid.addComponentColumn(this::reportLinks).setHeader("Signed report").setAutoWidth(true);
        drillGrid.setAllRowsVisible(true);
        drillGrid.setEmptyStateText("No drill has run yet. Select a tenant above and start one.");

        events.addColumn(e -> e.tenantSlug()).setHeader("Tenant").setAutoWidth(true);
        events.addColumn(e -> e.kind() + (e.planned() ? " (planned)" : " (unplanned)")).setHeader("Move").setAutoWidth(true);
        events.addColumn(e -> e.fromRegion() + " → " + e.toRegion()).setHeader("Regions").setAutoWidth(true);
        events.addColumn(e -> e.epochTo()).setHeader("Epoch").setAutoWidth(true);
        events.addColumn(FailoverEvent::status).setHeader("Status").setAutoWidth(true);
        events.addColumn(e -> e.emergency() ? "emergency" + (e.reviewedAt() == null ? " — review pending" : " — reviewed by " + e.reviewedBy())
                : e.approvedBy() == null ? "" : "approved by " + e.approvedBy()).setHeader("Authority").setFlexGrow(1);
        events.addComponentColumn(e -> officer && e.emergency() && e.reviewedAt() == null ? button("Review…", () -> review(e)) : new Span())
                .setAutoWidth(true);
        events.setAllRowsVisible(true);
        events.setEmptyStateText("No failover or failback yet.");
        detail.getStyle().set("margin", "var(--lumo-space-m) 0 var(--lumo-space-l)");

        regionLag.getElement().setAttribute("data-chart", "region-lag");
        regionLag.setHeight("220px");
        tenantLag.getElement().setAttribute("data-chart", "tenant-lag");
        tenantLag.setHeight("200px");
        add(Components.div("card chart-card", new H3("Replication lag per region, last hour (worst tenant)"), regionLag));
        add(tenants, detail, new H3("Drills"), drillGrid, new H3("Failovers and failbacks"), events);
        refresh();
    }

    private Div reportLinks(Drill d) {
        Div links = new Div();
        if (d.reportReady()) {
            links.add(download("report.dsse.json", d, "application/json",
                    () -> drills.signedReport(d.id()).orElse("").getBytes(StandardCharsets.UTF_8)));
            links.add(new Span(" "));
            links.add(download("report.json", d, "application/json",
                    () -> drills.reportJson(d.id()).orElse("").getBytes(StandardCharsets.UTF_8)));
            links.add(new Span(" "));
            links.add(download("report.pdf", d, "application/pdf", () -> drills.reportPdf(d.id()).orElse(new byte[0])));
        } else if (d.error() != null) {
            links.add(new Span(d.error()));
        }
        return links;
    }

    private Anchor download(String name, Drill d, String type, java.util.function.Supplier<byte[]> bytes) {
        String file = "dr-drill-" + d.id() + "-" + name;
        Anchor a = new Anchor();
        a.setText(name);
        a.setHref((DownloadHandler) event -> {
            event.setFileName(file);
            event.setContentType(type);
            event.getOutputStream().write(bytes.get());
        });
        a.getElement().setAttribute("download", true);
        return a;
    }

    private void showDetail(TenantPosture p) {
        detail.removeAll();
        if (p == null) {
            return;
        }
        var facts = Components.facts();
        Components.fact(facts, "Residency", p.zone() + (p.residencyLocked() ? ", locked" : ""));
        Components.fact(facts, "Primary / failover", p.primaryRegion() + " / " + p.failoverRegion());
        Components.fact(facts, "Allowed during failover", p.failoverOperations());
        Components.fact(facts, "Standby role", String.valueOf(p.standbyRole()));
        if (p.problem() != null) {
            Components.fact(facts, "Replication problem", p.problem());
        }
        Div checks = new Div();
        for (TenantPosture.Check c : p.checks()) {
            checks.add(new Div(Components.badge(c.ok() ? "25" : "0", c.ok() ? "success" : "error"), new Span(" " + c.name() + " — " + c.why())));
        }
        tenantLag.show(lagChart(p.slug() + " replication lag, last hour", posture.lagHistory(p.slug(), Duration.ofHours(1)).stream()
                .collect(java.util.stream.Collectors.groupingBy(RegionPosture.TenantLagPoint::region, java.util.TreeMap::new,
                        java.util.stream.Collectors.mapping(l -> new TimeSeriesChart.Point(l.at(), l.seconds()), java.util.stream.Collectors.toList())))));
        detail.add(new H3(p.slug()), facts, checks, tenantLag);
        if (officer && p.failedOver() && !p.failoverOperations().contains("WRITE")) {
            detail.add(new HorizontalLayout(button("Confirm writes…", () -> confirmWrites(p))));
        }
        if (operator) {
            HorizontalLayout actions = new HorizontalLayout();
            if (p.failedOver()) {
                actions.add(button("Fail back…", () -> move(p, FailoverKind.FAILBACK)));
            } else {
                actions.add(button("Fail over…", () -> move(p, FailoverKind.FAILOVER)), button("Start drill…", () -> drill(p)));
            }
            detail.add(actions);
        }
    }

    private void move(TenantPosture p, FailoverKind kind) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle((kind == FailoverKind.FAILOVER ? "Fail over " : "Fail back ") + p.slug() + " to " + p.standbyRegion());
        Checkbox planned = new Checkbox("Planned: " + p.activeRegion() + " is up and hands over without loss", true);
        Checkbox emergency = new Checkbox("Emergency: execute now without approvals (audited and flagged for review)");
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        Button go = new Button("Request", e -> {
            try {
                FailoverService.Outcome o = failover.request(p.slug(), kind, planned.getValue(), emergency.getValue(), reason.getValue());
                notify(o.request() != null ? "Sent for two-person approval" : "Done: " + o.timeline().toRegion() + " serves " + p.slug()
                        + " under epoch " + o.timeline().epoch(), true);
                dialog.close();
                refresh();
            } catch (RuntimeException ex) {
                notify(ex.getMessage(), false);
            }
        });
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new Div(planned), new Div(emergency), reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), go);
        dialog.open();
    }

    private void drill(TenantPosture p) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("DR drill of " + p.slug());
        dialog.add(new Html("<p>The drill writes synthetic records, <b>kills the " + p.activeRegion() + " agent</b> (every tenant served "
                + "there is affected), fails over to " + p.standbyRegion() + " and measures RPO and RTO. It needs two approvals.</p>"));
        Checkbox failBack = new Checkbox("Fail back to " + p.activeRegion() + " afterwards", true);
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        Button go = new Button("Request drill", e -> {
            try {
                drills.request(p.slug(), failBack.getValue(), reason.getValue());
                notify("Drill requested; it starts once approved", true);
                dialog.close();
                refresh();
            } catch (RuntimeException ex) {
                notify(ex.getMessage(), false);
            }
        });
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new Div(failBack), reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), go);
        dialog.open();
    }

    private void confirmWrites(TenantPosture p) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Confirm writes for " + p.slug() + " on " + p.activeRegion());
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        dialog.add(new Div(new Span(p.slug() + " is read-only while failed over (" + p.failoverOperations() + "). Confirming allows its "
                + "applications to write in " + p.activeRegion() + " until the next failover or failback.")), reason);
        dialog.getFooter().add(new Button("Cancel", x -> dialog.close()), button("Confirm writes", () -> {
            try {
                failover.confirmFailoverWrites(p.slug(), reason.getValue());
                notify("Writes confirmed for " + p.slug(), true);
                dialog.close();
                refresh();
            } catch (RuntimeException ex) {
                notify(ex.getMessage(), false);
            }
        }));
        dialog.open();
    }

    private void review(FailoverEvent e) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Review emergency " + e.kind().name().toLowerCase() + " of " + e.tenantSlug());
        TextArea note = new TextArea("Review note");
        note.setWidthFull();
        dialog.add(new Div(new Span("Declared by " + e.requestedBy() + ": " + e.reason())), note);
        dialog.getFooter().add(new Button("Cancel", x -> dialog.close()), button("Record review", () -> {
            try {
                failover.review(e.id(), note.getValue());
                dialog.close();
                refresh();
            } catch (RuntimeException ex) {
                notify(ex.getMessage(), false);
            }
        }));
        dialog.open();
    }

    private static Button button(String text, Runnable action) {
        return new Button(text, e -> action.run());
    }

    private static void notify(String text, boolean ok) {
        Notification n = Notification.show(text, 5000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(ok ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
    }

    private TimeSeriesChart lagChart(String title, Map<String, List<TimeSeriesChart.Point>> byRegion) {
        java.time.Instant now = clock.instant();
        TimeSeriesChart chart = new TimeSeriesChart(title).unit("s").range(now.minus(Duration.ofHours(1)), now)
                .target(PostureService.LAG_TARGET_SECONDS, "target " + PostureService.LAG_TARGET_SECONDS + " s");
        int i = 0;
        for (var e : byRegion.entrySet()) {
            chart.series(e.getKey(), ChartColor.series(i++), e.getValue());
        }
        return chart;
    }

    private void refresh() {
        if (ticks++ % 5 == 0) { // the lag series gains a point every 10 s
            regionLag.show(lagChart("Replication lag of the worst tenant per region, last hour",
                    posture.regionLagHistory(Duration.ofHours(1)).entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().stream().map(l -> new TimeSeriesChart.Point(l.at(), l.maxSeconds())).toList(),
                            (a, b) -> a, java.util.TreeMap::new))));
        }
        TenantPosture selected = tenants.asSingleSelect().getValue();
        List<TenantPosture> all = posture.posture();
        tenants.setItems(all);
        if (selected != null) {
            all.stream().filter(p -> p.slug().equals(selected.slug())).findFirst().ifPresent(p -> {
                tenants.asSingleSelect().setValue(p);
            });
        }
        drillGrid.setItems(drills.recent(null, 20));
        events.setItems(failover.events(null, 20));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(2000);
        polling = event.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove(); // or every later visit would add another listener to the same UI
            polling = null;
        }
    }
}
