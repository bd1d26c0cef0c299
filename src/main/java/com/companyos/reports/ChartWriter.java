package com.companyos.reports;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link ReportBlock.BarChart} with the page's vector primitives: a legend, bars, a baseline and value or
 * axis labels in the embedded fonts. Every colour is opaque DeviceRGB (PDF/A: covered by the sRGB output intent).
 */
final class ChartWriter {

    private static final float LABEL = 8f;
    private static final float BAR = 9f;
    private static final float BAR_GAP = 2f;
    private static final float ROW_GAP = 7f;
    private static final float PLOT_HEIGHT = 120f;
    private static final float LEGEND_HEIGHT = 16f;
    private static final Color GRID = new Color(0xEA, 0xEE, 0xF2);

    private ChartWriter() {
    }

    static void bars(PageLayout layout, ReportBlock.BarChart chart) {
        ReportFonts fonts = layout.fonts();
        List<String> caption = chart.caption().isBlank() ? List.of()
                : LineBreaker.prose(chart.caption(), fonts, fonts.regular, 8.5f, PageLayout.WIDTH);
        float plot = chart.horizontal()
                ? chart.categories().size() * (chart.series().size() * (BAR + BAR_GAP) + ROW_GAP)
                : PLOT_HEIGHT + 2 * LABEL + 6f;
        layout.ensureSpace(LEGEND_HEIGHT + plot + 8f + caption.size() * 11f);
        legend(layout, chart.series());
        double max = chart.series().stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0);
        if (chart.horizontal()) {
            horizontal(layout, chart, max);
        } else {
            vertical(layout, chart, max);
        }
        layout.moveDown(4f);
        for (String line : caption) {
            float width = ReportFonts.width(line, fonts.regular, 8.5f);
            layout.text(line, fonts.regular, 8.5f, PageLayout.LEFT + (PageLayout.WIDTH - width) / 2,
                    PageLayout.baseline(layout.y(), 8.5f, 11f), PageLayout.MUTED);
            layout.moveDown(11f);
        }
        layout.moveDown(10f);
    }

    private static void legend(PageLayout layout, List<ReportBlock.Series> series) {
        ReportFonts fonts = layout.fonts();
        float x = PageLayout.LEFT;
        float baseline = PageLayout.baseline(layout.y(), LABEL, LEGEND_HEIGHT);
        for (ReportBlock.Series s : series) {
            layout.fill(x, baseline - 0.5f, 8f, 8f, s.color());
            String name = fonts.printable(s.name(), fonts.regular);
            layout.text(name, fonts.regular, LABEL, x + 11f, baseline, PageLayout.TEXT);
            x += 11f + ReportFonts.width(name, fonts.regular, LABEL) + 16f;
        }
        layout.moveDown(LEGEND_HEIGHT);
    }

    /** One row per category: its label on the left, a bar per series, the value at the bar's end. */
    private static void horizontal(PageLayout layout, ReportBlock.BarChart chart, double max) {
        ReportFonts fonts = layout.fonts();
        float labelWidth = 0;
        for (String c : chart.categories()) {
            labelWidth = Math.max(labelWidth, ReportFonts.width(fonts.printable(c, fonts.regular), fonts.regular, LABEL));
        }
        labelWidth = Math.min(labelWidth + 8f, PageLayout.WIDTH / 3);
        float x0 = PageLayout.LEFT + labelWidth;
        float room = PageLayout.WIDTH - labelWidth - 60f;  // leave space for the value printed after the longest bar
        float top = layout.y();
        for (int i = 0; i < chart.categories().size(); i++) {
            float rowHeight = chart.series().size() * (BAR + BAR_GAP);
            String label = PageLayout.fitted(fonts.printable(chart.categories().get(i), fonts.regular), fonts.regular, LABEL, labelWidth - 8f);
            layout.text(label, fonts.regular, LABEL, PageLayout.LEFT, layout.y() - rowHeight / 2 - LABEL * 0.35f, PageLayout.TEXT);
            for (ReportBlock.Series s : chart.series()) {
                double v = s.values().get(i);
                float width = max <= 0 ? 0 : (float) (v / max * room);
                float bottom = layout.y() - BAR;
                if (width > 0) {
                    layout.fill(x0, bottom, Math.max(width, 0.8f), BAR, s.color());
                }
                layout.text(count(v), fonts.regular, 7f, x0 + width + 3f, bottom + 2f, PageLayout.MUTED);
                layout.moveDown(BAR + BAR_GAP);
            }
            layout.moveDown(ROW_GAP);
        }
        layout.line(x0, top, x0, layout.y() + ROW_GAP - 1f, 0.6f, PageLayout.RULE);
    }

    /** Column groups along a baseline, the maximum on the axis, and as many category labels as fit. */
    private static void vertical(PageLayout layout, ReportBlock.BarChart chart, double max) {
        ReportFonts fonts = layout.fonts();
        String top = count(max);
        float axisWidth = ReportFonts.width(top, fonts.regular, 7f) + 6f;
        float x0 = PageLayout.LEFT + axisWidth;
        float width = PageLayout.WIDTH - axisWidth;
        float plotTop = layout.y() - LABEL / 2;
        float baseline = plotTop - PLOT_HEIGHT;
        layout.line(x0, plotTop, PageLayout.RIGHT, plotTop, 0.4f, GRID);
        layout.line(x0, baseline + PLOT_HEIGHT / 2, PageLayout.RIGHT, baseline + PLOT_HEIGHT / 2, 0.4f, GRID);
        layout.text(top, fonts.regular, 7f, PageLayout.LEFT, plotTop - 2.5f, PageLayout.MUTED);
        layout.text("0", fonts.regular, 7f, PageLayout.LEFT, baseline - 2.5f, PageLayout.MUTED);
        int n = Math.max(1, chart.categories().size());
        float slot = width / n;
        float group = slot * 0.8f;
        float bar = group / chart.series().size();
        for (int i = 0; i < chart.categories().size(); i++) {
            float x = x0 + i * slot + (slot - group) / 2;
            for (ReportBlock.Series s : chart.series()) {
                double v = s.values().get(i);
                float height = max <= 0 ? 0 : (float) (v / max * PLOT_HEIGHT);
                if (height > 0) {
                    layout.fill(x, baseline, bar, Math.max(height, 0.8f), s.color());
                }
                x += bar;
            }
        }
        layout.line(x0, baseline, PageLayout.RIGHT, baseline, 0.6f, PageLayout.MUTED);
        float widest = 0;
        for (String c : chart.categories()) {
            widest = Math.max(widest, ReportFonts.width(fonts.printable(c, fonts.regular), fonts.regular, 7f));
        }
        int every = Math.max(1, (int) Math.ceil((widest + 6f) / slot));
        for (int i = 0; i < chart.categories().size(); i += every) {
            String label = fonts.printable(chart.categories().get(i), fonts.regular);
            float labelWidth = ReportFonts.width(label, fonts.regular, 7f);
            float cx = x0 + i * slot + slot / 2 - labelWidth / 2;
            layout.text(label, fonts.regular, 7f, Math.max(PageLayout.LEFT, Math.min(cx, PageLayout.RIGHT - labelWidth)),
                    baseline - 10f, PageLayout.MUTED);
        }
        layout.moveDown(LABEL / 2 + PLOT_HEIGHT + 2 * LABEL + 6f);
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.2f", v);
    }
}
