package com.companyos.reports;

import com.companyos.reports.ReportBlock.KeyValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable description of a report: what it says, not how it looks. {@link PdfComposer} turns it into a PDF/A-3b
 * file. Build one from a feature's own records with {@link #builder(String)}.
 *
 * @param title       printed large on the first page and small on top of the others; the PDF's title
 * @param subtitle    printed under the title; may be empty
 * @param blocks      the body, top to bottom
 * @param watermark   printed small in every page's footer, e.g. "Downloaded by ana@example.com at 2026-11-22 09:00 UTC";
 *                    empty for none
 * @param metadata    author, subject, keywords
 * @param attachments files embedded as PDF/A-3 associated files; names are unique
 */
public record ReportDocument(String title, String subtitle, List<ReportBlock> blocks, String watermark,
                             ReportMetadata metadata, List<ReportAttachment> attachments) {

    public ReportDocument {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("A report needs a title");
        }
        subtitle = Objects.requireNonNullElse(subtitle, "");
        blocks = List.copyOf(blocks);
        watermark = Objects.requireNonNullElse(watermark, "");
        metadata = Objects.requireNonNullElse(metadata, ReportMetadata.empty());
        attachments = List.copyOf(attachments);
        Set<String> names = new HashSet<>();
        for (ReportAttachment attachment : attachments) {
            if (!names.add(attachment.fileName())) {
                throw new IllegalArgumentException("Two attachments are named " + attachment.fileName());
            }
        }
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Collects blocks in reading order. Not thread-safe; {@link #build()} copies everything. */
    public static final class Builder {

        private final String title;
        private String subtitle = "";
        private String watermark = "";
        private ReportMetadata metadata = ReportMetadata.empty();
        private final List<ReportBlock> blocks = new ArrayList<>();
        private final List<ReportAttachment> attachments = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder subtitle(String subtitle) {
            this.subtitle = subtitle;
            return this;
        }

        public Builder watermark(String watermark) {
            this.watermark = watermark;
            return this;
        }

        public Builder metadata(String author, String subject, String... keywords) {
            this.metadata = new ReportMetadata(author, subject, Arrays.asList(keywords), ReportMetadata.DEFAULT_CREATOR);
            return this;
        }

        public Builder metadata(ReportMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder heading(String text) {
            return add(new ReportBlock.Heading(text, 1));
        }

        public Builder subheading(String text) {
            return add(new ReportBlock.Heading(text, 2));
        }

        public Builder paragraph(String text) {
            return add(new ReportBlock.Paragraph(text));
        }

        /** Key/value rows in the map's iteration order (use a {@code LinkedHashMap} or {@code Map.of} pairs sorted). */
        public Builder keyValues(Map<String, String> entries) {
            return add(new ReportBlock.KeyValues(entries.entrySet().stream()
                    .map(e -> new KeyValue(e.getKey(), e.getValue())).toList()));
        }

        public Builder table(List<String> header, List<List<String>> rows) {
            return add(new ReportBlock.Table(header, rows));
        }

        public Builder table(List<String> header, List<List<String>> rows, List<Double> columnWeights) {
            return add(new ReportBlock.Table(header, rows, columnWeights));
        }

        public Builder status(ReportBlock.Outcome outcome, String text) {
            return add(new ReportBlock.Status(outcome, text));
        }

        public Builder chart(byte[] png, String caption) {
            return add(new ReportBlock.Chart(png, caption));
        }

        public Builder barChart(String caption, List<String> categories, List<ReportBlock.Series> series, boolean horizontal) {
            return add(new ReportBlock.BarChart(caption, categories, series, horizontal));
        }

        public Builder code(String text) {
            return add(new ReportBlock.Code(text));
        }

        public Builder pageBreak() {
            return add(new ReportBlock.PageBreak());
        }

        public Builder add(ReportBlock block) {
            blocks.add(Objects.requireNonNull(block));
            return this;
        }

        public Builder attach(String fileName, String mimeType, byte[] content, String description,
                              ReportAttachment.Relationship relationship) {
            attachments.add(new ReportAttachment(fileName, mimeType, content, description, relationship));
            return this;
        }

        public ReportDocument build() {
            return new ReportDocument(title, subtitle, blocks, watermark, metadata, attachments);
        }
    }
}
