package com.companyos.dashboards.ui;

import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.Chart;
import com.companyos.dashboards.ExecutiveOverview;
import com.companyos.dr.Drill;
import com.companyos.dr.RegionPosture;
import com.companyos.residency.DecisionTrends;
import com.companyos.tenants.TenantCensus;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The executive overview's figures: stat cards, charts and the per-region table, each with a link to the view that
 * holds the evidence behind it (only when the signed-in person may open that view). Updated in place.
 */
class ExecutiveFigures extends Div {

    private final Set<String> openable;
    private final Div stats = Components.div("card-grid stat-grid");
    private final Chart tenants = chart("tenants-by-zone");
    private final Chart violations = chart("violations-per-day");
    private final Chart processing = chart("processing-regions");
    private final Chart lag = chart("replication-lag");
    private final Chart readiness = chart("failover-readiness");
    private final Grid<RegionPosture> regions = new Grid<>();
    private final Div footnote = Components.div("view-intro");

    ExecutiveFigures(Set<String> openable) {
        this.openable = openable;
        regions.addColumn(RegionPosture::region).setHeader("Region").setAutoWidth(true);
        regions.addColumn(r -> r.healthy() ? "healthy" : "not healthy").setHeader("Agent").setAutoWidth(true);
        regions.addColumn(r -> r.readyTenants() + " of " + r.activeTenants()
                + (r.notReporting() == 0 ? "" : " (" + r.notReporting() + " not reporting)")).setHeader("Ready to fail over").setAutoWidth(true);
        regions.addColumn(r -> String.format(Locale.ROOT, "%.2f / %.2f s", r.p95LagSeconds(), r.maxLagSeconds()))
                .setHeader("Lag p95 / worst").setAutoWidth(true);
        regions.addThemeVariants(GridVariant.LUMO_COMPACT);
        regions.setAllRowsVisible(true);
        regions.setEmptyStateText("No regions are configured.");
        regions.getElement().setAttribute("data-grid", "region-posture");

        Div charts = Components.div("card-grid chart-grid",
                card("Violations prevented per day", violations, "/residency?period=month", "Residency evidence"),
                card("Where decisions were processed", processing, "/residency?period=month", "Residency evidence"),
                card("Tenants by zone and residency lock", tenants, "/tenants", "Tenants"),
                card("Replication lag, last hour", lag, "/disaster-recovery", "Disaster recovery"),
                card("Failover readiness per region", readiness, "/disaster-recovery", "Disaster recovery"),
                Components.div("card chart-card", new H3("Regions"), regions, link("/disaster-recovery", "Disaster recovery")));
        add(stats, charts, footnote);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-m)");
    }

    void show(ExecutiveOverview o) {
        stats.removeAll();
        TenantCensus c = o.tenants();
        stats.add(stat("tenants", Integer.toString(c.total()), "active tenants",
                c.locked() + " residency-locked" + c.zones().stream().map(z -> " · " + z.zone() + " " + z.total()).collect(Collectors.joining()),
                "/tenants", "Tenants"));
        stats.add(stat("dcp", Integer.toString(o.dcpProvisioned()), "dedicated compliance partitions active",
                o.dcpProvisioned() == 0 ? "No tenant runs in a partition of its own yet." : "Each with its own agents, database and signing key.",
                "/dcp", "Compliance partitions"));
        stats.add(stat("agents", o.agentsHealthy() + " / " + o.agents().size(), "region agents healthy",
                o.agents().stream().filter(a -> !a.healthy()).map(a -> a.region() + " " + a.state().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(" · ", "", "")).transform(s -> s.isEmpty() ? "All regions answer over mutual TLS." : s),
                "/regions", "Regions"));
        DecisionTrends d = o.decisions();
        stats.add(stat("denied-24h", Long.toString(d.denied24h()), "violations prevented, last 24 h",
                trend(d.denied24h(), d.deniedPrevious24h(), "the 24 h before"), "/residency?period=day", "Residency evidence"));
        stats.add(stat("denied-30d", Long.toString(d.denied30d()), "violations prevented, last 30 days",
                trend(d.denied30d(), d.deniedPrevious30d(), "the 30 days before"), "/residency?period=month", "Residency evidence"));
        int ready = o.regions().stream().mapToInt(RegionPosture::readyTenants).sum();
        int active = o.regions().stream().mapToInt(RegionPosture::activeTenants).sum();
        stats.add(stat("ready", ready + " / " + active, "tenants ready to fail over",
                "Readiness 100: standby reachable, lag under 1 s, a passed drill within 90 days, policy allows the standby.",
                "/disaster-recovery", "Disaster recovery"));
        stats.add(drill(o.lastDrill(), o.asOf()));
        stats.add(stat("approvals", Integer.toString(o.approvals().total()), "approvals waiting",
                o.approvals().total() == 0 ? "Nothing waits for two-person control."
                        : "Oldest " + Components.ago(o.approvals().oldestRequestedAt(), o.asOf()) + " · " + o.approvals().byType().entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(" · ")), "/approvals", "Approvals"));

        tenants.show(OverviewCharts.tenantsByZone(c));
        violations.show(OverviewCharts.violationsPerDay(d));
        processing.show(OverviewCharts.processingRegions(d));
        lag.show(OverviewCharts.lag(o.regions(), o.asOf()));
        readiness.show(OverviewCharts.readiness(o.regions()));
        regions.setItems(o.regions());
        footnote.setText("As of " + Components.dateTime(o.asOf()) + ". Decision counts come from the console's hourly rollups"
                + (d.countedAt().isEmpty() ? " (no region counted yet)" : ", last counted " + d.countedAt().entrySet().stream()
                .map(e -> e.getKey() + " " + Components.ago(e.getValue(), o.asOf())).collect(Collectors.joining(", "))) + ". This page updates by itself.");
    }

    private Div drill(Drill d, Instant now) {
        if (d == null) {
            return stat("drill", "none", "last DR drill", "No drill has run yet.", "/disaster-recovery", "Disaster recovery");
        }
        String measured = d.rtoSeconds() == null ? d.error() == null ? "" : d.error()
                : String.format(Locale.ROOT, "RTO %.2f s (target %.0f s) · RPO %.2f s (target %.0f s)", d.rtoSeconds(), d.targetRtoSeconds(),
                d.rpoSeconds() == null ? 0 : d.rpoSeconds(), d.targetRpoSeconds());
        Div stat = stat("drill", d.status(), "last DR drill", d.tenantSlug() + " · " + Components.ago(d.finishedAt(), now) + " · " + measured,
                "/disaster-recovery", "Signed drill report");
        stat.getChildren().findFirst().ifPresent(v -> v.getElement().getStyle()
                .set("color", Boolean.TRUE.equals(d.passed()) ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)"));
        return stat;
    }

    private static String trend(long now, long before, String what) {
        if (before == 0) {
            return now == 0 ? "None in " + what + " either." : "None in " + what + ".";
        }
        double pct = 100.0 * (now - before) / before;
        return String.format(Locale.ROOT, "%s %.0f%% against %s (%d)", pct > 0 ? "▲" : pct < 0 ? "▼" : "=", Math.abs(pct), what, before);
    }

    private Div stat(String name, String value, String label, String detail, String path, String evidence) {
        Div d = Components.div("card stat", Components.text("value", value), Components.text("label", label), Components.text("detail", detail));
        d.getElement().setAttribute("data-figure", name);
        d.add(link(path, evidence));
        return d;
    }

    private Div card(String title, Chart chart, String path, String evidence) {
        return Components.div("card chart-card", new H3(title), chart, link(path, evidence));
    }

    private com.vaadin.flow.component.Component link(String path, String evidence) {
        String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!openable.contains(route)) {
            Span none = new Span(evidence + " (not open to your role)");
            none.addClassName("evidence-link");
            return none;
        }
        Anchor a = new Anchor(path.substring(1), evidence + " →");
        a.addClassName("evidence-link");
        a.getElement().setAttribute("data-evidence", route);
        return a;
    }

    private static Chart chart(String name) {
        Chart chart = new Chart(new com.companyos.base.ui.charts.BarChart(""));
        chart.getElement().setAttribute("data-chart", name);
        return chart;
    }
}
