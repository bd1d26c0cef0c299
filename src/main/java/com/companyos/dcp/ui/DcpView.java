package com.companyos.dcp.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpService;
import com.companyos.dcp.DcpState;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Dedicated Compliance Partitions: every DCP with its state, and for the selected one its provisioning steps (live),
 * its agents, signing key fingerprint, approved plan hash and the co-signed record. Operators request a DCP for a
 * tenant here and resume a failed provisioning. {@code ?tenant=<slug>} selects one (the tenant page links here).
 */
@Route("dcp")
@PageTitle("Compliance partitions")
@Menu(order = 7, icon = "vaadin:safe", title = "Compliance partitions")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE})
class DcpView extends Main implements BeforeEnterObserver {

    private final DcpService dcps;
    private final Grid<Dcp> grid = new Grid<>();
    private final Div detail = new Div();
    private final boolean operator;
    private String selected;

    DcpView(DcpService dcps, TenantService tenants) {
        this.dcps = dcps;
        this.operator = CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.OPERATOR)).orElse(false);
        addClassName("view");
        add(new H2("Dedicated Compliance Partitions"), Components.intro("A DCP runs one tenant's governed data path in agent "
                + "processes of its own, in its primary region and its standby region: its own PostgreSQL with its own "
                + "credentials, its own object store, its own signing key, the dcp policy channel and the enterprise profile "
                + "(residency lock on, restricted treated like pii, nothing leaves the zone). Two compliance officers approve "
                + "exactly the plan shown; their approvals are signatures on the DCP record."));
        if (operator) {
            add(requestForm(tenants));
        }
        grid.addColumn(Dcp::slug).setHeader("Tenant").setAutoWidth(true);
        grid.addComponentColumn(d -> Components.badge(d.state().label(), theme(d.state()))).setHeader("State").setAutoWidth(true);
        grid.addColumn(d -> String.join(" → ", d.plan().regions())).setHeader("Regions (standby)").setAutoWidth(true);
        grid.addColumn(d -> d.keyFingerprint() == null ? "not issued" : d.keyFingerprint().substring(0, 16) + "…")
                .setHeader("Signing key").setAutoWidth(true);
        grid.addColumn(d -> String.join(", ", d.approvedBy())).setHeader("Approved by").setAutoWidth(true);
        grid.addColumn(d -> Components.dateTime(d.updatedAt())).setHeader("Updated").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No Dedicated Compliance Partitions yet.");
        grid.addSelectionListener(e -> {
            selected = e.getFirstSelectedItem().map(Dcp::slug).orElse(null);
            showDetail();
        });
        grid.getElement().setAttribute("data-testid", "dcp-grid");
        add(grid, detail);
        refresh();
        com.companyos.base.ui.Polling.every(this, 2000, this::refresh);
    }

    private Div requestForm(TenantService tenants) {
        ComboBox<String> tenant = new ComboBox<>("Tenant");
        tenant.setItems(tenants.list().stream().filter(Tenant::active).filter(t -> !t.synthetic()).map(Tenant::slug).toList());
        tenant.getElement().setAttribute("data-testid", "dcp-tenant");
        TextArea reason = new TextArea("Reason");
        reason.setPlaceholder("Why does this tenant need dedicated infrastructure?");
        reason.setWidth("28rem");
        reason.getElement().setAttribute("data-testid", "dcp-reason");
        Button request = new Button("Request DCP", e -> {
            try {
                Dcp d = dcps.request(tenant.getValue(), reason.getValue());
                Components.done("DCP requested for " + d.slug() + ": awaiting two compliance officers (plan sha256 "
                        + d.planSha256().substring(0, 12) + "…)");
                selected = d.slug();
                reason.clear();
                refresh();
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            }
        });
        request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        request.getElement().setAttribute("data-action", "request-dcp");
        HorizontalLayout row = new HorizontalLayout(tenant, reason, request);
        row.setAlignItems(HorizontalLayout.Alignment.END);
        return Components.div("dcp-request", new H3("Request a DCP"), row);
    }

    private static String theme(DcpState s) {
        return switch (s) {
            case ACTIVE -> "success";
            case FAILED, DEGRADED, FALLBACK -> "error";
            case DELETED -> "contrast";
            default -> "";
        };
    }

    private void refresh() {
        List<Dcp> all = dcps.list();
        grid.setItems(all);
        showDetail();
    }

    private void showDetail() {
        detail.removeAll();
        Optional<Dcp> d = Optional.ofNullable(selected).flatMap(dcps::find);
        if (d.isEmpty()) {
            return;
        }
        Dcp dcp = d.get();
        detail.add(new H3("DCP of " + dcp.slug() + " — " + dcp.state().label()));
        var facts = Components.facts();
        Components.fact(facts, "Plan sha256 (approved)", dcp.planSha256());
        Components.fact(facts, "Requested by", dcp.requestedBy() + ": " + dcp.reason());
        Components.fact(facts, "Approved by", dcp.approvedBy().isEmpty() ? "awaiting two compliance officers" : String.join(", ", dcp.approvedBy()));
        Components.fact(facts, "Signing key (SHA-256)", Objects.requireNonNullElse(dcp.keyFingerprint(), "not issued yet"));
        Components.fact(facts, "Policy channel", dcp.plan().channel() + " — " + dcp.plan().profile());
        Components.fact(facts, "Storage", dcp.plan().storage() + ", own credentials; " + dcp.plan().poolSize() + " agent(s) per region");
        for (Dcp.Endpoint e : dcp.endpoints()) {
            Components.fact(facts, "Agent " + e.region() + "/dcp/" + dcp.slug(), "control " + e.agentUrl() + ", data " + e.dataUrl());
        }
        if (dcp.lastError() != null) {
            detail.add(Components.callout("error", dcp.lastError()));
        }
        detail.add(facts);
        Grid<Dcp.Step> steps = new Grid<>();
        steps.addColumn(s -> s.step() + (s.region().isEmpty() ? "" : " (" + s.region() + ")")).setHeader("Step").setAutoWidth(true);
        steps.addComponentColumn(s -> Components.badge(s.state().toLowerCase(), "DONE".equals(s.state()) ? "success"
                : "FAILED".equals(s.state()) ? "error" : "")).setHeader("State").setAutoWidth(true);
        steps.addColumn(s -> Components.dateTime(s.startedAt())).setHeader("Started").setAutoWidth(true);
        steps.addColumn(s -> s.detail() == null ? "" : s.detail()).setHeader("Detail").setFlexGrow(1);
        steps.setItems(dcp.steps());
        steps.setAllRowsVisible(true);
        steps.setEmptyStateText("Provisioning starts when two compliance officers have approved.");
        steps.getElement().setAttribute("data-testid", "dcp-steps");
        detail.add(steps);
        HorizontalLayout actions = new HorizontalLayout();
        if (dcp.record() != null) {
            Anchor record = new Anchor();
            record.setText("Download the co-signed DCP record");
            record.setHref((DownloadHandler) event -> {
                event.setFileName("dcp-record-" + dcp.slug() + ".zip");
                event.setContentType("application/zip");
                event.getOutputStream().write(dcps.recordBundle(dcp.slug()));
            });
            record.getElement().setAttribute("download", true);
            actions.add(record);
        }
        if (operator && dcp.state() == DcpState.FAILED && !dcp.approvedBy().isEmpty()) {
            TextArea why = new TextArea("Reason to resume");
            Button resume = new Button("Resume provisioning", e -> {
                try {
                    dcps.resume(dcp.slug(), why.getValue());
                    Components.done("Provisioning of " + dcp.slug() + " resumed");
                    refresh();
                } catch (RuntimeException ex) {
                    Components.failed(ex.getMessage());
                }
            });
            actions.add(why, resume);
        }
        detail.add(actions);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("tenant").ifPresent(slug -> {
            selected = slug;
            showDetail();
        });
    }


}
