package com.companyos.dr.ui;

import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.dr.PostureService;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Replication lag over the last hour, one series per region, against the lag target. */
final class LagChart {

    private LagChart() {
    }

    static TimeSeriesChart lastHour(String title, Map<String, List<TimeSeriesChart.Point>> byRegion, Instant now) {
        TimeSeriesChart chart = new TimeSeriesChart(title).unit("s").range(now.minus(Duration.ofHours(1)), now)
                .target(PostureService.LAG_TARGET_SECONDS, "target " + PostureService.LAG_TARGET_SECONDS + " s");
        int i = 0;
        for (var e : byRegion.entrySet()) {
            chart.series(e.getKey(), ChartColor.series(i++), e.getValue());
        }
        return chart;
    }
}
