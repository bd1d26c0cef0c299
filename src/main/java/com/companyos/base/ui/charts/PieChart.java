package com.companyos.base.ui.charts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Shares of a whole (e.g. decisions by region of processing); {@link #donut()} leaves the middle free. */
public final class PieChart implements ChartSpec {

    private record Slice(String name, double value, ChartColor color) {
    }

    private final String title;
    private final List<Slice> slices = new ArrayList<>();
    private boolean donut;

    public PieChart(String title) {
        this.title = title;
    }

    public PieChart slice(String name, double value, ChartColor color) {
        slices.add(new Slice(name, value, color));
        return this;
    }

    public PieChart donut() {
        this.donut = true;
        return this;
    }

    private double total() {
        return slices.stream().mapToDouble(Slice::value).sum();
    }

    @Override
    public ObjectNode option() {
        ObjectNode o = Options.base(description(), total() == 0, true);
        o.withObjectProperty("tooltip").put("trigger", "item").put("formatter", "{b}: {c} ({d}%)");
        ArrayNode out = o.putArray("series");
        ObjectNode pie = out.addObject();
        pie.put("type", "pie").put("name", title).put("top", 0).put("bottom", 28).put("percentPrecision", 0)
                .put("showEmptyCircle", false);
        ArrayNode radius = pie.putArray("radius");
        radius.add(donut ? "45%" : "0%").add("72%");
        pie.putObject("label").put("color", Options.SECONDARY).put("formatter", "{b} {d}%");
        pie.putObject("itemStyle").put("borderColor", Options.BASE).put("borderWidth", 2);
        ArrayNode data = pie.putArray("data");
        for (Slice s : slices) {
            ObjectNode d = data.addObject();
            d.put("name", s.name()).put("value", s.value());
            d.putObject("itemStyle").put("color", s.color().property());
        }
        return o;
    }

    @Override
    public String description() {
        double total = total();
        if (total == 0) {
            return title + ": no data for this period.";
        }
        StringBuilder b = new StringBuilder(title).append(", ").append(BarChart.number(total)).append(" in total.");
        for (Slice s : slices) {
            b.append(' ').append(s.name()).append(' ').append(BarChart.number(s.value()))
                    .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * s.value() / total)).append('.');
        }
        return b.toString();
    }
}
