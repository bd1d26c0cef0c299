package com.companyos.reports;

import java.util.List;

/**
 * Column widths that fill the text width. From content, much like an HTML table's automatic layout: each column
 * wants its widest unwrapped cell and needs at least its longest word; narrow columns (numbers, verdicts, names) are
 * kept on one line, and the wide ones share the rest.
 */
final class ColumnWidths {

    /** A single word (a hash, a URL) may not claim more than this share of the width: it breaks instead. */
    private static final float MAX_WORD_SHARE = 0.3f;

    private ColumnWidths() {
    }

    static float[] fromWeights(List<Double> weights, float total) {
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        float[] widths = new float[weights.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = (float) (total * weights.get(c) / sum);
        }
        return widths;
    }

    static float[] fromContent(ReportFonts fonts, List<String> header, List<List<String>> rows, float total,
                               float size, float padding) {
        int n = header.size();
        float[] min = new float[n];
        float[] max = new float[n];
        for (int c = 0; c < n; c++) {
            measure(fonts, fonts.bold, header.get(c), size, c, min, max);
            for (List<String> row : rows) {
                measure(fonts, fonts.regular, row.get(c), size, c, min, max);
            }
            min[c] = Math.min(min[c], total * MAX_WORD_SHARE) + 2 * padding + 1;
            // +1 pt: a cell exactly as wide as its text must not wrap on a rounding error.
            max[c] = Math.max(max[c] + 2 * padding + 1, min[c]);
        }
        return share(min, max, total);
    }

    /**
     * Columns that want no more than a fair share of what is left get what they want (repeatedly, as each one leaves
     * more for the rest); the wide columns then split the remainder beyond their minimums in proportion to how much
     * more each wants. If every column gets what it wants, all grow in proportion to fill the width.
     */
    static float[] share(float[] min, float[] max, float total) {
        int n = min.length;
        float[] widths = new float[n];
        boolean[] settled = new boolean[n];
        float remaining = total;
        int open = n;
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            float fair = remaining / open;
            for (int c = 0; c < n; c++) {
                if (!settled[c] && max[c] <= fair) {
                    widths[c] = max[c];
                    settled[c] = true;
                    remaining -= max[c];
                    open--;
                    changed = true;
                }
            }
        }
        if (open == 0) {
            float sumMax = sum(max);
            for (int c = 0; c < n; c++) {
                widths[c] = max[c] * total / sumMax;
            }
            return widths;
        }
        float openMin = 0;
        float openExtra = 0;
        for (int c = 0; c < n; c++) {
            if (!settled[c]) {
                openMin += min[c];
                openExtra += max[c] - min[c];
            }
        }
        for (int c = 0; c < n; c++) {
            if (settled[c]) {
                continue;
            }
            if (remaining <= openMin || openExtra <= 0) {
                widths[c] = min[c] * remaining / openMin;
            } else {
                widths[c] = min[c] + (remaining - openMin) * (max[c] - min[c]) / openExtra;
            }
        }
        return widths;
    }

    private static void measure(ReportFonts fonts, org.apache.pdfbox.pdmodel.font.PDFont font, String text, float size,
                                int column, float[] min, float[] max) {
        for (String line : text.split("\n")) {
            String printable = fonts.printable(line, font).strip();
            max[column] = Math.max(max[column], ReportFonts.width(printable, font, size));
            for (String word : printable.split(" +")) {
                min[column] = Math.max(min[column], ReportFonts.width(word, font, size));
            }
        }
    }

    private static float sum(float[] values) {
        float sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }
}
