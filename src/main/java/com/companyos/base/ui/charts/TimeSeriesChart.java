package com.companyos.base.ui.charts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lines over time (UTC axis): one line per series, an optional unit and an optional target line (e.g. the 1 s lag
 * target). {@code new TimeSeriesChart("Replication lag").unit("s").target(1.0, "target").series("eu-west", color, points)}.
 */
public final class TimeSeriesChart implements ChartSpec {

    /** One measurement. */
    public record Point(Instant at, double value) {
    }

    private record Series(String name, ChartColor color, List<Point> points) {
    }

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private String unit = "";
    private Double target;
    private String targetLabel;
    private boolean area;
    private Instant from;
    private Instant to;

    public TimeSeriesChart(String title) {
        this.title = title;
    }

    public TimeSeriesChart unit(String unit) {
        this.unit = unit == null ? "" : unit;
        return this;
    }

    /** A dashed horizontal line at {@code value} (a target or limit). */
    public TimeSeriesChart target(double value, String label) {
        this.target = value;
        this.targetLabel = label;
        return this;
    }

    /** The time axis spans [from, to] whatever the data (a quiet hour still shows as an hour). */
    public TimeSeriesChart range(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        return this;
    }

    /** Fills the area under each line. */
    public TimeSeriesChart area() {
        this.area = true;
        return this;
    }

    public TimeSeriesChart series(String name, ChartColor color, List<Point> points) {
        series.add(new Series(name, color, List.copyOf(points)));
        return this;
    }

    @Override
    public ObjectNode option() {
        boolean empty = series.stream().allMatch(s -> s.points().isEmpty());
        ObjectNode o = Options.base(description(), empty, series.size() > 1);
        Options.grid(o, series.size() > 1);
        o.withObjectProperty("tooltip").put("trigger", "axis");
        ObjectNode x = Options.axis(o, "xAxis", "time");
        if (from != null && to != null) {
            x.put("min", from.toEpochMilli()).put("max", to.toEpochMilli());
        }
        ObjectNode y = Options.axis(o, "yAxis", "value");
        if (!unit.isEmpty()) {
            y.withObjectProperty("axisLabel").put("formatter", "{value} " + unit);
        }
        ArrayNode out = o.putArray("series");
        boolean first = true;
        for (Series s : series) {
            ObjectNode line = out.addObject();
            line.put("type", "line").put("name", s.name()).put("showSymbol", s.points().size() <= 2).put("color", s.color().property());
            if (area) {
                line.putObject("areaStyle").put("opacity", 0.15);
            }
            ArrayNode data = line.putArray("data");
            s.points().forEach(p -> data.addArray().add(p.at().toEpochMilli()).add(p.value()));
            if (first && target != null) {
                ObjectNode mark = line.putObject("markLine");
                mark.put("symbol", "none").put("silent", true);
                mark.putObject("lineStyle").put("type", "dashed").put("color", ChartColor.ERROR.property());
                mark.putObject("label").put("formatter", targetLabel == null ? "" : targetLabel).put("color", Options.SECONDARY)
                        .put("position", "insideEndTop");
                mark.putArray("data").addObject().put("yAxis", target);
            }
            first = false;
        }
        return o;
    }

    @Override
    public String description() {
        if (series.stream().allMatch(s -> s.points().isEmpty())) {
            return title + ": no data for this period.";
        }
        StringBuilder b = new StringBuilder(title).append(" over time.");
        for (Series s : series) {
            if (s.points().isEmpty()) {
                b.append(' ').append(s.name()).append(": no data.");
                continue;
            }
            double max = s.points().stream().mapToDouble(Point::value).max().orElse(0);
            double last = s.points().get(s.points().size() - 1).value();
            b.append(' ').append(s.name()).append(": latest ").append(format(last)).append(", highest ").append(format(max)).append('.');
        }
        if (target != null) {
            b.append(" Target ").append(format(target)).append('.');
        }
        return b.toString();
    }

    private String format(double v) {
        return String.format(Locale.ROOT, v == Math.rint(v) && Math.abs(v) < 1e15 ? "%.0f" : "%.2f", v) + (unit.isEmpty() ? "" : " " + unit);
    }
}
