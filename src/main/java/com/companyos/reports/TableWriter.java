package com.companyos.reports;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a grid table at the cursor: an optional shaded header row repeated on every page the table reaches, striped
 * body rows, wrapped cells. A row that does not fit moves to the next page whole; only a row taller than a page is
 * split between pages. Key/value tables are the same grid with a bold, shaded first column and no header.
 */
final class TableWriter {

    static final float SIZE = 8.8f;
    static final float LEADING = 12f;
    static final float PAD_X = 5f;
    static final float PAD_Y = 3.5f;
    private static final Color HEADER_FILL = new Color(0xE3, 0xE8, 0xEF);
    private static final Color KEY_FILL = new Color(0xF3, 0xF5, 0xF8);
    private static final Color STRIPE = new Color(0xF8, 0xF9, 0xFB);
    private static final Color GRID = new Color(0xC9, 0xD1, 0xDA);

    private final PageLayout layout;
    private final ReportFonts fonts;
    private final float[] widths;
    private final List<List<String>> header;   // wrapped header cells, empty when there is no header
    private final boolean keyColumn;

    private TableWriter(PageLayout layout, float[] widths, List<String> header, boolean keyColumn) {
        this.layout = layout;
        this.fonts = layout.fonts();
        this.widths = widths;
        this.keyColumn = keyColumn;
        this.header = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            this.header.add(LineBreaker.prose(header.get(c), fonts, fonts.bold, SIZE, widths[c] - 2 * PAD_X));
        }
    }

    static void table(PageLayout layout, ReportBlock.Table table) {
        float[] widths = table.columnWeights().isEmpty()
                ? ColumnWidths.fromContent(layout.fonts(), table.header(), table.rows(), PageLayout.WIDTH, SIZE, PAD_X)
                : ColumnWidths.fromWeights(table.columnWeights(), PageLayout.WIDTH);
        new TableWriter(layout, widths, table.header(), false).write(table.rows());
    }

    static void keyValues(PageLayout layout, ReportBlock.KeyValues block) {
        ReportFonts fonts = layout.fonts();
        float keyWidth = 0;
        for (ReportBlock.KeyValue entry : block.entries()) {
            keyWidth = Math.max(keyWidth, ReportFonts.width(fonts.printable(entry.key(), fonts.bold), fonts.bold, SIZE));
        }
        keyWidth = Math.min(keyWidth + 2 * PAD_X + 4, PageLayout.WIDTH * 0.35f);
        float[] widths = {keyWidth, PageLayout.WIDTH - keyWidth};
        new TableWriter(layout, widths, List.of(), true)
                .write(block.entries().stream().map(e -> List.of(e.key(), e.value())).toList());
    }

    private void write(List<List<String>> rows) {
        float headerHeight = height(header);
        List<List<List<String>>> wrapped = rows.stream().map(this::wrap).toList();
        // Keep the header with at least the first row (or the first few lines of it).
        float firstRow = wrapped.isEmpty() ? 0 : Math.min(height(wrapped.get(0)), 3 * LEADING + 2 * PAD_Y);
        layout.ensureSpace(headerHeight + firstRow);
        drawHeader();
        float pageRoom = PageLayout.TOP - PageLayout.BOTTOM - headerHeight;
        for (int r = 0; r < wrapped.size(); r++) {
            List<List<String>> cells = wrapped.get(r);
            boolean striped = r % 2 == 1;
            while (true) {
                float height = height(cells);
                if (height <= layout.remaining()) {
                    drawRow(cells, height, striped);
                    break;
                }
                int linesHere = (int) Math.floor((layout.remaining() - 2 * PAD_Y) / LEADING);
                if (height <= pageRoom || linesHere < 2) {
                    layout.newPage();
                    drawHeader();
                    continue;
                }
                // Taller than a page: fill this page with the first lines of each cell, continue on the next.
                List<List<String>> part = new ArrayList<>();
                List<List<String>> rest = new ArrayList<>();
                for (List<String> lines : cells) {
                    int cut = Math.min(linesHere, lines.size());
                    part.add(lines.subList(0, cut));
                    rest.add(lines.subList(cut, lines.size()));
                }
                drawRow(part, height(part), striped);
                cells = rest;
                layout.newPage();
                drawHeader();
            }
        }
        layout.moveDown(12f);
    }

    private List<List<String>> wrap(List<String> row) {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < row.size(); c++) {
            cells.add(LineBreaker.prose(row.get(c), fonts, font(c), SIZE, widths[c] - 2 * PAD_X));
        }
        return cells;
    }

    private PDFont font(int column) {
        return keyColumn && column == 0 ? fonts.bold : fonts.regular;
    }

    private static float height(List<List<String>> cells) {
        if (cells.isEmpty()) {
            return 0;
        }
        int lines = cells.stream().mapToInt(List::size).max().orElse(1);
        return Math.max(1, lines) * LEADING + 2 * PAD_Y;
    }

    private void drawHeader() {
        if (header.isEmpty()) {
            return;
        }
        float height = height(header);
        layout.fill(PageLayout.LEFT, layout.y() - height, PageLayout.WIDTH, height, HEADER_FILL);
        drawCells(header, height, true);
    }

    private void drawRow(List<List<String>> cells, float height, boolean striped) {
        float top = layout.y();
        if (striped) {
            layout.fill(PageLayout.LEFT, top - height, PageLayout.WIDTH, height, STRIPE);
        }
        if (keyColumn) {
            layout.fill(PageLayout.LEFT, top - height, widths[0], height, KEY_FILL);
        }
        drawCells(cells, height, false);
    }

    private void drawCells(List<List<String>> cells, float height, boolean isHeader) {
        float top = layout.y();
        float bottom = top - height;
        float x = PageLayout.LEFT;
        for (int c = 0; c < cells.size(); c++) {
            PDFont font = isHeader ? fonts.bold : font(c);
            float baseline = top - PAD_Y - (LEADING - SIZE) / 2 - SIZE * 0.78f;
            for (String line : cells.get(c)) {
                layout.text(line, font, SIZE, x + PAD_X, baseline, PageLayout.TEXT);
                baseline -= LEADING;
            }
            layout.line(x, top, x, bottom, 0.5f, GRID);
            x += widths[c];
        }
        layout.line(PageLayout.RIGHT, top, PageLayout.RIGHT, bottom, 0.5f, GRID);
        layout.line(PageLayout.LEFT, top, PageLayout.RIGHT, top, 0.5f, GRID);
        layout.line(PageLayout.LEFT, bottom, PageLayout.RIGHT, bottom, isHeader ? 0.8f : 0.5f, GRID);
        layout.moveDown(height);
    }
}
