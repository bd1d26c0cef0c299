package com.companyos.dashboards.ui;

import com.companyos.base.ui.charts.BarChart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.ChartSpec;
import com.companyos.base.ui.charts.PieChart;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.dr.PostureService;
import com.companyos.dr.RegionPosture;
import com.companyos.residency.DecisionTrends;
import com.companyos.tenants.TenantCensus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The executive overview's charts, built from the overview's figures (no data access here). */
final class OverviewCharts {

    private OverviewCharts() {
    }

    static ChartSpec tenantsByZone(TenantCensus census) {
        List<String> zones = census.zones().stream().map(TenantCensus.ZoneCount::zone).toList();
        return new BarChart("Active tenants by residency zone and lock").categories(zones).stacked()
                .series("Residency-locked", ChartColor.SERIES_1, census.zones().stream().map(TenantCensus.ZoneCount::locked).toList())
                .series("Not locked", ChartColor.SERIES_2, census.zones().stream().map(TenantCensus.ZoneCount::unlocked).toList());
    }

    static ChartSpec violationsPerDay(DecisionTrends d) {
        List<String> days = d.days().stream().map(x -> x.day().toString().substring(5)).toList();
        return new BarChart("Violations prevented (denied decisions) per day, last 30 days, UTC").categories(days)
                .series("Denied", ChartColor.ERROR, d.days().stream().map(DecisionTrends.Day::denied).toList());
    }

    static ChartSpec processingRegions(DecisionTrends d) {
        PieChart pie = new PieChart("Decisions by region of processing, last 30 days").donut();
        int i = 0;
        for (var e : d.processedByRegion30d().entrySet()) {
            pie.slice(e.getKey(), e.getValue(), ChartColor.series(i++));
        }
        return pie;
    }

    static ChartSpec lag(List<RegionPosture> regions, Instant now) {
        TimeSeriesChart chart = new TimeSeriesChart("Replication lag of the worst tenant per region, last hour").unit("s")
                .range(now.minus(Duration.ofHours(1)), now)
                .target(PostureService.LAG_TARGET_SECONDS, "target " + PostureService.LAG_TARGET_SECONDS + " s");
        int i = 0;
        for (RegionPosture r : regions) {
            chart.series(r.region(), ChartColor.series(i++),
                    r.lagLastHour().stream().map(p -> new TimeSeriesChart.Point(p.at(), p.maxSeconds())).toList());
        }
        return chart;
    }

    static ChartSpec readiness(List<RegionPosture> regions) {
        List<String> names = new ArrayList<>();
        List<Integer> ready = new ArrayList<>();
        List<Integer> notReady = new ArrayList<>();
        for (RegionPosture r : regions) {
            names.add(r.region());
            ready.add(r.readyTenants());
            notReady.add(r.activeTenants() - r.readyTenants());
        }
        return new BarChart("Failover readiness of the tenants active in each region").categories(names).stacked().horizontal()
                .series("Ready (100/100)", ChartColor.SUCCESS, ready)
                .series("Not ready", ChartColor.WARNING, notReady);
    }
}
