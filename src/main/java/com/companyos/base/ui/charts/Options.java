package com.companyos.base.ui.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The option parts every chart kind shares: theme-aware text, axes, tooltip, legend and the empty state. */
final class Options {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "--lumo-body-text-color";
    static final String SECONDARY = "--lumo-secondary-text-color";
    static final String LINE = "--lumo-contrast-20pct";
    static final String GRID_LINE = "--lumo-contrast-10pct";
    static final String BASE = "--lumo-base-color";

    private Options() {
    }

    static ObjectNode base(String description, boolean empty, boolean legend) {
        ObjectNode o = JSON.createObjectNode();
        o.put("animation", false);
        o.put("useUTC", true);
        o.putObject("textStyle").put("color", TEXT).put("fontFamily", "--lumo-font-family");
        ObjectNode aria = o.putObject("aria");
        aria.put("enabled", true);
        aria.putObject("label").put("description", description);
        ObjectNode tooltip = o.putObject("tooltip");
        tooltip.put("backgroundColor", BASE).put("borderColor", LINE).put("confine", true);
        tooltip.putObject("textStyle").put("color", TEXT);
        if (legend) {
            ObjectNode l = o.putObject("legend");
            l.put("bottom", 0).put("type", "scroll");
            l.putObject("textStyle").put("color", SECONDARY);
            l.putObject("pageTextStyle").put("color", SECONDARY);
        }
        if (empty) {
            ObjectNode title = o.putObject("title");
            title.put("text", "No data for this period").put("left", "center").put("top", "middle");
            title.putObject("textStyle").put("color", SECONDARY).put("fontSize", 13).put("fontWeight", "normal");
        }
        return o;
    }

    static ObjectNode grid(ObjectNode option, boolean legend) {
        ObjectNode g = option.putObject("grid");
        g.put("left", 8).put("right", 16).put("top", 16).put("bottom", legend ? 36 : 8).put("containLabel", true);
        return g;
    }

    static ObjectNode axis(ObjectNode parent, String name, String type) {
        ObjectNode a = parent.putObject(name);
        a.put("type", type);
        a.put("show", !parent.has("title")); // an empty chart shows its "No data" line, not bare axes
        a.putObject("axisLine").putObject("lineStyle").put("color", LINE);
        a.putObject("axisTick").putObject("lineStyle").put("color", LINE);
        a.putObject("axisLabel").put("color", SECONDARY).put("hideOverlap", true);
        ObjectNode split = a.putObject("splitLine");
        split.put("show", "value".equals(type));
        split.putObject("lineStyle").put("color", GRID_LINE);
        return a;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
