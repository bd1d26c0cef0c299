package com.companyos.trustreports.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.trustreports.TrustReport;
import com.companyos.trustreports.TrustReportService;
import com.companyos.trustreports.TrustReportTerms;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Trust Reports of a tenant: compliance officers and platform admins generate one for a period (with progress while the
 * regions are asked) and everyone allowed downloads signed, watermarked copies. A customer sees only their own tenant
 * and accepts the terms once before the first download; {@code /trust-reports/<other tenant>} is "not found" (404)
 * for them, and audited.
 */
@Route("trust-reports")
@PageTitle("Trust Reports")
@Menu(order = 35, icon = "vaadin:diploma", title = "Trust Reports")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE, Roles.CUSTOMER})
class TrustReportsView extends Main implements HasUrlParameter<String> {

    private final TrustReportService service;
    private final boolean generator;
    private final boolean customer;
    private final ComboBox<String> tenant = new ComboBox<>("Tenant");
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC, inclusive)");
    private final Button generate = new Button("Generate Trust Report", new Icon(VaadinIcon.FILE_TEXT_O));
    private final ProgressBar progress = new ProgressBar();
    private final Div status = new Div();
    private final Grid<TrustReport> grid = new Grid<>();
    private final Div empty = new Div();
    private boolean termsAccepted;

    TrustReportsView(TrustReportService service, Clock clock) {
        this.service = service;
        SignedInUser user = CurrentUser.require();
        generator = user.hasRole(Role.PLATFORM_ADMIN) || user.hasRole(Role.COMPLIANCE_OFFICER);
        customer = user.roles().stream().allMatch(r -> r == Role.CUSTOMER);
        termsAccepted = service.termsAccepted();
        addClassName("view");
        getElement().setAttribute("data-view", "trust-reports");

        tenant.setId("trust-tenant");
        tenant.setItems(service.tenantsInView());
        tenant.setReadOnly(customer);
        tenant.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                UI.getCurrent().navigate(TrustReportsView.class, e.getValue());
            }
        });
        add(new H2("Trust Reports"), Components.intro(customer
                ? "Signed reports on how your data was kept in its residency zone: residency proofs from the signed receipts, the "
                + "policy in force, disaster-recovery drills and how to verify each figure yourself. Every copy is signed and "
                + "watermarked with your name."
                : "Signed, customer-facing reports per tenant and period (PDF/A-3b, PAdES), with their facts attached as JSON. "
                + "Each region computes its residency figures from its own receipts and sends only counts and Merkle roots."), tenant);

        if (generator) {
            add(generatePanel(clock));
        }
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.getElement().setAttribute("data-grid", "trust-reports");
        grid.addColumn(r -> Components.date(r.from()) + " – " + Components.date(r.to().minusSeconds(1))).setHeader("Period").setAutoWidth(true);
        grid.addColumn(r -> Components.dateTime(r.generatedAt()) + " by " + r.generatedBy()).setHeader("Generated").setFlexGrow(1);
        grid.addColumn(r -> String.format("%,d", r.receipts())).setHeader("Receipts").setAutoWidth(true);
        grid.addColumn(r -> String.format("%,d", r.denied())).setHeader("Violations prevented").setAutoWidth(true);
        grid.addColumn(r -> r.factsSha256().substring(0, 8) + "…").setHeader("Facts SHA-256").setAutoWidth(true);
        grid.addComponentColumn(this::downloadButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        empty.getElement().setAttribute("data-empty", "trust-reports");
        add(new H3("Reports"), empty, grid);
    }

    private Component generatePanel(Clock clock) {
        Components.period(from, to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), 29, "trust");
        generate.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        generate.getElement().setAttribute("data-action", "generate-trust-report");
        generate.setDisableOnClick(true);
        generate.addClickListener(e -> start());
        progress.setIndeterminate(true);
        progress.setVisible(false);
        status.getElement().setAttribute("data-trust-status", "idle");
        HorizontalLayout controls = new HorizontalLayout(from, to, generate);
        controls.setAlignItems(FlexComponent.Alignment.BASELINE);
        controls.setWrap(true);
        Div panel = Components.div("card", new H3("Generate"), Components.intro("Asks every region for the tenant's receipt counts and "
                + "Merkle roots of the period (from hourly rollups), adds the policy bundles, the last DR drill and the probe, and keeps "
                + "the facts. Downloads are rendered and signed from them."), controls, progress, status);
        panel.getElement().setAttribute("data-panel", "generate-trust-report");
        return panel;
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String slug) {
        String wanted = slug != null ? slug : tenant.getListDataView().getItems().findFirst().orElse(null);
        if (wanted == null) {
            show(List.of(), "No tenant to report on yet.");
            return;
        }
        try {
            List<TrustReport> list = service.reports(wanted);
            tenant.setValue(wanted);
            show(list, customer ? "No Trust Report has been issued for " + wanted + " yet. Your compliance contact at the platform can "
                    + "issue one for any period." : "No Trust Report for " + wanted + " yet: choose a period and generate one.");
        } catch (NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, e.getMessage());
        }
    }

    private void show(List<TrustReport> list, String emptyText) {
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        empty.removeAll();
        if (list.isEmpty()) {
            empty.add(Components.callout("info", emptyText));
        }
    }

    private Component downloadButton(TrustReport report) {
        Button button = new Button("Download PDF", new Icon(VaadinIcon.DOWNLOAD));
        button.getElement().setAttribute("data-action", "download-trust-report");
        if (!termsAccepted) {
            button.addClickListener(e -> termsDialog());
            return button;
        }
        Anchor link = new Anchor("/files/trust-reports/" + report.id() + ".pdf", button);
        link.setRouterIgnore(true);
        link.getElement().setAttribute("download", true);
        link.getElement().setAttribute("data-report", report.id().toString());
        return link;
    }

    private void termsDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Trust Report terms");
        dialog.getElement().setAttribute("data-dialog", "trust-report-terms");
        dialog.add(new Paragraph(TrustReportTerms.TEXT), Components.text("muted", "Terms version " + TrustReportTerms.VERSION
                + ". Your acceptance is recorded once; you will not be asked again for this version."));
        Button accept = new Button("Accept terms", e -> {
            service.acceptTerms();
            termsAccepted = true;
            dialog.close();
            grid.getDataProvider().refreshAll();
        });
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        accept.getElement().setAttribute("data-action", "accept-trust-terms");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), accept);
        dialog.open();
    }

    private void start() {
        String slug = tenant.getValue();
        if (slug == null || from.getValue() == null || to.getValue() == null || to.getValue().isBefore(from.getValue())) {
            show("bad", "failed", slug == null ? "Choose a tenant first" : "Choose a period whose start is on or before its end");
            generate.setEnabled(true);
            return;
        }
        UI ui = UI.getCurrent();
        progress.setVisible(true);
        show("info", "generating", "Asking every region for " + slug + "'s residency evidence and signing the facts…");
        var start = from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
        var end = to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // The caller's identity goes with the work: the service authorises it like a click.
        CompletableFuture.runAsync(new DelegatingSecurityContextRunnable(() -> {
            try {
                TrustReport report = service.generate(slug, start, end);
                List<TrustReport> list = service.reports(slug);
                ui.access(() -> {
                    progress.setVisible(false);
                    show("ok", "ready", "Generated: " + String.format("%,d", report.receipts()) + " receipts, " + String.format("%,d", report.denied())
                            + " violations prevented; facts SHA-256 " + report.factsSha256() + ".");
                    show(list, "");
                    generate.setEnabled(true);
                });
            } catch (RuntimeException e) {
                ui.access(() -> {
                    progress.setVisible(false);
                    show("bad", "failed", "The report could not be generated: " + e.getMessage());
                    generate.setEnabled(true);
                });
            }
        }));
    }

    private void show(String kind, String state, String text) {
        status.removeAll();
        status.add(Components.callout(kind, text));
        status.getElement().setAttribute("data-trust-status", state);
    }
}
