package com.companyos.releases.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.Polling;
import com.companyos.base.ui.ViewHeader;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.releases.LaneSample;
import com.companyos.releases.RegionRelease;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Releases of the region agent: per region the stable release and the canary in progress (step, weight, progress),
 * live charts of both versions' 5xx share and write p99 per analysis window, every verdict with its reason, and the
 * operators' actions (start a canary, promote, pause, resume, abort, roll back). Below, every release; each links to
 * its page with the manifest and history. Refreshes every two seconds.
 */
@Route("releases")
@PageTitle("Releases")
@Menu(order = 47, icon = "vaadin:rocket", title = "Releases")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class ReleasesView extends Main {

    private final ReleaseService releases;
    private final boolean operator;
    private final Div regions = Components.div("card-grid");
    private final Select<String> region = new Select<>();
    private final Div rolloutPanel = new Div();
    private final Chart errors = new Chart(new TimeSeriesChart("5xx share per window"));
    private final Chart latency = new Chart(new TimeSeriesChart("Write p99 per window"));
    private final Grid<RolloutVerdict> verdicts = new Grid<>();
    private final Grid<Release> catalog = new Grid<>();
    private final Div problem = Components.callout("bad", "");
    private final java.util.Map<String, String> cardKeys = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, Div> cards = new java.util.LinkedHashMap<>();

    ReleasesView(ReleaseService releases) {
        this.releases = releases;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        operator = user.hasRole(Role.OPERATOR) || user.hasRole(Role.PLATFORM_ADMIN);
        Button register = new Button("Register release", e -> new RegisterReleaseDialog(releases, this::refresh).open());
        register.setId("release-register");
        register.setVisible(operator);
        add(new ViewHeader("Releases", register));
        add(Components.intro("A release is a signed manifest of a region agent build, its settings and the policy bundle it "
                + "runs with. A canary runs beside a region's stable agent on the same regional database and gets a growing "
                + "share of the tenant requests (1 → 10 → 50 → 100 %). Each window compares it with the stable release: "
                + "synthetic probes and residency are critical; 5xx share, write p99 and burn rate abort only when two fail "
                + "twice in a row. Too few requests is inconclusive, never a pass. An abort sends every request back to "
                + "stable at once and quarantines the release."));
        problem.setVisible(false);
        add(problem, regions);

        region.setLabel("Rollout of region");
        region.setId("release-region");
        region.addValueChangeListener(e -> refresh());
        errors.setId("release-errors");
        latency.setId("release-latency");
        errors.setHeight("260px");
        latency.setHeight("260px");
        verdicts.addColumn(v -> Components.dateTime(v.windowEnd())).setHeader("Window end").setAutoWidth(true).setFlexGrow(0);
        verdicts.addColumn(v -> (v.stepIndex() + 1) + " · " + fmt(v.weight()) + " %").setHeader("Step").setAutoWidth(true).setFlexGrow(0);
        verdicts.addComponentColumn(v -> Components.badge(v.outcome().toLowerCase(Locale.ROOT), theme(v.outcome())))
                .setHeader("Verdict").setAutoWidth(true).setFlexGrow(0);
        verdicts.addColumn(v -> v.action().toLowerCase(Locale.ROOT)).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        verdicts.addColumn(v -> v.tripped() == null ? "" : v.tripped()).setHeader("Tripped").setAutoWidth(true).setFlexGrow(0);
        verdicts.addColumn(v -> v.rationale() + " → " + v.actionReason()).setHeader("Why").setFlexGrow(1);
        verdicts.addColumn(v -> v.decisionId().toString().substring(0, 8)).setHeader("Decision").setAutoWidth(true).setFlexGrow(0);
        verdicts.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        verdicts.setHeight("320px");
        verdicts.setEmptyStateText("No analysis yet: the first window is judged once the canary serves.");
        verdicts.getElement().setAttribute("data-testid", "release-verdicts");
        add(new H3("Canary analysis"), region, rolloutPanel,
                Components.div("card-grid chart-grid", Components.div("card chart-card", new H3("5xx share: canary vs stable"), errors),
                        Components.div("card chart-card", new H3("Governed write p99: canary vs stable"), latency)),
                verdicts);

        catalog.addComponentColumn(r -> new RouterLink(r.version(), ReleaseView.class, new com.vaadin.flow.router.RouteParameters("version", r.version()))).setHeader("Release").setAutoWidth(true).setFlexGrow(0);
        catalog.addComponentColumn(r -> r.quarantined() ? Components.badge("quarantined", "error")
                : Components.badge(r.builtin() ? "console build" : "artifact", "contrast")).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        catalog.addColumn(r -> r.artifactSha256().substring(0, 12)).setHeader("Artifact sha256").setAutoWidth(true).setFlexGrow(0);
        catalog.addColumn(r -> r.config().isEmpty() ? "—" : r.config().toString()).setHeader("Settings").setFlexGrow(1);
        catalog.addColumn(r -> r.createdBy() + " · " + Components.dateTime(r.createdAt())).setHeader("Registered").setAutoWidth(true).setFlexGrow(0);
        catalog.addThemeVariants(GridVariant.LUMO_COMPACT);
        catalog.setAllRowsVisible(true);
        catalog.getElement().setAttribute("data-testid", "release-catalog");
        add(new H3("All releases"), catalog);

        List<RegionRelease> all = releases.regions();
        region.setItems(all.stream().map(RegionRelease::region).toList());
        // The region with a rollout in progress, else the one with the latest rollout, else the first.
        all.stream().filter(r -> r.rollout() != null).map(RegionRelease::region).findFirst()
                .or(() -> releases.recentRollouts(1).stream().map(Rollout::region).findFirst())
                .or(() -> all.stream().map(RegionRelease::region).findFirst())
                .ifPresent(region::setValue);
        refresh();
        Polling.every(this, 2000, this::refresh);
    }

    private void refresh() {
        try {
            List<RegionRelease> all = releases.regions();
            List<Release> known = releases.list();
            // A card is rebuilt only when what it shows changed: a person choosing a release or typing a reason in it
            // keeps what they did across the refreshes.
            String versions = known.stream().map(k -> k.version() + (k.quarantined() ? "!" : "")).toList().toString();
            if (!cardKeys.keySet().equals(all.stream().map(RegionRelease::region).collect(java.util.stream.Collectors.toSet()))) {
                regions.removeAll();
                cardKeys.clear();
                cards.clear();
            }
            for (RegionRelease r : all) {
                Rollout ro = r.rollout();
                String key = r.stableVersion() + "|" + (ro == null ? "-" : ro.id() + ":" + ro.state() + ":" + ro.stepIndex() + ":"
                        + (ro.canaryDataUrl() != null)) + "|" + versions;
                if (!key.equals(cardKeys.get(r.region()))) {
                    Div card = regionCard(r, known);
                    Div old = cards.put(r.region(), card);
                    if (old == null) {
                        regions.add(card);
                    } else {
                        regions.replace(old, card);
                    }
                    cardKeys.put(r.region(), key);
                }
            }
            catalog.setItems(known);
            showRollout(all);
            problem.setVisible(false);
        } catch (RuntimeException e) {
            problem.setText("Releases could not be brought up to date: " + e.getMessage());
            problem.setVisible(true);
        }
    }

    private Div regionCard(RegionRelease r, List<Release> known) {
        Div card = Components.div("card");
        card.getElement().setAttribute("data-region", r.region());
        card.add(new H3(r.region()));
        var facts = Components.facts();
        Components.fact(facts, "Stable", r.stableVersion());
        Rollout rollout = r.rollout();
        if (rollout != null) {
            Components.fact(facts, "Canary", rollout.version() + " (" + rollout.state().value() + ")");
            Components.fact(facts, "Step", (rollout.stepIndex() + 1) + " of " + rollout.steps().size() + " · "
                    + fmt(rollout.weight()) + " % of requests");
        }
        card.add(facts);
        if (rollout != null) {
            ProgressBar progress = new ProgressBar(0, rollout.steps().size(), rollout.stepIndex() + (rollout.canaryDataUrl() == null ? 0 : 0.5));
            progress.getElement().setAttribute("aria-label", "Rollout progress");
            card.add(progress);
        }
        if (!operator) {
            return card;
        }
        TextField reason = new TextField();
        reason.setPlaceholder("Reason (recorded)");
        reason.setWidthFull();
        reason.getElement().setAttribute("data-testid", "release-reason-" + r.region());
        HorizontalLayout actions = new HorizontalLayout();
        actions.setWrap(true);
        if (rollout == null) {
            Select<String> candidate = new Select<>();
            candidate.setLabel("Canary of");
            candidate.setPlaceholder("Release");
            candidate.setItems(known.stream().filter(k -> !k.quarantined() && !k.version().equals(r.stableVersion()))
                    .map(Release::version).toList());
            candidate.getElement().setAttribute("data-testid", "release-candidate-" + r.region());
            actions.add(candidate, action("Start canary", "canary-start", r.region(), () ->
                    releases.startCanary(r.region(), candidate.getValue(), reason.getValue(), false, null, null),
                    () -> "Canary of " + candidate.getValue() + " started in " + r.region()));
        } else {
            if (!rollout.state().finished()) {
                actions.add(action("Promote", "canary-promote", r.region(), () -> releases.promote(rollout.id(), reason.getValue()),
                        () -> "Moved to the next step"));
                actions.add(rollout.state() == RolloutState.PAUSED
                        ? action("Resume", "canary-resume", r.region(), () -> releases.resume(rollout.id(), reason.getValue()), () -> "Resumed")
                        : action("Pause", "canary-pause", r.region(), () -> releases.pause(rollout.id(), reason.getValue()), () -> "Paused"));
                Button abort = action("Abort", "canary-abort", r.region(), () -> releases.abort(rollout.id(), reason.getValue()),
                        () -> "Aborted: every request back to " + rollout.fromVersion());
                abort.addThemeVariants(ButtonVariant.LUMO_ERROR);
                actions.add(abort);
            }
        }
        Select<String> target = new Select<>();
        target.setLabel("Roll back to");
        target.setPlaceholder("Release");
        target.setItems(known.stream().filter(k -> !k.quarantined()).map(Release::version).toList());
        target.getElement().setAttribute("data-testid", "release-rollback-target-" + r.region());
        actions.add(target, action("Roll back", "release-rollback", r.region(), () -> releases.rollback(target.getValue(), r.region(),
                reason.getValue()), () -> "Rolled " + r.region() + " back to " + target.getValue()));
        card.add(reason, actions);
        return card;
    }

    /** A button that runs {@code run} and then tells what it did ({@code done} is read after it ran: it names choices). */
    private Button action(String label, String id, String regionId, Runnable run, java.util.function.Supplier<String> done) {
        Button b = new Button(label, e -> {
            e.getSource().setEnabled(false);
            try {
                run.run();
                Components.done(done.get());
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            } finally {
                e.getSource().setEnabled(true);
                refresh();
            }
        });
        b.getElement().setAttribute("data-testid", id + "-" + regionId);
        return b;
    }

    private void showRollout(List<RegionRelease> all) {
        rolloutPanel.removeAll();
        String selected = region.getValue();
        if (selected == null) {
            return;
        }
        Rollout rollout = all.stream().filter(r -> r.region().equals(selected)).map(RegionRelease::rollout).filter(Objects::nonNull)
                .findFirst().orElseGet(() -> releases.recentRollouts(50).stream().filter(r -> r.region().equals(selected))
                        .findFirst().orElse(null));
        if (rollout == null) {
            rolloutPanel.add(new Span("No rollout in " + selected + " yet."));
            verdicts.setItems(List.of());
            return;
        }
        Span state = new Span(rollout.version() + " in " + rollout.region() + " replacing " + rollout.fromVersion() + ": "
                + rollout.state().value() + (rollout.endReason() == null ? "" : " — " + rollout.endReason())
                + (rollout.abortToStableMillis() == null ? "" : " (all traffic on stable " + rollout.abortToStableMillis() + " ms after the verdict)"));
        state.getElement().setAttribute("data-testid", "release-rollout-state");
        RouterLink page = new RouterLink("Release history", ReleaseView.class, new com.vaadin.flow.router.RouteParameters("version", rollout.version()));
        rolloutPanel.add(Components.div("view-intro", state, new Span(" · "), page));
        List<RolloutVerdict> history = releases.verdicts(rollout.id());
        List<RolloutVerdict> newestFirst = new java.util.ArrayList<>(history);
        java.util.Collections.reverse(newestFirst);
        verdicts.setItems(newestFirst);
        errors.show(new TimeSeriesChart("5xx share per window").unit("%")
                .series("canary " + rollout.version(), ChartColor.ERROR, points(history, "canary", s -> s.errorShare() * 100))
                .series("stable " + rollout.fromVersion(), ChartColor.PRIMARY, points(history, "stable", s -> s.errorShare() * 100)));
        latency.show(new TimeSeriesChart("Write p99 per window").unit("ms")
                .series("canary " + rollout.version(), ChartColor.SERIES_2, points(history, "canary", LaneSample::p99Millis))
                .series("stable " + rollout.fromVersion(), ChartColor.SERIES_1, points(history, "stable", LaneSample::p99Millis)));
    }

    private static List<TimeSeriesChart.Point> points(List<RolloutVerdict> history, String lane, Function<LaneSample, Double> value) {
        return history.stream().filter(v -> v.samples() != null && v.samples().get(lane) != null && v.samples().get(lane).requests() > 0)
                .filter(v -> value.apply(v.samples().get(lane)) != null)
                .map(v -> new TimeSeriesChart.Point(v.windowEnd(), value.apply(v.samples().get(lane)))).toList();
    }

    private static String theme(String outcome) {
        return switch (outcome) {
            case "PASS" -> "success";
            case "FAIL" -> "error";
            default -> "contrast";
        };
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
