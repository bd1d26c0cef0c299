package com.companyos.reports;

import java.util.List;
import java.util.Objects;

/**
 * What a PDF says about itself, written both to the Info dictionary and to the XMP metadata (PDF/A requires the two to
 * agree).
 *
 * @param author   the person or system the report is by ({@code dc:creator}, Info {@code Author})
 * @param subject  one sentence on what the report is about ({@code dc:description}, Info {@code Subject})
 * @param keywords search terms ({@code pdf:Keywords}, Info {@code Keywords}, joined with ", ")
 * @param creator  the application that made it ({@code xmp:CreatorTool}, Info {@code Creator})
 */
public record ReportMetadata(String author, String subject, List<String> keywords, String creator) {

    public static final String DEFAULT_CREATOR = "CompanyOS Control Plane";

    public ReportMetadata {
        author = Objects.requireNonNullElse(author, "");
        subject = Objects.requireNonNullElse(subject, "");
        keywords = List.copyOf(Objects.requireNonNullElse(keywords, List.of()));
        creator = Objects.requireNonNullElse(creator, "").isBlank() ? DEFAULT_CREATOR : creator;
    }

    public static ReportMetadata empty() {
        return new ReportMetadata("", "", List.of(), DEFAULT_CREATOR);
    }

    /** The keywords as one string, as PDF keeps them. */
    public String keywordLine() {
        return String.join(", ", keywords);
    }
}
