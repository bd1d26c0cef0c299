package com.companyos.tenants.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** One tenant: residency and regions, created resources, manifest, tenant API tokens, legal holds, and teardown. */
@Route("tenants/:slug")
@PageTitle("Tenant")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE})
class TenantDetailView extends Main implements BeforeEnterObserver {

    private final TenantService tenants;
    private final Clock clock;
    private String slug;

    TenantDetailView(TenantService tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
        addClassName("view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        slug = event.getRouteParameters().get("slug").orElse("");
        render();
    }

    private void render() {
        removeAll();
        Tenant t;
        try {
            t = tenants.get(slug);
        } catch (NotFoundException e) {
            add(new H2("No tenant '" + slug + "'"), new Anchor("tenants", "All tenants"));
            return;
        }
        SignedInUser me = CurrentUser.require();
        boolean operator = me.hasRole(Role.OPERATOR) || me.hasRole(Role.PLATFORM_ADMIN);
        boolean officer = me.hasRole(Role.COMPLIANCE_OFFICER);

        Div head = new Div(new H2(t.spec().name()), Components.badge(t.active() ? "Active" : "Torn down", t.active() ? "success" : "contrast"));
        head.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)").set("align-items", "center");
        head.getElement().setAttribute("data-tenant", t.slug());
        add(head);

        var facts = Components.facts();
        Components.fact(facts, "Slug", t.slug());
        Components.fact(facts, "Tenant ID", t.id().toString());
        Components.fact(facts, "Residency", t.spec().zone().displayName() + " (" + t.spec().zone() + ")"
                + (t.spec().residencyLocked() ? " · residency-locked" : " · not locked")
                + (t.spec().dcpRequested() ? " · Dedicated Compliance Partition" : ""));
        Components.fact(facts, "Regions", "primary " + t.spec().primaryRegion() + " · failover " + t.spec().failoverRegion()
                + " · active " + t.activeRegion());
        Components.fact(facts, "Serving now", t.activeRegion() + (t.failedOver() ? " — FAILED OVER" : "") + " · standby " + t.standbyRegion()
                + " · epoch " + t.epoch() + " · " + ("SYNC".equals(t.replicationMode()) ? "synchronous replication (RPO 0)"
                : "asynchronous replication"));
        String servedBy = t.active() ? tenants.servedBy(t) : t.activeRegion();
        Components.fact(facts, "Dedicated Compliance Partition", new Anchor("dcp?tenant=" + t.slug(), servedBy.contains("/dcp/")
                ? "yes — served by " + servedBy + " (its own agents, database and signing key)"
                : t.spec().dcpRequested() ? "requested at creation — see Compliance partitions" : "none — shared " + servedBy + " agent"));
        Components.fact(facts, "During failover", String.join(", ", t.spec().failoverAllowedOperations().stream().map(Enum::name).sorted().toList()));
        Components.fact(facts, "Data defaults", t.spec().defaultClassification().label() + ", retention " + t.spec().retentionPolicy().label());
        Components.fact(facts, "Contacts", String.join("; ", t.spec().contacts().stream().map(c -> c.name() + " <" + c.email() + ">").toList()));
        Components.fact(facts, "Created", Components.dateTime(t.createdAt()) + " by " + t.createdBy());
        if (t.approvalRequestId() != null) {
            Anchor approval = new Anchor("approvals?request=" + t.approvalRequestId(), "approval " + t.approvalRequestId());
            Components.fact(facts, "Approved by", approval);
        }
        if (t.tornDownAt() != null) {
            Components.fact(facts, "Torn down", Components.dateTime(t.tornDownAt()));
        }
        add(Components.div("card", facts));

        Anchor manifest = new Anchor((DownloadHandler) event -> {
            event.setFileName(t.slug() + ".tenant.yaml");
            event.setContentType("application/yaml");
            event.getOutputStream().write(t.manifest().getBytes(StandardCharsets.UTF_8));
        }, "Download tenant.yaml");
        manifest.getElement().setAttribute("download", true);
        manifest.getElement().setAttribute("data-action", "download-manifest");
        Div manifestRow = new Div(new Icon(VaadinIcon.FILE_CODE), manifest, Components.text("sha", "sha256 " + t.manifestSha256()));
        manifestRow.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("align-items", "center")
                .set("margin", "var(--lumo-space-m) 0").set("font-size", "var(--lumo-font-size-s)");
        add(manifestRow);

        add(new H3("Resources"));
        Grid<TenantResource> resources = new Grid<>();
        resources.addColumn(TenantResource::store).setHeader("Store").setAutoWidth(true);
        resources.addColumn(TenantResource::region).setHeader("Region").setAutoWidth(true);
        resources.addColumn(TenantResource::kind).setHeader("Kind").setAutoWidth(true);
        resources.addColumn(TenantResource::id).setHeader("ID").setFlexGrow(4).setTooltipGenerator(TenantResource::id);
        resources.addColumn(r -> r.removedAt() == null ? "present" : "removed " + Components.date(r.removedAt())).setHeader("State").setAutoWidth(true);
        resources.setItems(t.resources());
        resources.setAllRowsVisible(true);
        resources.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(resources);

        if (t.active()) {
            add(new TenantTokensPanel(tenants, t, operator, this::render));
            add(new LegalHoldsPanel(tenants, slug, officer, clock, this::render));
            add(new TeardownPanel(tenants, slug, operator));
        } else {
            tenants.deletionCertificate(slug).ifPresent(certificate -> {
                Anchor download = new Anchor((DownloadHandler) event -> {
                    event.setFileName(t.slug() + ".deletion-certificate.json");
                    event.setContentType("application/json");
                    event.getOutputStream().write(certificate.getBytes(StandardCharsets.UTF_8));
                }, "Download deletion certificate");
                download.getElement().setAttribute("download", true);
                download.getElement().setAttribute("data-action", "download-certificate");
                add(new H3("Deletion certificate"), download);
            });
        }
    }
}
