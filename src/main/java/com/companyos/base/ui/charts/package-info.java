/**
 * Charts for every view: {@link com.companyos.base.ui.charts.Chart}, a Flow component around the npm {@code echarts}
 * package (web component {@code <companyos-chart>} in {@code src/main/frontend/components}), and type-safe builders
 * for the chart kinds the console uses: {@link com.companyos.base.ui.charts.TimeSeriesChart},
 * {@link com.companyos.base.ui.charts.BarChart}, {@link com.companyos.base.ui.charts.PieChart}. Colours are Lumo (or
 * console theme) custom properties resolved in the browser, so a chart is readable in the light and the dark theme;
 * every chart carries a text summary for screen readers. Views never draw charts by hand (ADR 0010).
 */
package com.companyos.base.ui.charts;
