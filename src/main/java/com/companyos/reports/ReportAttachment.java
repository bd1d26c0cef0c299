package com.companyos.reports;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file carried inside the PDF as a PDF/A-3 associated file: listed in the catalog's {@code /AF} array with its
 * relationship to the document, so an auditor's tool can tell the machine-readable data behind a report (e.g. the
 * drill's JSON evidence) from a mere supplement.
 *
 * @param fileName     the name a reader's attachment panel shows; unique within a document
 * @param mimeType     e.g. {@code application/json} (PDF/A-3 requires one)
 * @param content      the exact bytes; extracted back byte-identical
 * @param description  what the file is, for a person
 * @param relationship how the file relates to the document
 */
public record ReportAttachment(String fileName, String mimeType, byte[] content, String description,
                               Relationship relationship) {

    /** PDF/A-3's {@code AFRelationship} values. */
    public enum Relationship {
        /** The original the document was made from. */
        SOURCE("Source"),
        /** The data behind the document's tables and charts (e.g. JSON evidence). */
        DATA("Data"),
        /** The same content in another form. */
        ALTERNATIVE("Alternative"),
        /** Additional material. */
        SUPPLEMENT("Supplement"),
        UNSPECIFIED("Unspecified");

        private final String pdfName;

        Relationship(String pdfName) {
            this.pdfName = pdfName;
        }

        /** The value of the {@code /AFRelationship} name. */
        public String pdfName() {
            return pdfName;
        }
    }

    public ReportAttachment {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("An attachment needs a plain file name, not '" + fileName + "'");
        }
        if (mimeType == null || !mimeType.matches("[\\w.+-]+/[\\w.+-]+")) {
            throw new IllegalArgumentException("'" + mimeType + "' is not a MIME type (type/subtype)");
        }
        content = Objects.requireNonNull(content, "content").clone();
        description = Objects.requireNonNullElse(description, "");
        relationship = Objects.requireNonNullElse(relationship, Relationship.UNSPECIFIED);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportAttachment other && fileName.equals(other.fileName) && mimeType.equals(other.mimeType)
                && Arrays.equals(content, other.content) && description.equals(other.description)
                && relationship == other.relationship;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, mimeType, Arrays.hashCode(content), description, relationship);
    }

    @Override
    public String toString() {
        return "ReportAttachment[" + fileName + ", " + mimeType + ", " + content.length + " bytes, " + relationship + "]";
    }
}
