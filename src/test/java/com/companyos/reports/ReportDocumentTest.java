package com.companyos.reports;

import com.companyos.reports.ReportAttachment.Relationship;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportDocumentTest {

    @Test
    void a_report_needs_a_title() {
        assertThatThrownBy(() -> ReportDocument.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void two_attachments_with_one_name_are_refused() {
        ReportDocument.Builder builder = ReportDocument.builder("Report")
                .attach("data.json", "application/json", new byte[]{1}, "", Relationship.DATA)
                .attach("data.json", "application/json", new byte[]{2}, "", Relationship.SOURCE);
        assertThatThrownBy(builder::build).hasMessageContaining("data.json");
    }

    @Test
    void an_attachment_needs_a_plain_file_name_and_a_mime_type() {
        assertThatThrownBy(() -> new ReportAttachment("../etc/passwd", "text/plain", new byte[0], "", Relationship.DATA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportAttachment("a.json", "json", new byte[0], "", Relationship.DATA))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_table_row_must_have_as_many_cells_as_the_header() {
        assertThatThrownBy(() -> new ReportBlock.Table(List.of("a", "b"), List.of(List.of("only one"))))
                .hasMessageContaining("1 cells");
    }

    @Test
    void column_weights_are_one_positive_number_per_column_or_none() {
        assertThatThrownBy(() -> new ReportBlock.Table(List.of("a", "b"), List.of(), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportBlock.Table(List.of("a", "b"), List.of(), List.of(1.0, 0.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attachment_bytes_cannot_be_changed_from_outside() {
        byte[] bytes = {1, 2, 3};
        ReportAttachment attachment = new ReportAttachment("a.bin", "application/octet-stream", bytes, null, null);
        bytes[0] = 9;
        attachment.content()[1] = 9;
        assertThat(attachment.content()).containsExactly(1, 2, 3);
        assertThat(attachment.relationship()).isEqualTo(Relationship.UNSPECIFIED);
    }

    @Test
    void headings_are_level_one_or_two() {
        assertThatThrownBy(() -> new ReportBlock.Heading("Deep", 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadata_defaults_the_creator_to_the_control_plane() {
        assertThat(ReportDocument.builder("Report").metadata("ana", "subject").build().metadata().creator())
                .isEqualTo(ReportMetadata.DEFAULT_CREATOR);
    }
}
