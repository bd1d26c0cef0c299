package com.companyos.slo.ui;

import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.BarChart;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.slo.Sli;
import com.companyos.slo.SloAlert;
import com.companyos.slo.SloPoint;
import com.companyos.slo.SloService;
import com.companyos.slo.SloStatus;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** One target's SLO figures, charts and alerts, updated in place. */
class SloPanel extends Div {

    private final SloService slos;
    private final Div stats = Components.div("card-grid stat-grid");
    private final Chart traffic = chart("slo-traffic");
    private final Chart latency = chart("slo-latency");
    private final Chart burn = chart("slo-burn");
    private final Grid<SloAlert> alerts = new Grid<>();
    private final Div footnote = Components.div("view-intro");

    SloPanel(SloService slos) {
        this.slos = slos;
        alerts.addColumn(a -> a.rule().severity().id()).setHeader("Severity").setAutoWidth(true);
        alerts.addColumn(a -> a.sli().id()).setHeader("SLI").setAutoWidth(true);
        alerts.addColumn(a -> a.rule().id()).setHeader("Rule").setAutoWidth(true);
        alerts.addColumn(SloAlert::summary).setHeader("Summary").setFlexGrow(1);
        alerts.addColumn(a -> Components.dateTime(a.firedAt())).setHeader("Fired").setAutoWidth(true);
        alerts.addColumn(a -> a.open() ? "open" : Components.dateTime(a.resolvedAt())).setHeader("Resolved").setAutoWidth(true);
        alerts.addThemeVariants(GridVariant.LUMO_COMPACT);
        alerts.setAllRowsVisible(true);
        alerts.setEmptyStateText("No alerts for this target.");
        alerts.getElement().setAttribute("data-grid", "slo-alerts");
        add(stats, Components.div("card-grid chart-grid",
                Components.div("card chart-card", new H3("Requests and 5xx per second"), traffic),
                Components.div("card chart-card", new H3("Governed write latency"), latency),
                Components.div("card chart-card", new H3("Burn rate per window"), burn)),
                new H3("Alerts"), alerts, footnote);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-m)");
    }

    void show(SloStatus s, List<SloPoint> series) {
        stats.removeAll();
        stats.add(stat("request-rate", String.format(Locale.ROOT, "%.1f/s", s.requestRate()), "governed requests",
                s.inWindow().requests() + " in the window"));
        stats.add(stat("error-rate", percent(s.inWindow().errorRatio(), 3), "answered 5xx", s.inWindow().serverErrors() + " in the window"));
        stats.add(stat("latency", ms(s.inWindow().latencyQuantileMillis(0.95)) + " p95", "governed writes",
                "p50 " + ms(s.inWindow().latencyQuantileMillis(0.5)) + " · p99 " + ms(s.inWindow().latencyQuantileMillis(0.99))
                        + " · objective " + percent(s.slo().latencyTarget(), 1) + " ≤ " + s.slo().latencyThresholdMillis() + " ms"));
        stats.add(stat("budget-availability", percent(s.budgetRemaining(Sli.AVAILABILITY), 1), "availability budget left",
                "objective " + percent(s.slo().availabilityTarget(), 2) + " over " + s.slo().periodDays() + " d · achieved "
                        + percent(s.achieved(Sli.AVAILABILITY), 3)));
        stats.add(stat("budget-latency", percent(s.budgetRemaining(Sli.LATENCY), 1), "latency budget left",
                "achieved " + percent(s.achieved(Sli.LATENCY), 2) + " within " + s.slo().latencyThresholdMillis() + " ms"));
        stats.add(stat("alerts", Integer.toString(s.openAlerts().size()), "open alerts", "owner " + s.owner()));

        Instant to = Instant.now();
        Instant from = to.minus(s.window());
        traffic.show(new TimeSeriesChart("Requests and 5xx per second").unit("/s").range(from, to)
                .series("requests", ChartColor.PRIMARY, series.stream().map(p -> new TimeSeriesChart.Point(p.at(), p.requestRate())).toList())
                .series("5xx", ChartColor.ERROR, series.stream().map(p -> new TimeSeriesChart.Point(p.at(),
                        p.counts().serverErrors() / Math.max(1e-3, p.step().toMillis() / 1000.0))).toList()));
        latency.show(new TimeSeriesChart("Governed write latency").unit("ms").range(from, to)
                .target(s.slo().latencyThresholdMillis(), "threshold")
                .series("p50", ChartColor.SERIES_1, quantile(series, 0.5))
                .series("p95", ChartColor.SERIES_2, quantile(series, 0.95))
                .series("p99", ChartColor.SERIES_3, quantile(series, 0.99)));
        burn.show(new BarChart("Burn rate per window")
                .categories(s.burnRates().stream().map(SloStatus.BurnRate::label).toList())
                .series("availability", ChartColor.SERIES_1, s.burnRates().stream().map(b -> round(b.availability())).toList())
                .series("latency", ChartColor.SERIES_2, s.burnRates().stream().map(b -> round(b.latency())).toList()));
        alerts.setItems(slos.alerts(s.targetKey(), 20));
        footnote.setText(s.name() + " · window " + s.window().toSeconds() + " s as run here · last sample "
                + (s.lastSampleAt() == null ? "none yet" : Components.ago(s.lastSampleAt(), to)) + " · burn rates: "
                + s.burnRates().stream().map(b -> b.label() + " " + String.format(Locale.ROOT, "%.2f×/%.2f×", b.availability(), b.latency()))
                .reduce((a, b) -> a + ", " + b).orElse("") + " (availability/latency)");
    }

    private static List<TimeSeriesChart.Point> quantile(List<SloPoint> series, double q) {
        return series.stream().filter(p -> p.counts().writes() > 0)
                .map(p -> new TimeSeriesChart.Point(p.at(), p.counts().latencyQuantileMillis(q))).toList();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String percent(double share, int decimals) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f %%", share * 100);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static Div stat(String name, String value, String label, String detail) {
        Div d = Components.div("card stat", Components.text("value", value), Components.text("label", label), Components.text("detail", detail));
        d.getElement().setAttribute("data-figure", name);
        return d;
    }

    private static Chart chart(String name) {
        Chart c = new Chart(new TimeSeriesChart(""));
        c.getElement().setAttribute("data-chart", name);
        return c;
    }
}
