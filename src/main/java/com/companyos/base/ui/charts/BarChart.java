package com.companyos.base.ui.charts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Bars per category, one bar (or one stacked segment, with {@link #stacked()}) per series. Categories are labels
 * (days, seams, regions); {@link #horizontal()} puts them on the vertical axis for long labels.
 */
public final class BarChart implements ChartSpec {

    private record Series(String name, ChartColor color, List<? extends Number> values) {
    }

    private final String title;
    private final List<String> categories = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private boolean stacked;
    private boolean horizontal;

    public BarChart(String title) {
        this.title = title;
    }

    public BarChart categories(List<String> labels) {
        categories.clear();
        categories.addAll(labels);
        return this;
    }

    /** One value per category, in the categories' order. */
    public BarChart series(String name, ChartColor color, List<? extends Number> values) {
        if (values.size() != categories.size()) {
            throw new IllegalArgumentException("Series " + name + " has " + values.size() + " values for " + categories.size() + " categories");
        }
        series.add(new Series(name, color, List.copyOf(values)));
        return this;
    }

    public BarChart stacked() {
        this.stacked = true;
        return this;
    }

    public BarChart horizontal() {
        this.horizontal = true;
        return this;
    }

    private boolean empty() {
        return categories.isEmpty() || series.stream().allMatch(s -> s.values().stream().allMatch(v -> v.doubleValue() == 0));
    }

    @Override
    public ObjectNode option() {
        boolean legend = series.size() > 1;
        ObjectNode o = Options.base(description(), empty(), legend);
        Options.grid(o, legend);
        o.withObjectProperty("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        ObjectNode cat = Options.axis(o, horizontal ? "yAxis" : "xAxis", "category");
        ArrayNode labels = cat.putArray("data");
        categories.forEach(labels::add);
        ObjectNode value = Options.axis(o, horizontal ? "xAxis" : "yAxis", "value");
        value.put("minInterval", 1);
        ArrayNode out = o.putArray("series");
        for (Series s : series) {
            ObjectNode bar = out.addObject();
            bar.put("type", "bar").put("name", s.name()).put("color", s.color().property()).put("barMaxWidth", 36);
            if (stacked) {
                bar.put("stack", "total");
            }
            ArrayNode data = bar.putArray("data");
            s.values().forEach(v -> data.add(v.doubleValue()));
        }
        return o;
    }

    @Override
    public String description() {
        if (empty()) {
            return title + ": no data for this period.";
        }
        StringBuilder b = new StringBuilder(title).append('.');
        int shown = Math.min(categories.size(), 31);
        for (int i = 0; i < shown; i++) {
            b.append(' ').append(categories.get(i)).append(':');
            for (int j = 0; j < series.size(); j++) {
                Series s = series.get(j);
                b.append(j == 0 ? " " : ", ").append(s.name()).append(' ').append(number(s.values().get(i)));
            }
            b.append('.');
        }
        if (shown < categories.size()) {
            b.append(" And ").append(categories.size() - shown).append(" more.");
        }
        return b.toString();
    }

    static String number(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
