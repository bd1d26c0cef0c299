package com.companyos.audit.internal;

import com.companyos.base.ArtifactType;

import com.companyos.audit.AuditEntry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * CSV (RFC 4180) for audit exports. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe;
 * the chain columns are included so an auditor can recompute the hashes from the file; every row carries the
 * export's classification and retention ({@link ArtifactType#AUDIT_EXPORT}).
 */
public final class AuditCsv {

    static final String HEADER = "seq,entry_id,occurred_at,actor,action,target,reason,decision_id,details,prev_hash,hash,classification,retention";

    private AuditCsv() {
    }

    public static long write(Stream<AuditEntry> entries, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(HEADER);
        w.write("\r\n");
        long rows = 0;
        try {
            for (Iterator<AuditEntry> it = entries.iterator(); it.hasNext(); rows++) {
                AuditEntry e = it.next();
                String[] cells = {Long.toString(e.seq()), e.entryId().toString(), e.occurredAt().toString(), e.actor(),
                        e.action(), e.target(), e.reason(), e.decisionId() == null ? null : e.decisionId().toString(),
                        e.details(), e.prevHash(), e.hash(), ArtifactType.AUDIT_EXPORT.classification(), ArtifactType.AUDIT_EXPORT.retention()};
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(cell(cells[i]));
                }
                w.write("\r\n");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
        return rows;
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
