package com.companyos.tenants.ui;

import com.companyos.base.ConflictException;
import com.companyos.base.CurrentUser;
import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.regions.AgentClient;
import com.companyos.tenants.IssuedToken;
import com.companyos.tenants.LegalHold;
import com.companyos.tenants.TeardownBlockedException;
import com.companyos.tenants.TeardownPlan;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantService;
import com.companyos.tenants.TenantToken;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

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
            add(tokens(t, operator));
            add(holds(t, officer));
            add(teardown(t, operator));
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

    private Component tokens(Tenant t, boolean operator) {
        Div section = new Div(new H3("Tenant API tokens"), Components.intro("What the tenant's applications present to the data API of "
                + t.spec().primaryRegion() + ". Only a hash is kept; a token is shown once."));
        Grid<TenantToken> grid = new Grid<>();
        grid.addColumn(TenantToken::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(TenantToken::prefix).setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(x -> Components.dateTime(x.createdAt()) + " by " + x.createdBy()).setHeader("Issued").setAutoWidth(true);
        grid.addColumn(x -> x.revokedAt() == null ? "active" : "revoked " + Components.date(x.revokedAt())).setHeader("State").setAutoWidth(true);
        if (operator) {
            grid.addComponentColumn(x -> {
                Button revoke = new Button("Revoke", e -> act(() -> tenants.revokeToken(slug, x.id()), "Token revoked"));
                revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                revoke.setVisible(x.revokedAt() == null);
                return revoke;
            }).setAutoWidth(true);
        }
        grid.setItems(tenants.tokens(slug));
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        section.add(grid);
        if (operator) {
            TextField name = new TextField();
            name.setPlaceholder("Application name");
            Button issue = new Button("Issue token", new Icon(VaadinIcon.KEY), e -> {
                try {
                    IssuedToken token = tenants.issueToken(slug, name.getValue());
                    showOnce(token);
                    render();
                } catch (IllegalArgumentException | ConflictException | AgentClient.AgentUnavailableException | AgentClient.AgentRefusedException ex) {
                    error(ex.getMessage());
                }
            });
            issue.getElement().setAttribute("data-action", "issue-token");
            section.add(new HorizontalLayout(name, issue));
        }
        return section;
    }

    private void showOnce(IssuedToken token) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Tenant API token for " + token.name());
        TextField value = new TextField("Copy it now: it is not shown again");
        value.setValue(token.token());
        value.setReadOnly(true);
        value.setWidthFull();
        value.setId("issued-token");
        dialog.add(value, Components.intro("Data API: " + token.dataUrl() + "/data/v1/records/{key} with Authorization: Bearer <token>"));
        Button close = new Button("I have stored it", e -> dialog.close());
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(close);
        dialog.setWidth("640px");
        dialog.open();
    }

    private Component holds(Tenant t, boolean officer) {
        Div section = new Div(new H3("Legal holds"), Components.intro("A tenant under an active hold cannot be torn down. "
                + "Compliance officers place holds; releasing one needs two-person approval."));
        Grid<LegalHold> grid = new Grid<>();
        grid.addColumn(LegalHold::placedBy).setHeader("Placed by").setAutoWidth(true);
        grid.addColumn(h -> Components.dateTime(h.placedAt())).setHeader("Since").setAutoWidth(true);
        grid.addColumn(h -> h.until() == null ? "until released" : Components.dateTime(h.until())).setHeader("Until").setAutoWidth(true);
        grid.addColumn(LegalHold::reason).setHeader("Reason").setFlexGrow(1);
        grid.addColumn(h -> h.releasedAt() != null ? "released " + Components.date(h.releasedAt())
                : h.activeAt(clock.instant()) ? "active" : "ended").setHeader("State").setAutoWidth(true);
        if (officer) {
            grid.addComponentColumn(h -> {
                Button release = new Button("Request release", e -> askReason("Request release of this legal hold", "Release requested: two compliance officers must approve",
                        reason -> tenants.requestLegalHoldRelease(h.id(), reason)));
                release.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                release.setVisible(h.releasedAt() == null);
                return release;
            }).setAutoWidth(true);
        }
        grid.setItems(tenants.legalHolds(slug));
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        section.add(grid);
        if (officer) {
            Button place = new Button("Place legal hold", new Icon(VaadinIcon.LOCK), e -> placeHold());
            place.getElement().setAttribute("data-action", "place-hold");
            section.add(place);
        }
        return section;
    }

    private void placeHold() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Place a legal hold on " + slug);
        TextArea reason = new TextArea("Reason (e.g. case reference)");
        reason.setWidthFull();
        reason.setId("hold-reason");
        DateTimePicker until = new DateTimePicker("Until (UTC, empty: until released)");
        dialog.add(reason, until);
        Button ok = new Button("Place hold", e -> {
            try {
                tenants.placeLegalHold(slug, reason.getValue(), until.getValue() == null ? null : until.getValue().toInstant(ZoneOffset.UTC));
                dialog.close();
                Notification.show("Legal hold placed", 3000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                render();
            } catch (IllegalArgumentException | ConflictException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ok.getElement().setAttribute("data-action", "confirm-hold");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.setWidth("560px");
        dialog.open();
    }

    private Component teardown(Tenant t, boolean operator) {
        Div section = new Div(new H3("Teardown"), Components.intro("See exactly what a teardown would remove in every store, "
                + "and what blocks it. Nothing is deleted without two-person approval."));
        Button plan = new Button("Show teardown plan", new Icon(VaadinIcon.LIST), e -> showPlan(operator));
        plan.getElement().setAttribute("data-action", "teardown-plan");
        section.add(plan);
        return section;
    }

    private void showPlan(boolean operator) {
        TeardownPlan plan;
        try {
            plan = tenants.teardownPlan(slug);
        } catch (RuntimeException e) {
            error(e.getMessage());
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Teardown plan: " + slug);
        Pre text = new Pre(plan.describe());
        text.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)");
        text.getElement().setAttribute("data-plan", plan.blocked() ? "blocked" : "clear");
        dialog.add(plan.blocked() ? Components.callout("bad", "Blocked: " + String.join("; ", plan.blockers()))
                : Components.callout("ok", "Nothing blocks this teardown; it needs " + plan.approvalsRequired() + " approvals."), text);
        Button close = new Button("Close", e -> dialog.close());
        dialog.getFooter().add(close);
        if (operator && !plan.blocked()) {
            TextArea reason = new TextArea("Reason");
            reason.setWidthFull();
            reason.setId("teardown-reason");
            dialog.add(reason);
            Button request = new Button("Request teardown", e -> {
                try {
                    UUID id = tenants.requestTeardown(slug, reason.getValue());
                    dialog.close();
                    Notification.show("Teardown submitted for approval", 4000, Notification.Position.BOTTOM_END)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    getUI().ifPresent(ui -> ui.navigate("approvals", QueryParameters.of("request", id.toString())));
                } catch (TeardownBlockedException ex) {
                    error(ex.getMessage());
                } catch (IllegalArgumentException | ConflictException ex) {
                    reason.setInvalid(true);
                    reason.setErrorMessage(ex.getMessage());
                }
            });
            request.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
            request.getElement().setAttribute("data-action", "request-teardown");
            dialog.getFooter().add(request);
        }
        dialog.setWidth("820px");
        dialog.open();
    }

    private void askReason(String title, String done, java.util.function.Consumer<String> action) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        dialog.add(reason);
        Button ok = new Button("Submit", e -> {
            try {
                action.accept(reason.getValue());
                dialog.close();
                Notification.show(done, 4000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                render();
            } catch (IllegalArgumentException | ConflictException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.setWidth("520px");
        dialog.open();
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Notification.show(done, 3000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            render();
        } catch (RuntimeException e) {
            error(e.getMessage());
        }
    }

    private static void error(String message) {
        Notification.show(message, 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
