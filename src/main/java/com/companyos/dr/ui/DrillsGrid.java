package com.companyos.dr.ui;

import com.companyos.dr.Drill;
import com.companyos.dr.DrillService;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.streams.DownloadHandler;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/** Recent DR drills with their live progress, measured RPO and RTO, and the signed report's downloads. */
class DrillsGrid extends Grid<Drill> {

    private final DrillService drills;

    DrillsGrid(DrillService drills) {
        this.drills = drills;
        addColumn(Drill::tenantSlug).setHeader("Tenant").setAutoWidth(true);
        addColumn(Drill::status).setHeader("Status").setAutoWidth(true);
        addColumn(Drill::progress).setHeader("Progress").setFlexGrow(1);
        addColumn(d -> d.rpoSeconds() == null ? "" : String.format(Locale.ROOT, "%.2f s (%d lost)", d.rpoSeconds(), d.rpoRecords()))
                .setHeader("RPO").setAutoWidth(true);
        addColumn(d -> d.rtoSeconds() == null ? "" : String.format(Locale.ROOT, "%.2f s", d.rtoSeconds())).setHeader("RTO").setAutoWidth(true);
        addComponentColumn(this::reportLinks).setHeader("Signed report").setAutoWidth(true);
        setAllRowsVisible(true);
        setEmptyStateText("No drill has run yet. Select a tenant above and start one.");
    }

    void refresh() {
        setItems(drills.recent(null, 20));
    }

    private Div reportLinks(Drill d) {
        Div links = new Div();
        if (d.reportReady()) {
            links.add(download("report.dsse.json", d, "application/json",
                    () -> drills.signedReport(d.id()).orElse("").getBytes(StandardCharsets.UTF_8)));
            links.add(new Span(" "));
            links.add(download("report.json", d, "application/json",
                    () -> drills.reportJson(d.id()).orElse("").getBytes(StandardCharsets.UTF_8)));
            links.add(new Span(" "));
            links.add(download("report.pdf", d, "application/pdf", () -> drills.reportPdf(d.id()).orElse(new byte[0])));
        } else if (d.error() != null) {
            links.add(new Span(d.error()));
        }
        return links;
    }

    private static Anchor download(String name, Drill d, String type, Supplier<byte[]> bytes) {
        String file = "dr-drill-" + d.id() + "-" + name;
        Anchor a = new Anchor();
        a.setText(name);
        a.setHref((DownloadHandler) event -> {
            event.setFileName(file);
            event.setContentType(type);
            event.getOutputStream().write(bytes.get());
        });
        a.getElement().setAttribute("download", true);
        return a;
    }
}
