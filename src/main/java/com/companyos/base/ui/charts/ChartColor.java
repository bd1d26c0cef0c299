package com.companyos.base.ui.charts;

/**
 * A chart colour by meaning, as a CSS custom property the browser resolves against the current theme (light or dark).
 * {@code SUCCESS}, {@code ERROR}, {@code WARNING} and the categorical palette {@code SERIES_1}…{@code SERIES_6} (regions,
 * zones) are defined for both variants in the theme's {@code styles.css}: Lumo's own success colour is too dark to
 * read as a bar on the dark background.
 */
public enum ChartColor {
    PRIMARY("--lumo-primary-color"),
    SUCCESS("--companyos-chart-ok"),
    ERROR("--companyos-chart-bad"),
    WARNING("--companyos-chart-warning"),
    NEUTRAL("--lumo-contrast-40pct"),
    SERIES_1("--companyos-chart-1"),
    SERIES_2("--companyos-chart-2"),
    SERIES_3("--companyos-chart-3"),
    SERIES_4("--companyos-chart-4"),
    SERIES_5("--companyos-chart-5"),
    SERIES_6("--companyos-chart-6");

    private final String property;

    ChartColor(String property) {
        this.property = property;
    }

    /** The custom property's name (resolved by the browser). */
    public String property() {
        return property;
    }

    /** The n-th categorical colour, cycling. */
    public static ChartColor series(int index) {
        ChartColor[] palette = {SERIES_1, SERIES_2, SERIES_3, SERIES_4, SERIES_5, SERIES_6};
        return palette[Math.floorMod(index, palette.length)];
    }
}
