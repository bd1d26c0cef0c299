package com.companyos.probes.ui;

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
import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeStatus;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutVerdict;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.RolesAllowed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The golden dashboard: is every critical path working right now, in every region? Each probe's latest run per place,
 * open incidents (acknowledge or resolve them here), success and latency per probe and place over time, maintenance
 * windows, and the releases' canary outcomes with their latest verdict. Live: refreshes every few seconds.
 */
@Route("probes")
@PageTitle("Probes")
@Menu(order = 46, icon = "vaadin:heart", title = "Probes")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class ProbesView extends Main {

    /** The periods a person can look back over. */
    enum Window {
        HOUR_1("1 h", Duration.ofHours(1)), HOUR_6("6 h", Duration.ofHours(6)), DAY_1("24 h", Duration.ofDays(1)), DAY_7("7 d", Duration.ofDays(7));

        final String label;
        final Duration duration;

        Window(String label, Duration duration) {
            this.label = label;
            this.duration = duration;
        }
    }

    /** The latest run of a probe in one place. */
    record Latest(ProbeDefinition probe, String place, ProbeRun run) {
    }

    private final ProbeService probes;
    private final ReleaseService releases;
    private final boolean operator;
    private final boolean onCall;
    private final Select<Window> window = new Select<>();
    private final Div summary = Components.div("card-grid");
    private final Grid<ProbeIncident> incidents = new Grid<>();
    private final Grid<Latest> status = new Grid<>();
    private final Chart success = new Chart(new TimeSeriesChart("Success"));
    private final Chart latency = new Chart(new TimeSeriesChart("Latency"));
    private final Grid<MaintenanceWindow> maintenance = new Grid<>();
    private final Grid<Rollout> rollouts = new Grid<>();
    private final Div problem = Components.callout("bad", "");

    ProbesView(ProbeService probes, ReleaseService releases) {
        this.probes = probes;
        this.releases = releases;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        operator = user.hasRole(Role.OPERATOR) || user.hasRole(Role.PLATFORM_ADMIN);
        onCall = operator || user.hasRole(Role.COMPLIANCE_OFFICER);

        window.setLabel("Window");
        window.setId("probes-window");
        window.setItems(Window.values());
        window.setItemLabelGenerator(w -> w.label);
        window.setValue(Window.HOUR_1);
        window.addValueChangeListener(e -> refresh());
        RouterLink owners = new RouterLink("Owners & escalation", ProbeOwnersView.class);
        owners.setId("probes-owners");
        Button silence = new Button("Maintenance window…", e -> new MaintenanceDialog(probes, this::refresh).open());
        silence.setId("probes-maintenance");
        silence.setVisible(operator);
        add(new ViewHeader("Probes", window, owners, silence));
        add(Components.intro("Synthetic probes walk each critical path as a user does — sign in, a tenant-scoped query in every "
                + "region, a proof-bundle export, the job queue, residency at every seam — on a schedule. N failed runs of "
                + "the last M open an incident that pages the probe's owner (webhook and email), escalates when nobody "
                + "acknowledges it, and resolves itself when the probe recovers. A probe that breaks itself pages the "
                + "platform owner instead."));
        problem.setVisible(false);
        add(problem, summary);

        incidents.addColumn(i -> i.probe() + " · " + i.place()).setHeader("Probe").setAutoWidth(true).setFlexGrow(0);
        incidents.addComponentColumn(i -> Components.badge(i.state(), "open".equals(i.state()) ? "error" : "contrast"))
                .setHeader("State").setAutoWidth(true).setFlexGrow(0);
        incidents.addColumn(i -> i.owner() + (i.escalationLevel() > 0 ? " (escalated ×" + i.escalationLevel() + ")" : "")
                + (i.pagedAt() == null ? " — silenced" : "")).setHeader("Owner").setAutoWidth(true).setFlexGrow(0);
        incidents.addColumn(i -> Components.ago(i.openedAt(), Instant.now())).setHeader("Opened").setAutoWidth(true).setFlexGrow(0);
        incidents.addColumn(ProbeIncident::summary).setHeader("What failed").setFlexGrow(1);
        incidents.addComponentColumn(this::incidentActions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        incidents.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        incidents.setAllRowsVisible(true);
        incidents.setEmptyStateText("No open incidents: every probe is within its rule.");
        incidents.getElement().setAttribute("data-testid", "probe-incidents");
        add(new H3("Open incidents"), incidents);

        status.addColumn(l -> l.probe().name()).setHeader("Probe").setWidth("9rem").setFlexGrow(0);
        status.addColumn(l -> l.probe().criticalPath()).setHeader("Critical path").setWidth("11rem").setFlexGrow(0);
        status.addColumn(Latest::place).setHeader("Where").setWidth("7.5rem").setFlexGrow(0);
        status.addComponentColumn(l -> l.run() == null ? Components.badge("not run yet", "contrast")
                : Components.badge(l.run().status().id().replace('_', ' '), theme(l.run().status()))).setHeader("Last run").setWidth("8rem").setFlexGrow(0);
        status.addColumn(l -> l.run() == null ? "" : l.run().millis() + " ms · " + Components.ago(l.run().startedAt(), Instant.now()))
                .setHeader("Latency · when").setWidth("9rem").setFlexGrow(0);
        status.addColumn(l -> l.run() == null || l.run().release() == null ? "" : l.run().release()).setHeader("Served by").setWidth("10rem").setFlexGrow(0);
        status.addColumn(l -> l.run() == null ? "" : l.run().detail()).setHeader("Detail").setWidth("16rem").setFlexGrow(1);
        status.addColumn(l -> l.probe().owner()).setHeader("Owner").setWidth("7rem").setFlexGrow(0);
        status.addComponentColumn(this::runButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        status.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        status.setAllRowsVisible(true);
        status.getElement().setAttribute("data-testid", "probe-status");
        add(new H3("Critical paths now"), status);

        success.setId("probes-success");
        latency.setId("probes-latency");
        success.setHeight("280px");
        latency.setHeight("280px");
        add(Components.div("card-grid chart-grid", Components.div("card chart-card", new H3("Runs that passed, per probe and place"), success),
                Components.div("card chart-card", new H3("Run latency, per probe and place"), latency)));

        maintenance.addColumn(w -> (w.probe() == null ? "every probe" : w.probe()) + " · " + (w.place() == null ? "everywhere" : w.place()))
                .setHeader("Silences").setAutoWidth(true).setFlexGrow(0);
        maintenance.addColumn(w -> Components.dateTime(w.startsAt()) + " – " + Components.dateTime(w.endsAt())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        maintenance.addColumn(w -> w.reason() + " (" + w.createdBy() + ")").setHeader("Why").setFlexGrow(1);
        maintenance.addComponentColumn(this::cancelButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        maintenance.addThemeVariants(GridVariant.LUMO_COMPACT);
        maintenance.setAllRowsVisible(true);
        maintenance.setEmptyStateText("No maintenance window: every page is sent.");
        maintenance.getElement().setAttribute("data-testid", "probe-maintenance");
        add(new H3("Maintenance windows"), maintenance);

        rollouts.addColumn(Rollout::region).setHeader("Region").setAutoWidth(true).setFlexGrow(0);
        rollouts.addColumn(r -> r.version() + (r.fromVersion() == null ? "" : " (from " + r.fromVersion() + ")")).setHeader("Release").setAutoWidth(true).setFlexGrow(0);
        rollouts.addComponentColumn(r -> Components.badge(r.state().value(), switch (r.state()) {
            case ABORTED, ROLLED_BACK -> "error";
            case PROMOTED -> "success";
            default -> "contrast";
        })).setHeader("Canary outcome").setAutoWidth(true).setFlexGrow(0);
        rollouts.addColumn(this::lastVerdict).setHeader("Latest verdict").setFlexGrow(1);
        rollouts.addColumn(r -> Components.dateTime(r.startedAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        rollouts.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        rollouts.setAllRowsVisible(true);
        rollouts.setEmptyStateText("No canary rollout yet.");
        rollouts.getElement().setAttribute("data-testid", "probe-releases");
        add(new H3("Releases and their canaries"), rollouts);

        refresh();
        Polling.every(this, 5000, this::refresh);
    }

    private void refresh() {
        try {
            Instant now = Instant.now();
            Instant from = now.minus(window.getValue().duration);
            List<ProbeRun> runs = probes.runs(from, now.plusSeconds(1), null);
            List<Latest> latest = new ArrayList<>();
            for (ProbeDefinition p : probes.probes()) {
                for (ProbeService.Scheduled s : probes.schedule(p.name())) {
                    List<ProbeRun> last = probes.latest(p.name(), s.place(), 1);
                    latest.add(new Latest(p, s.place(), last.isEmpty() ? null : last.get(0)));
                }
            }
            List<ProbeIncident> open = probes.incidents(true);
            showSummary(latest, open);
            incidents.setItems(open);
            status.setItems(latest);
            showCharts(runs, from, now);
            maintenance.setItems(probes.maintenance());
            rollouts.setItems(releases.recentRollouts(10));
            problem.setVisible(false);
        } catch (RuntimeException e) {
            problem.setText("The probes could not be brought up to date: " + e.getMessage());
            problem.setVisible(true);
        }
    }

    private void showSummary(List<Latest> latest, List<ProbeIncident> open) {
        summary.removeAll();
        long failing = latest.stream().filter(l -> l.run() != null && !l.run().status().passed()).count();
        long passing = latest.stream().filter(l -> l.run() != null && l.run().status().passed()).count();
        Div verdict = Components.div("card" + (open.isEmpty() && failing == 0 ? "" : " state-down"));
        verdict.getElement().setAttribute("data-testid", "probes-verdict");
        verdict.add(new H3(open.isEmpty() && failing == 0 ? "All critical paths working" : open.size() + " open incident(s), " + failing + " failing now"));
        verdict.add(Components.text("", passing + " of " + latest.size() + " probe places passed their last run"));
        summary.add(verdict);
    }

    private void showCharts(List<ProbeRun> runs, Instant from, Instant to) {
        Map<String, List<ProbeRun>> byKey = new TreeMap<>();
        runs.forEach(r -> byKey.computeIfAbsent(r.probe() + " · " + r.place(), k -> new ArrayList<>()).add(r));
        Duration bucket = window.getValue().duration.dividedBy(30);
        TimeSeriesChart ok = new TimeSeriesChart("Runs that passed").unit("%").range(from, to);
        TimeSeriesChart ms = new TimeSeriesChart("Run latency").unit("ms").range(from, to);
        int i = 0;
        for (Map.Entry<String, List<ProbeRun>> e : byKey.entrySet()) {
            ChartColor color = ChartColor.series(i++);
            Map<Instant, int[]> buckets = new LinkedHashMap<>();
            for (ProbeRun r : e.getValue()) {
                long n = Duration.between(from, r.startedAt()).toMillis() / Math.max(1, bucket.toMillis());
                int[] c = buckets.computeIfAbsent(from.plusMillis(n * bucket.toMillis()), k -> new int[2]);
                c[0] += r.status().passed() ? 1 : 0;
                c[1]++;
            }
            ok.series(e.getKey(), color, buckets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(b -> new TimeSeriesChart.Point(b.getKey(), 100.0 * b.getValue()[0] / b.getValue()[1])).toList());
            ms.series(e.getKey(), color, e.getValue().stream().sorted(Comparator.comparing(ProbeRun::startedAt))
                    .map(r -> new TimeSeriesChart.Point(r.startedAt(), r.millis())).toList());
        }
        success.show(ok);
        latency.show(ms);
    }

    private String lastVerdict(Rollout r) {
        List<RolloutVerdict> v = releases.verdicts(r.id());
        if (v.isEmpty()) {
            return r.endReason() == null ? "no analysis yet" : r.endReason();
        }
        RolloutVerdict last = v.get(v.size() - 1);
        return last.outcome().toLowerCase() + " at " + last.weight() + " %: " + last.rationale();
    }

    private Div incidentActions(ProbeIncident i) {
        Div actions = Components.div("row-actions");
        if (!onCall) {
            return actions;
        }
        if ("open".equals(i.state())) {
            Button ack = new Button("Acknowledge", e -> act(() -> probes.acknowledge(i.id()), "Acknowledged: escalation stopped"));
            ack.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
            ack.getElement().setAttribute("data-testid", "probe-ack");
            actions.add(ack);
        }
        Button resolve = new Button("Resolve…", e -> new ReasonDialog("Resolve incident", "Resolve",
                reason -> act(() -> probes.resolve(i.id(), reason), "Resolved")).open());
        resolve.addThemeVariants(ButtonVariant.LUMO_SMALL);
        actions.add(resolve);
        return actions;
    }

    private Button runButton(Latest l) {
        Button run = new Button("Run now", e -> act(() -> probes.runNow(l.probe().name(), l.place(), "Run from the golden dashboard"), null));
        run.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        run.setVisible(operator);
        run.setDisableOnClick(true);
        run.getElement().setAttribute("data-testid", "probe-run-" + l.probe().name() + "-" + l.place());
        return run;
    }

    private Button cancelButton(MaintenanceWindow w) {
        Button cancel = new Button("End now…", e -> new ReasonDialog("End maintenance window", "End window",
                reason -> act(() -> probes.cancelMaintenance(w.id(), reason), "Maintenance window ended")).open());
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL);
        cancel.setVisible(operator);
        return cancel;
    }

    private void act(java.util.function.Supplier<?> action, String done) {
        try {
            Object result = action.get();
            if (done != null) {
                Components.done(done);
            } else if (result instanceof ProbeRun run) {
                Components.done(run.probe() + " in " + run.place() + ": " + run.status().id().replace('_', ' ') + " — " + run.detail());
            }
        } catch (RuntimeException e) {
            Components.failed(e.getMessage());
        }
        refresh();
    }

    static String theme(ProbeStatus s) {
        return switch (s) {
            case PASS -> "success";
            case DEGRADED -> "contrast";
            case FAIL, PROBE_ERROR -> "error";
        };
    }
}
