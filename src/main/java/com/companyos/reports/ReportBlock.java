package com.companyos.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a report's body, laid out top to bottom by {@link PdfComposer}. Text is plain Unicode (no markup);
 * characters the bundled fonts cannot show are printed as {@code ?} rather than as an invisible glyph.
 */
public sealed interface ReportBlock {

    /** A section title; level 1 for sections, 2 for subsections. Never left alone at the bottom of a page. */
    record Heading(String text, int level) implements ReportBlock {
        public Heading {
            text = requireText(text, "heading");
            if (level < 1 || level > 2) {
                throw new IllegalArgumentException("Heading level must be 1 or 2, not " + level);
            }
        }
    }

    /** Running text, wrapped to the page; a line break in the text starts a new line. */
    record Paragraph(String text) implements ReportBlock {
        public Paragraph {
            text = Objects.requireNonNull(text, "text");
        }
    }

    /** A two-column table of labelled facts (e.g. "Region" → "eu-west"); long values wrap. */
    record KeyValues(List<KeyValue> entries) implements ReportBlock {
        public KeyValues {
            entries = List.copyOf(entries);
        }
    }

    /** One row of {@link KeyValues}. */
    record KeyValue(String key, String value) {
        public KeyValue {
            key = Objects.requireNonNull(key, "key");
            value = Objects.requireNonNullElse(value, "");
        }
    }

    /**
     * A table with a shaded header row that is repeated on every page the table spans. Cells wrap; a row taller than
     * a page is split between pages.
     *
     * @param columnWeights relative column widths, or empty to size columns from their content
     */
    record Table(List<String> header, List<List<String>> rows, List<Double> columnWeights) implements ReportBlock {
        public Table {
            header = List.copyOf(header);
            if (header.isEmpty()) {
                throw new IllegalArgumentException("A table needs at least one column");
            }
            rows = rows.stream().map(row -> row.stream().map(c -> Objects.requireNonNullElse(c, "")).toList()).toList();
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("Row " + row + " has " + row.size() + " cells, the header " + header.size());
                }
            }
            columnWeights = List.copyOf(columnWeights);
            if (!columnWeights.isEmpty() && (columnWeights.size() != header.size() || columnWeights.stream().anyMatch(w -> !(w > 0)))) {
                throw new IllegalArgumentException("Give one positive weight per column, or none");
            }
        }

        public Table(List<String> header, List<List<String>> rows) {
            this(header, rows, List.of());
        }
    }

    /** The outcome a {@link Status} line shows as a coloured badge. */
    enum Outcome { PASS, WARN, FAIL }

    /** A verdict line: a coloured badge (PASS green, WARN amber, FAIL red) followed by what was checked. */
    record Status(Outcome outcome, String text) implements ReportBlock {
        public Status {
            outcome = Objects.requireNonNull(outcome, "outcome");
            text = Objects.requireNonNullElse(text, "");
        }
    }

    /**
     * A chart as a PNG, scaled down to fit the text width (never enlarged: 1 px = 0.75 pt at most). An alpha channel
     * is flattened onto white: a soft mask would put transparency on the page, which archival and print pipelines
     * handle poorly and the reports never need.
     */
    record Chart(byte[] png, String caption) implements ReportBlock {
        public Chart {
            png = Objects.requireNonNull(png, "png").clone();
            caption = Objects.requireNonNullElse(caption, "");
        }

        @Override
        public byte[] png() {
            return png.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chart other && Arrays.equals(png, other.png) && caption.equals(other.caption);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(png) + caption.hashCode();
        }

        @Override
        public String toString() {
            return "Chart[" + png.length + " bytes, " + caption + "]";
        }
    }

    /**
     * A bar chart drawn as vector graphics (rectangles, rules and embedded-font text: sharp at any zoom, searchable,
     * and no image to keep in sync with the data). Horizontal charts put one row per category with a bar per series
     * and its value printed at the bar's end, so small counts stay readable beside large ones; vertical charts suit a
     * time series (one column group per category, a labelled maximum on the axis).
     *
     * @param caption    printed under the chart
     * @param categories row (horizontal) or column (vertical) labels, in order
     * @param series     one or more series, each with a value per category
     * @param horizontal bars grow to the right (true) or upwards (false)
     */
    record BarChart(String caption, List<String> categories, List<Series> series, boolean horizontal) implements ReportBlock {
        public BarChart {
            caption = Objects.requireNonNullElse(caption, "");
            categories = List.copyOf(categories);
            series = List.copyOf(series);
            if (series.isEmpty()) {
                throw new IllegalArgumentException("A chart needs at least one series");
            }
            for (Series s : series) {
                if (s.values().size() != categories.size()) {
                    throw new IllegalArgumentException("Series " + s.name() + " has " + s.values().size() + " values for "
                            + categories.size() + " categories");
                }
            }
        }
    }

    /** One series of a {@link BarChart}: a name for the legend, a colour, and non-negative values. */
    record Series(String name, java.awt.Color color, List<Double> values) {
        public Series {
            name = Objects.requireNonNull(name, "name");
            color = Objects.requireNonNull(color, "color");
            values = List.copyOf(values);
            if (values.stream().anyMatch(v -> v == null || v < 0 || v.isNaN() || v.isInfinite())) {
                throw new IllegalArgumentException("Chart values are finite and not negative: " + values);
            }
        }
    }

    /** Starts a new page. */
    record PageBreak() implements ReportBlock {
    }

    /** Monospaced text in a shaded box (commands, output, identifiers); long lines wrap with a ↪ marker. */
    record Code(String text) implements ReportBlock {
        public Code {
            text = Objects.requireNonNull(text, "text");
        }
    }

    private static String requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A " + what + " needs text");
        }
        return text;
    }
}
