package com.companyos.residency.ui;

import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.base.ui.Components;
import com.companyos.residency.ProofBundleService;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.shared.Registration;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * Builds a tenant's residency proof bundle in its region and hands it over: choose a period, watch the progress, then
 * download the zip, which the region builds while it streams (once; build again for another copy). What the bundle proves and how to verify it is in its
 * {@code VERIFY.md}.
 */
class ProofBundlePanel extends Div {

    private final ProofBundleService bundles;
    private final Supplier<String> tenant;
    private final Clock clock;
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC, inclusive)");
    private final Button build = new Button("Build proof bundle", new Icon(VaadinIcon.PACKAGE));
    private final ProgressBar progress = new ProgressBar();
    private final Div status = new Div();
    private final Anchor download = new Anchor();
    private String jobTenant;
    private ProofBundleJob job;
    private Registration polling;

    ProofBundlePanel(ProofBundleService bundles, Supplier<String> tenant, Clock clock) {
        this.bundles = bundles;
        this.tenant = tenant;
        this.clock = clock;
        addClassName("card");
        getElement().setAttribute("data-panel", "proof-bundle");
        Components.period(from, to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), 30, "proof");
        build.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        build.getElement().setAttribute("data-action", "build-proof-bundle");
        build.addClickListener(e -> start());
        build.setDisableOnClick(true);
        progress.setVisible(false);
        progress.setWidth("100%");
        status.getElement().setAttribute("data-proof-status", "idle");
        download.getElement().setAttribute("download", true);
        download.getElement().setAttribute("data-action", "download-proof-bundle");
        download.add(new Button("Download bundle", new Icon(VaadinIcon.DOWNLOAD)));
        download.setVisible(false);

        HorizontalLayout controls = new HorizontalLayout(from, to, build);
        controls.setAlignItems(FlexComponent.Alignment.BASELINE);
        controls.setWrap(true);
        add(new H3("Residency proof bundle"), Components.intro("Built in the tenant's own region from its signed receipts "
                + "and decisions, signed by that region (in-toto statement in a DSSE envelope), and verifiable offline with "
                + "sha256sum, openssl and python3: its VERIFY.md says how. Only you receive it; nothing is kept in the console."),
                controls, progress, status, download);
    }

    private void start() {
        download.setVisible(false);
        String slug = tenant.get();
        if (slug == null) {
            show("bad", "failed", "Choose a tenant first");
            build.setEnabled(true);
            return;
        }
        if (from.getValue() == null || to.getValue() == null || to.getValue().isBefore(from.getValue())) {
            show("bad", "failed", "Choose a period whose start is on or before its end");
            build.setEnabled(true);
            return;
        }
        try {
            job = bundles.start(slug, from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            jobTenant = slug;
            progress.setVisible(true);
            progress.setIndeterminate(job.total() == 0);
            render();
            UI ui = UI.getCurrent();
            ui.setPollInterval(500);
            polling = ui.addPollListener(p -> poll());
        } catch (RuntimeException e) {
            show("bad", "failed", e.getMessage());
            build.setEnabled(true);
        }
    }

    private void poll() {
        try {
            job = bundles.job(jobTenant, job.jobId());
            render();
        } catch (RuntimeException e) {
            stopPolling();
            show("bad", "failed", "Progress is not available: " + e.getMessage());
            build.setEnabled(true);
        }
    }

    private void render() {
        if (job.total() > 0) {
            progress.setIndeterminate(false);
            progress.setValue(Math.min(1.0, (double) job.done() / job.total()));
        }
        switch (job.status()) {
            case "BUILDING" -> show("info", "building", "Building and downloading in the tenant's region: " + job.done() + " of "
                    + job.total() + " receipts…");
            case "READY" -> {
                stopPolling();
                progress.setValue(0);
                progress.setIndeterminate(false);
                show("ok", "ready", "Ready: " + job.total() + " receipts. The bundle is built in the tenant's region while it downloads, "
                        + "once. Evidence staging was itself decided (decision " + job.decisionId() + ").");
                String slug = jobTenant;
                ProofBundleJob ready = job;
                download.setHref((DownloadHandler) event -> {
                    event.setFileName(ProofBundleService.fileName(ready));
                    event.setContentType("application/zip");
                    UI ui = event.getUI();
                    ui.access(() -> show("info", "building", "Building and downloading " + ready.total() + " receipts…"));
                    try {
                        ProofBundleJob delivered = bundles.download(slug, ready.jobId(), event.getOutputStream());
                        ui.access(() -> {
                            job = delivered;
                            render();
                        });
                    } catch (RuntimeException e) {
                        event.getResponse().setStatus(409); // takes effect when nothing was sent yet
                        ui.access(() -> show("bad", "failed", e.getMessage()));
                        throw e;
                    }
                });
                download.setVisible(true);
                build.setEnabled(true);
            }
            case "DELIVERED" -> {
                stopPolling();
                progress.setValue(1.0);
                download.setVisible(false);
                show("ok", "delivered", "Delivered: " + job.done() + " receipts, " + kib(job.size()) + ", sha256 " + job.sha256()
                        + ". Build again for another copy.");
                build.setEnabled(true);
            }
            case "FAILED" -> {
                stopPolling();
                show("bad", "failed", "Building the bundle failed: " + job.error());
                build.setEnabled(true);
            }
            default -> {
                stopPolling();
                show("info", job.status().toLowerCase(), "Bundle " + job.status().toLowerCase());
                build.setEnabled(true);
            }
        }
    }

    private void show(String kind, String state, String text) {
        status.removeAll();
        status.add(Components.callout(kind, text));
        status.getElement().setAttribute("data-proof-status", state);
    }

    private void stopPolling() {
        if (polling != null) {
            polling.remove();
            polling = null;
            getUI().ifPresent(ui -> ui.setPollInterval(-1));
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopPolling();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (job != null && !job.finished()) {
            polling = event.getUI().addPollListener(p -> poll());
            event.getUI().setPollInterval(500);
        }
    }

    private static String kib(Long bytes) {
        return bytes == null ? "?" : bytes < 1024 ? bytes + " bytes" : bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0)
                : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
