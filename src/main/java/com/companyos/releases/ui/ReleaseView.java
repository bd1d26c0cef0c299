package com.companyos.releases.ui;

import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseEvent;
import com.companyos.releases.ReleaseHistory;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.RolloutVerdict;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One release's page: its signed manifest (downloadable), settings and policy bundle, its history (registered, canary
 * steps, verdicts, aborts, quarantine, promotions, rollbacks), its scorecard ({@link ScorecardPanel}) and every rollout
 * with its verdicts.
 */
@Route("releases/:version")
@PageTitle("Release")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class ReleaseView extends Main implements BeforeEnterObserver {

    private final ReleaseService releases;

    ReleaseView(ReleaseService releases) {
        this.releases = releases;
        addClassName("view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String version = event.getRouteParameters().get("version").orElse("");
        removeAll();
        ReleaseHistory h;
        try {
            h = releases.history(version);
        } catch (com.companyos.base.NotFoundException e) {
            add(new ViewHeader("Release not found"), Components.callout("bad", e.getMessage()), new RouterLink("All releases", ReleasesView.class));
            return;
        }
        Release r = h.release();
        add(new ViewHeader("Release " + r.version()));
        if (r.quarantined()) {
            add(Components.callout("bad", "Quarantined " + Components.dateTime(r.quarantinedAt()) + " by " + r.quarantinedBy() + ": "
                    + r.quarantineReason() + ". It is never rolled out again automatically; a person may retry it with a reason."));
        }
        var facts = Components.facts();
        Components.fact(facts, "Artifact", r.builtin() ? "the console's own build" : r.artifactPath());
        Components.fact(facts, "Artifact sha256", r.artifactSha256());
        Components.fact(facts, "Settings", r.config().isEmpty() ? "none" : r.config().toString());
        Components.fact(facts, "Settings sha256", r.configSha256());
        Components.fact(facts, "Policy bundle", r.policyChannel() + " " + r.policyVersion() + " (sha256 " + r.policySha256() + ")");
        Components.fact(facts, "Replaces", r.replaces() == null ? "—" : r.replaces());
        Components.fact(facts, "Registered", r.createdBy() + ", " + Components.dateTime(r.createdAt()) + ": " + r.reason());
        Anchor manifest = new Anchor();
        manifest.setText("Download the signed manifest (DSSE)");
        manifest.setHref((DownloadHandler) e -> {
            e.setFileName("release-" + r.version() + ".dsse.json");
            e.setContentType("application/json");
            e.getOutputStream().write(r.envelope().getBytes(StandardCharsets.UTF_8));
        });
        manifest.getElement().setAttribute("download", true);
        add(facts, manifest);
        add(new ScorecardPanel(releases, r.version()));

        Grid<ReleaseEvent> events = new Grid<>();
        events.addColumn(e -> Components.dateTime(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(ReleaseEvent::kind).setHeader("What").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> e.region() == null ? "" : e.region()).setHeader("Region").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(ReleaseEvent::actor).setHeader("Who").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> "rollback-statement".equals(e.kind()) ? "signed statement (sha256 "
                + com.companyos.base.Hashing.sha256Hex(e.detail()).substring(0, 16) + "…)" : e.detail()).setHeader("Detail").setFlexGrow(1);
        events.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        events.setItems(h.events());
        events.setAllRowsVisible(true);
        events.getElement().setAttribute("data-testid", "release-history");
        add(new H3("History"), events);

        for (ReleaseHistory.RolloutHistory rh : h.rollouts()) {
            var ro = rh.rollout();
            add(new H3("Rollout in " + ro.region() + " — " + ro.state().value() + ", " + Components.dateTime(ro.startedAt())));
            if (ro.endReason() != null) {
                add(Components.intro(ro.endReason()));
            }
            Grid<RolloutVerdict> verdicts = new Grid<>();
            verdicts.addColumn(v -> Components.dateTime(v.windowEnd())).setHeader("Window end").setAutoWidth(true).setFlexGrow(0);
            verdicts.addColumn(v -> (v.stepIndex() + 1) + " · " + ReleasesView.fmt(v.weight()) + " %").setHeader("Step").setAutoWidth(true).setFlexGrow(0);
            verdicts.addColumn(v -> v.outcome().toLowerCase(Locale.ROOT) + " → " + v.action().toLowerCase(Locale.ROOT)).setHeader("Verdict").setAutoWidth(true).setFlexGrow(0);
            verdicts.addColumn(RolloutVerdict::rationale).setHeader("Why").setFlexGrow(1);
            verdicts.addColumn(v -> v.decisionId().toString()).setHeader("Decision").setAutoWidth(true).setFlexGrow(0);
            verdicts.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
            verdicts.setItems(rh.verdicts());
            verdicts.setHeight("240px");
            add(verdicts);
        }
        add(new RouterLink("All releases", ReleasesView.class));
    }
}
