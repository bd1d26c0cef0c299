package com.companyos.base.ui.charts;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A chart drawn in the browser by Apache ECharts (SVG renderer) from a {@link ChartSpec} built on the server. It fills
 * its container's width and follows it (ResizeObserver), redraws in the theme's colours when the page switches between
 * light and dark, and exposes its summary as the accessible name ({@code role="img"}, {@code aria-label}).
 */
@Tag("companyos-chart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./components/companyos-chart.js")
public class Chart extends Component implements HasSize {

    private ChartSpec spec;

    public Chart(ChartSpec spec) {
        setWidthFull();
        setHeight("260px");
        getElement().setAttribute("role", "img");
        show(spec);
    }

    /** Replaces what the chart shows. */
    public void show(ChartSpec spec) {
        this.spec = spec;
        getElement().setProperty("option", spec.option().toString());
        getElement().setAttribute("aria-label", spec.description());
    }

    public ChartSpec spec() {
        return spec;
    }

    /** The same facts as the chart, in words. */
    public String description() {
        return spec.description();
    }
}
