package com.companyos.base.ui;

import com.companyos.base.ui.charts.BarChart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.PieChart;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart builders' ECharts options and text summaries, without a browser. */
class ChartSpecTest {

    @Test
    void a_stacked_bar_chart_has_one_series_per_outcome_with_theme_colours_and_says_its_numbers() {
        BarChart chart = new BarChart("Decisions per day").categories(List.of("11-20", "11-21")).stacked()
                .series("Allowed", ChartColor.SUCCESS, List.of(5, 7)).series("Denied", ChartColor.ERROR, List.of(0, 2));
        JsonNode o = chart.option();
        assertThat(o.at("/xAxis/data").toString()).isEqualTo("[\"11-20\",\"11-21\"]");
        assertThat(o.at("/series/0/stack").asText()).isEqualTo("total");
        assertThat(o.at("/series/1/color").asText()).isEqualTo("--companyos-chart-bad");
        assertThat(o.at("/series/1/data").toString()).isEqualTo("[0.0,2.0]");
        assertThat(o.at("/aria/enabled").asBoolean()).isTrue();
        assertThat(o.has("title")).isFalse();
        assertThat(chart.description()).isEqualTo("Decisions per day. 11-20: Allowed 5, Denied 0. 11-21: Allowed 7, Denied 2.");
        assertThat(o.at("/aria/label/description").asText()).isEqualTo(chart.description());
    }

    @Test
    void a_chart_without_data_says_so_instead_of_drawing_empty_axes() {
        BarChart empty = new BarChart("Violations").categories(List.of("a")).series("Denied", ChartColor.ERROR, List.of(0));
        assertThat(empty.option().at("/title/text").asText()).isEqualTo("No data for this period");
        assertThat(empty.option().at("/xAxis/show").asBoolean()).isFalse();
        assertThat(empty.description()).isEqualTo("Violations: no data for this period.");
        assertThat(new PieChart("Regions").option().at("/title/text").asText()).isEqualTo("No data for this period");
        assertThat(new TimeSeriesChart("Lag").series("eu-west", ChartColor.SERIES_1, List.of()).description()).contains("no data");
    }

    @Test
    void a_time_series_is_epoch_milliseconds_against_values_with_its_target_line() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        TimeSeriesChart chart = new TimeSeriesChart("Replication lag").unit("s").target(1.0, "target")
                .series("eu-west", ChartColor.SERIES_1, List.of(new TimeSeriesChart.Point(t, 0.25), new TimeSeriesChart.Point(t.plusSeconds(10), 1.5)));
        JsonNode o = chart.option();
        assertThat(o.at("/xAxis/type").asText()).isEqualTo("time");
        assertThat(o.at("/series/0/data/1").toString()).isEqualTo("[" + t.plusSeconds(10).toEpochMilli() + ",1.5]");
        assertThat(o.at("/series/0/markLine/data/0/yAxis").asDouble()).isEqualTo(1.0);
        assertThat(o.at("/yAxis/axisLabel/formatter").asText()).isEqualTo("{value} s");
        assertThat(o.at("/useUTC").asBoolean()).isTrue();
        assertThat(chart.description()).isEqualTo("Replication lag over time. eu-west: latest 1.50 s, highest 1.50 s. Target 1 s.");
    }

    @Test
    void a_donut_names_each_share_in_percent() {
        PieChart pie = new PieChart("Decisions by region").donut().slice("eu-west", 3, ChartColor.series(0)).slice("us-east", 1, ChartColor.series(1));
        assertThat(pie.option().at("/series/0/radius/0").asText()).isEqualTo("45%");
        assertThat(pie.option().at("/series/0/data/1/itemStyle/color").asText()).isEqualTo("--companyos-chart-2");
        assertThat(pie.description()).isEqualTo("Decisions by region, 4 in total. eu-west 3 (75%). us-east 1 (25%).");
    }

    @Test
    void a_series_must_have_a_value_for_every_category() {
        assertThatThrownBy(() -> new BarChart("x").categories(List.of("a", "b")).series("s", ChartColor.PRIMARY, List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 categories");
    }
}
