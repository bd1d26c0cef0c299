package com.companyos.residency.ui;

import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.BarChart;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.residency.ResidencyOverview;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The period's residency decisions counted: allowed, denied and regions answering as figures, then by seam, by region
 * and over time (every step of the period, so quiet hours show as quiet), and which regions did not answer.
 */
class DecisionCountsPanel extends Div {

    private final Div stats = new Div();
    private final Div unavailable = new Div();
    private final Grid<SeamRow> bySeam = new Grid<>();
    private final Grid<SeamRow> byRegion = new Grid<>();
    private final Chart overTime = new Chart(new BarChart("Decisions over time"));

    record SeamRow(String label, long allowed, long denied) {
    }

    DecisionCountsPanel() {
        stats.addClassName("card-grid");
        stats.getStyle().set("margin", "var(--lumo-space-m) 0");
        configure(bySeam, "Seam", "by-seam");
        configure(byRegion, "Where", "by-region");
        overTime.getElement().setAttribute("data-chart", "decisions-over-time");
        add(stats, unavailable, Components.div("card-grid", card("By seam", bySeam), card("By region", byRegion),
                Components.div("card chart-card", new H3("Over time (UTC)"), overTime)));
    }

    /** Names each region that did not answer (its decisions are missing from the counts). */
    void showUnavailable(Map<String, String> missing) {
        unavailable.removeAll();
        missing.forEach((region, why) -> unavailable.add(Components.callout("bad", "Region " + region
                + " did not answer, so its decisions are not counted above: " + why)));
    }

    void showError(String message) {
        unavailable.removeAll();
        unavailable.add(Components.callout("bad", "Residency evidence could not be gathered: " + message));
    }

    void show(ResidencyOverview o, Period p) {
        stats.removeAll();
        int answering = o.byRegion().size() - 1;
        int asked = answering + o.unavailable().size();
        stats.add(stat(Long.toString(o.total(true)), "governed operations allowed", "allowed"),
                stat(Long.toString(o.total(false)), "violations prevented (denied)", "denied"),
                stat(answering + " of " + asked, "regions answering", "regions"));

        Map<String, long[]> seams = new TreeMap<>();
        Map<String, long[]> regions = new LinkedHashMap<>();
        Map<Instant, long[]> times = new TreeMap<>();
        for (Instant t = o.from().truncatedTo(p.step()); t.isBefore(o.to()); t = t.plus(1, p.step())) {
            times.put(t, new long[2]);
        }
        o.byRegion().forEach((region, buckets) -> {
            regions.computeIfAbsent(region, r -> new long[2]);
            for (DecisionBucket b : buckets) {
                int i = b.allowed() ? 0 : 1;
                seams.computeIfAbsent(DecisionDialog.seamLabel(b.seam()), s -> new long[2])[i] += b.count();
                regions.get(region)[i] += b.count();
                times.computeIfAbsent(b.hour().truncatedTo(p.step()), t -> new long[2])[i] += b.count();
            }
        });
        bySeam.setItems(rows(seams));
        byRegion.setItems(rows(regions));
        boolean daily = p.step() == ChronoUnit.DAYS;
        List<String> labels = new ArrayList<>();
        times.keySet().forEach(t -> labels.add(daily ? Components.date(t).substring(5) : Components.dateTime(t).substring(11, 16)));
        overTime.show(new BarChart("Residency decisions per " + (daily ? "day" : "hour") + ", " + p.label().toLowerCase())
                .categories(labels).stacked()
                .series("Allowed", ChartColor.SUCCESS, times.values().stream().map(c -> c[0]).toList())
                .series("Denied", ChartColor.ERROR, times.values().stream().map(c -> c[1]).toList()));
    }

    private static Div card(String title, Grid<SeamRow> grid) {
        return Components.div("card", new H3(title), grid);
    }

    private static void configure(Grid<SeamRow> grid, String first, String name) {
        grid.addColumn(SeamRow::label).setHeader(first).setFlexGrow(1);
        grid.addColumn(SeamRow::allowed).setHeader("Allowed").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Span s = new Span(Long.toString(r.denied()));
            if (r.denied() > 0) {
                s.getStyle().set("color", "var(--lumo-error-text-color)").set("font-weight", "600");
            }
            return s;
        }).setHeader("Denied").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.getElement().setAttribute("data-grid", name);
    }

    private static List<SeamRow> rows(Map<String, long[]> counts) {
        List<SeamRow> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new SeamRow(k, c[0], c[1])));
        return rows;
    }

    private static Div stat(String value, String label, String name) {
        Div d = Components.div("card stat", Components.text("value", value), Components.text("label", label));
        d.getElement().setAttribute("data-stat", name);
        return d;
    }
}
