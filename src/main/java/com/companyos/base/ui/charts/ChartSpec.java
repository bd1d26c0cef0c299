package com.companyos.base.ui.charts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a {@link Chart} draws: an ECharts option, and the same facts as a sentence for people who cannot see it. */
public interface ChartSpec {

    /** The ECharts option (colours as {@link ChartColor} custom properties). */
    ObjectNode option();

    /** A short text summary of the data (the chart's accessible description). */
    String description();
}
