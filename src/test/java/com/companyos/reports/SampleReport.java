package com.companyos.reports;

import com.companyos.reports.ReportBlock.Outcome;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report with every block type, a table long enough to span pages, a chart and a JSON attachment. */
final class SampleReport {

    static final String TITLE = "Disaster-recovery drill report";
    static final String TABLE_HEADER = "Restore step";
    static final String WATERMARK = "Downloaded by ana.lima@example.com at 2026-11-22 09:00 UTC — confidential, for ACME Corp only";
    static final byte[] EVIDENCE_JSON = """
            {"drill":"2026-11-22-eu-west","tenant":"acme","rpoSeconds":42,"rtoSeconds":718,"result":"PASS"}
            """.getBytes(StandardCharsets.UTF_8);

    private SampleReport() {
    }

    static ReportDocument everything() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Tenant", "acme (ACME Corp)");
        facts.put("Primary region", "eu-west (Frankfurt)");
        facts.put("Failover region", "eu-central (Amsterdam)");
        facts.put("Started", "2026-11-22 08:12:04 UTC");
        facts.put("Evidence bundle", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08e4f2c1d3b5a79e86");
        facts.put("Operator note", "The drill ran during the agreed maintenance window; customer traffic was routed to "
                + "the standby region for eleven minutes and returned without errors.");

        List<List<String>> steps = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            String detail = i % 9 == 0
                    ? "Replayed WAL segments 000000010000000A000000" + i + " to the restore point; checksums of every "
                    + "segment matched the shipping side's manifest, and the standby promoted cleanly."
                    : "Checked step " + i + " against the runbook.";
            steps.add(List.of(String.valueOf(i), "Restore step " + i, detail, i % 17 == 0 ? "WARN" : "PASS", (i * 7 % 60) + " s"));
        }

        return ReportDocument.builder(TITLE)
                .subtitle("Tenant acme · eu-west → eu-central · 22 November 2026")
                .watermark(WATERMARK)
                .metadata("CompanyOS Control Plane", "Evidence that tenant acme can fail over within its RPO and RTO",
                        "disaster recovery", "drill", "acme", "eu-west")
                .heading("Summary")
                .status(Outcome.PASS, "Recovery point objective met: 42 s of data at risk, objective 5 min")
                .status(Outcome.PASS, "Recovery time objective met: service restored in 11 min 58 s, objective 30 min")
                .status(Outcome.WARN, "Two runbook steps took longer than planned (see the step table)")
                .status(Outcome.FAIL, "Alert routing: the on-call page for the standby region was sent to the primary "
                        + "region's rota, which is a long sentence that must wrap under the badge without running into it")
                .paragraph("This report records a scheduled disaster-recovery drill for tenant acme. The drill promotes "
                        + "the standby copy in the failover region, moves traffic there, checks the data, and moves back. "
                        + "Every figure below comes from the evidence attached to this PDF (drill-evidence.json), which an "
                        + "auditor can check independently. Characters the fonts lack print as question marks: 漢字.")
                .keyValues(facts)
                .subheading("Recovery timeline")
                .chart(chart(), "Figure 1 — Minutes per phase of the drill (planned vs. actual)")
                .heading("Restore steps")
                .table(List.of("#", TABLE_HEADER, "What was checked", "Result", "Duration"), steps)
                .heading("Commands")
                .paragraph("The operator ran these commands; long lines wrap with a marker.")
                .code("companyos dr drill start --tenant acme --from eu-west --to eu-central --evidence-dir /var/lib/companyos/evidence/2026-11-22 --confirm\n"
                        + "companyos dr drill status --tenant acme\n"
                        + "  phase=promote  elapsed=00:04:12  lag=0 B")
                .pageBreak()
                .heading("Sign-off")
                .paragraph("Reviewed by the platform on-call engineer.\nSecond line after a hard break.")
                .attach("drill-evidence.json", "application/json", EVIDENCE_JSON,
                        "Machine-readable evidence behind this report", ReportAttachment.Relationship.DATA)
                .build();
    }

    /** A bar chart drawn with java.awt onto an opaque RGB image, labelled in the bundled DejaVu Sans. */
    static byte[] chart() {
        int width = 1000;
        int height = 420;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(dejaVu().deriveFont(20f));
        String[] phases = {"Detect", "Promote", "Reroute", "Verify", "Return"};
        int[] planned = {2, 8, 3, 10, 7};
        int[] actual = {1, 6, 4, 9, 5};
        int left = 70;
        int bottom = height - 60;
        int scale = 28;
        g.setColor(new Color(0xC9, 0xD1, 0xDA));
        g.setStroke(new BasicStroke(1));
        for (int m = 0; m <= 10; m += 2) {
            int y = bottom - m * scale;
            g.drawLine(left, y, width - 30, y);
            g.setColor(new Color(0x59, 0x63, 0x6E));
            g.drawString(m + "", left - 35, y + 7);
            g.setColor(new Color(0xC9, 0xD1, 0xDA));
        }
        for (int i = 0; i < phases.length; i++) {
            int x = left + 40 + i * 180;
            g.setColor(new Color(0x9F, 0xB8, 0xD1));
            g.fillRect(x, bottom - planned[i] * scale, 55, planned[i] * scale);
            g.setColor(new Color(0x1F, 0x4E, 0x79));
            g.fillRect(x + 60, bottom - actual[i] * scale, 55, actual[i] * scale);
            g.setColor(new Color(0x1F, 0x23, 0x28));
            g.drawString(phases[i], x + 20, bottom + 32);
        }
        g.setColor(new Color(0x9F, 0xB8, 0xD1));
        g.fillRect(width - 260, 18, 18, 18);
        g.setColor(new Color(0x1F, 0x4E, 0x79));
        g.fillRect(width - 140, 18, 18, 18);
        g.setColor(new Color(0x1F, 0x23, 0x28));
        g.drawString("Planned", width - 234, 34);
        g.drawString("Actual", width - 114, 34);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Font dejaVu() {
        try (InputStream in = SampleReport.class.getResourceAsStream("/reports/fonts/DejaVuSans.ttf")) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
