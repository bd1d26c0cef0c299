package com.companyos.audit.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCsvTest {

    @Test
    void plain_values_are_written_as_they_are() {
        assertThat(AuditCsv.cell("tenant.created")).isEqualTo("tenant.created");
        assertThat(AuditCsv.cell(null)).isEmpty();
    }

    @Test
    void commas_quotes_and_line_breaks_are_quoted() {
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("line1\nline2")).isEqualTo("\"line1\nline2\"");
    }

    @Test
    void cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        assertThat(AuditCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(AuditCsv.cell("@sum")).isEqualTo("\"'@sum\"");
    }
}
