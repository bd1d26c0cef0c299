package com.companyos.residency.ui;

import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.BarChart;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.ChartColor;
import com.companyos.residency.ProbeCheck;
import com.companyos.residency.ProofBundleService;
import com.companyos.residency.RegionDecision;
import com.companyos.residency.ResidencyAlert;
import com.companyos.residency.ResidencyAlerts;
import com.companyos.residency.ResidencyOverview;
import com.companyos.residency.ResidencyService;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Residency at a glance: decisions by seam and region over a period, the violations prevented (denials) with a
 * drill-down to each decision and its signed receipt, the synthetic probe's latest run and open alerts, and the
 * per-tenant proof bundle. Customers see their own tenant only.
 */
@Route("residency")
@PageTitle("Residency")
@Menu(order = 30, icon = "vaadin:shield", title = "Residency")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE, Roles.CUSTOMER})
class ResidencyView extends Main implements BeforeEnterObserver {

    private final ResidencyService residency;
    private final ResidencyAlerts alerts;
    private final Clock clock;
    private final boolean staff;
    private final boolean auditor;
    private final String ownTenant;
    private final Select<Period> period = new Select<>();
    private final ComboBox<String> tenant = new ComboBox<>("Tenant");
    private final Div alertsBox = new Div();
    private final Div probeBox = new Div();
    private final Div stats = new Div();
    private final Grid<SeamRow> bySeam = new Grid<>();
    private final Grid<SeamRow> byRegion = new Grid<>();
    private final Chart overTime = new Chart(new BarChart("Decisions over time"));
    private final Grid<RegionDecision> denials = new Grid<>();
    private final Div unavailable = new Div();
    private final Div chainResult = new Div();
    private Runnable unsubscribe;

    ResidencyView(ResidencyService residency, ResidencyAlerts alerts, ProofBundleService bundles, TenantService tenants, Clock clock) {
        this.residency = residency;
        this.alerts = alerts;
        this.clock = clock;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        staff = user.roles().stream().anyMatch(r -> r != Role.CUSTOMER);
        auditor = user.hasRole(Role.COMPLIANCE_OFFICER) || user.hasRole(Role.PLATFORM_ADMIN);
        ownTenant = staff ? null : user.tenantSlug().orElse(null);

        period.setLabel("Period");
        period.setItems(Period.values());
        period.setItemLabelGenerator(Period::label);
        period.setValue(Period.DAY);
        period.setId("residency-period");
        period.addValueChangeListener(e -> refresh());
        tenant.setId("residency-tenant");
        tenant.setClearButtonVisible(true);
        tenant.setPlaceholder("All tenants");
        if (staff) {
            tenant.setItems(tenants.list().stream().filter(Tenant::active).map(Tenant::slug).toList());
        } else {
            tenant.setItems(ownTenant == null ? List.of() : List.of(ownTenant));
            tenant.setValue(ownTenant);
            tenant.setReadOnly(true);
        }
        tenant.addValueChangeListener(e -> refresh());
        Button reload = new Button(new Icon(VaadinIcon.REFRESH), e -> refresh());
        reload.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        reload.setAriaLabel("Refresh");
        HorizontalLayout header = new HorizontalLayout(new H2("Residency"), period, tenant, reload);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        header.expand(header.getComponentAt(0));
        header.setWrap(true);
        add(header, Components.intro("Every governed operation is decided where it happens, deny by default, and leaves a "
                + "decision and a signed receipt in that region. Denials are the violations prevented: click one for its "
                + "decision, the policies that made it and its receipt."));

        if (staff) {
            add(alertsBox, probeBox);
        }
        stats.addClassName("card-grid");
        stats.getStyle().set("margin", "var(--lumo-space-m) 0");
        add(stats, unavailable);

        configure(bySeam, "Seam", "by-seam");
        configure(byRegion, "Where", "by-region");
        overTime.getElement().setAttribute("data-chart", "decisions-over-time");
        Div tables = Components.div("card-grid", card("By seam", bySeam), card("By region", byRegion),
                Components.div("card chart-card", new H3("Over time (UTC)"), overTime));
        add(tables);

        denials.addColumn(d -> Components.dateTime(d.decision().decidedAt())).setHeader("Time (UTC)").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(RegionDecision::region).setHeader("Where").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> d.decision().tenant()).setHeader("Tenant").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> DecisionDialog.seamLabel(d.decision().seam())).setHeader("Seam").setAutoWidth(true).setFlexGrow(0);
        denials.addColumn(d -> d.decision().rationale()).setHeader("Why it was denied").setFlexGrow(1);
        denials.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        denials.setAllRowsVisible(true);
        denials.getElement().setAttribute("data-grid", "denials");
        denials.addItemClickListener(e -> new DecisionDialog(residency, e.getItem().region(),
                UUID.fromString(e.getItem().decision().decisionId())).open());
        add(new H3("Violations prevented"), denials);

        if (auditor || !staff) {
            add(new ProofBundlePanel(bundles, () -> staff ? tenant.getValue() : ownTenant, clock));
        }
        if (auditor) {
            Div chains = Components.div("card", new H3("Decision chains"), Components.intro("Each region's decision log is "
                    + "hash-chained: every sealed decision's hash covers the one before it. Verify walks a region's chain "
                    + "and names the first broken link."));
            HorizontalLayout buttons = new HorizontalLayout();
            buttons.setWrap(true);
            residency.sources().stream().filter(s -> !s.equals("control-plane")).forEach(region -> {
                Button verify = new Button("Verify " + region, new Icon(VaadinIcon.CHECK_CIRCLE_O), e -> verifyChain(region));
                verify.getElement().setAttribute("data-verify-chain", region);
                buttons.add(verify);
            });
            chains.add(buttons, chainResult);
            chains.getStyle().set("margin-top", "var(--lumo-space-l)");
            add(chains);
        }
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        params.getOrDefault("period", List.of()).stream().findFirst().flatMap(Period::of).ifPresent(period::setValue);
        var region = params.getOrDefault("region", List.of());
        var decision = params.getOrDefault("decision", List.of());
        if (!region.isEmpty() && !decision.isEmpty()) {
            try {
                new DecisionDialog(residency, region.get(0), UUID.fromString(decision.get(0))).open();
            } catch (IllegalArgumentException e) {
                Notification.show("Not a decision ID: " + decision.get(0), 4000, Notification.Position.BOTTOM_END);
            }
        }
    }

    private void refresh() {
        Instant now = clock.instant();
        Period p = period.getValue() == null ? Period.DAY : period.getValue();
        Instant from = now.minus(p.span());
        Instant to = now.plusSeconds(1);
        String slug = staff ? tenant.getValue() : ownTenant;
        try {
            ResidencyOverview overview = residency.overview(from, to, slug);
            renderOverview(overview, p);
            var decisions = residency.decisions(from, to, false, slug, 200);
            denials.setItems(decisions.decisions());
            renderUnavailable(overview.unavailable());
        } catch (RuntimeException e) {
            unavailable.removeAll();
            unavailable.add(Components.callout("bad", "Residency evidence could not be gathered: " + e.getMessage()));
        }
        if (staff) {
            renderAlerts();
        }
    }

    private void renderOverview(ResidencyOverview o, Period p) {
        stats.removeAll();
        long allowed = o.total(true);
        long denied = o.total(false);
        int answering = o.byRegion().size() - 1;
        int asked = answering + o.unavailable().size();
        stats.add(stat(Long.toString(allowed), "governed operations allowed", "allowed"),
                stat(Long.toString(denied), "violations prevented (denied)", "denied"),
                stat(answering + " of " + asked, "regions answering", "regions"));

        Map<String, long[]> seams = new TreeMap<>();
        Map<String, long[]> regions = new java.util.LinkedHashMap<>();
        Map<Instant, long[]> times = new TreeMap<>();
        for (Instant t = o.from().truncatedTo(p.step()); t.isBefore(o.to()); t = t.plus(1, p.step())) {
            times.put(t, new long[2]); // every step of the period, so quiet hours show as quiet
        }
        o.byRegion().forEach((region, buckets) -> {
            regions.computeIfAbsent(region, r -> new long[2]);
            for (DecisionBucket b : buckets) {
                int i = b.allowed() ? 0 : 1;
                seams.computeIfAbsent(DecisionDialog.seamLabel(b.seam()), s -> new long[2])[i] += b.count();
                regions.get(region)[i] += b.count();
                times.computeIfAbsent(b.hour().truncatedTo(p.step()), t -> new long[2])[i] += b.count();
            }
        });
        bySeam.setItems(rows(seams));
        byRegion.setItems(rows(regions));
        List<String> labels = new ArrayList<>();
        times.keySet().forEach(t -> labels.add(p.step() == ChronoUnit.DAYS ? Components.date(t).substring(5)
                : Components.dateTime(t).substring(11, 16)));
        overTime.show(new BarChart("Residency decisions per " + (p.step() == ChronoUnit.DAYS ? "day" : "hour") + ", " + p.label().toLowerCase())
                .categories(labels).stacked()
                .series("Allowed", ChartColor.SUCCESS, times.values().stream().map(c -> c[0]).toList())
                .series("Denied", ChartColor.ERROR, times.values().stream().map(c -> c[1]).toList()));
    }

    private void renderUnavailable(Map<String, String> missing) {
        unavailable.removeAll();
        missing.forEach((region, why) -> unavailable.add(Components.callout("bad", "Region " + region
                + " did not answer, so its decisions are not counted above: " + why)));
    }

    private void renderAlerts() {
        alertsBox.removeAll();
        List<ResidencyAlert> open = alerts.open();
        for (ResidencyAlert a : open) {
            Div callout = Components.callout("bad", "⚠ " + Components.dateTime(a.raisedAt()) + " · " + a.summary());
            callout.getElement().setAttribute("data-alert", a.id().toString());
            if (a.decisionId() != null && a.region() != null) {
                Button show = new Button("Open decision", e -> new DecisionDialog(residency, a.region(), a.decisionId()).open());
                show.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                show.getElement().setAttribute("data-action", "open-alert-decision");
                callout.add(show);
            }
            if (auditor) {
                Button ack = new Button("Acknowledge…", e -> acknowledge(a));
                ack.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                callout.add(ack);
            }
            alertsBox.add(callout);
        }
        probeBox.removeAll();
        List<ProbeCheck> checks = alerts.latestProbe();
        if (checks.isEmpty()) {
            probeBox.add(Components.callout("info", "The synthetic cross-region probe has not run yet (it runs every few minutes)."));
            return;
        }
        long held = checks.stream().filter(c -> c.outcome() == ProbeCheck.Outcome.DENIED).count();
        long broke = checks.stream().filter(c -> c.outcome() == ProbeCheck.Outcome.ALLOWED).count();
        String when = Components.ago(checks.get(0).checkedAt(), clock.instant());
        Div summary = Components.callout(broke > 0 ? "bad" : held == checks.size() ? "ok" : "info",
                "Synthetic probe " + when + ": " + held + " of " + checks.size() + " cross-region attempts denied as required"
                        + (broke > 0 ? "; " + broke + " ALLOWED (see the alerts)" : "")
                        + (held + broke < checks.size() ? "; " + (checks.size() - held - broke) + " inconclusive" : "") + ".");
        summary.getElement().setAttribute("data-probe", broke > 0 ? "broken" : "held");
        Grid<ProbeCheck> grid = new Grid<>();
        grid.addColumn(ProbeCheck::zone).setHeader("Canary").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ProbeCheck::check).setHeader("Attempt").setAutoWidth(true);
        grid.addColumn(ProbeCheck::target).setHeader("Against").setAutoWidth(true);
        grid.addComponentColumn(c -> Components.badge(c.outcome().name().toLowerCase(), switch (c.outcome()) {
            case DENIED -> "success";
            case ALLOWED -> "error";
            case INCONCLUSIVE -> "contrast";
        })).setHeader("Outcome").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ProbeCheck::detail).setHeader("Detail").setFlexGrow(2);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.setItems(checks);
        grid.getElement().setAttribute("data-grid", "probe");
        probeBox.add(summary, grid);
    }

    private void acknowledge(ResidencyAlert alert) {
        var dialog = new com.vaadin.flow.component.dialog.Dialog();
        dialog.setHeaderTitle("Acknowledge residency alert");
        TextArea reason = new TextArea("What was done");
        reason.setWidthFull();
        reason.setRequired(true);
        dialog.add(Components.intro(alert.summary()), reason);
        Button ok = new Button("Acknowledge", e -> {
            try {
                alerts.acknowledge(alert.id(), reason.getValue());
                dialog.close();
                renderAlerts();
            } catch (RuntimeException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.open();
    }

    private void verifyChain(String region) {
        chainResult.removeAll();
        try {
            ChainCheck c = residency.verifyChain(region);
            Div callout = c.intact()
                    ? Components.callout("ok", region + ": chain intact, " + c.sealed() + " decisions verified"
                    + (c.unsealed() > 0 ? " (" + c.unsealed() + " recent ones not sealed yet)" : ""))
                    : Components.callout("bad", region + ": chain broken at decision #" + c.firstBrokenSeq() + ": " + c.problem());
            callout.getElement().setAttribute("data-chain", c.intact() ? "intact" : "broken");
            chainResult.add(callout);
        } catch (RuntimeException e) {
            chainResult.add(Components.callout("bad", region + " could not be checked: " + e.getMessage()));
            Notification.show(e.getMessage(), 5000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (staff) {
            UI ui = event.getUI();
            unsubscribe = alerts.subscribe(() -> ui.access(this::renderAlerts));
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    private static Div card(String title, Grid<SeamRow> grid) {
        return Components.div("card", new H3(title), grid);
    }

    private static void configure(Grid<SeamRow> grid, String first, String name) {
        grid.addColumn(SeamRow::label).setHeader(first).setFlexGrow(1);
        grid.addColumn(SeamRow::allowed).setHeader("Allowed").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Span s = new Span(Long.toString(r.denied()));
            if (r.denied() > 0) {
                s.getStyle().set("color", "var(--lumo-error-text-color)").set("font-weight", "600");
            }
            return s;
        }).setHeader("Denied").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.getElement().setAttribute("data-grid", name);
    }

    private static List<SeamRow> rows(Map<String, long[]> counts) {
        List<SeamRow> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new SeamRow(k, c[0], c[1])));
        return rows;
    }

    private static Div stat(String value, String label, String name) {
        Div d = Components.div("card stat", Components.text("value", value), Components.text("label", label));
        d.getElement().setAttribute("data-stat", name);
        return d;
    }

    record SeamRow(String label, long allowed, long denied) {
    }

    enum Period {
        DAY("Last 24 hours", Duration.ofDays(1), ChronoUnit.HOURS),
        WEEK("Last 7 days", Duration.ofDays(7), ChronoUnit.DAYS),
        MONTH("Last 30 days", Duration.ofDays(30), ChronoUnit.DAYS);

        private final String label;
        private final Duration span;
        private final ChronoUnit step;

        Period(String label, Duration span, ChronoUnit step) {
            this.label = label;
            this.span = span;
            this.step = step;
        }

        String label() {
            return label;
        }

        Duration span() {
            return span;
        }

        ChronoUnit step() {
            return step;
        }

        /** From a link's {@code ?period=day|week|month}. */
        static java.util.Optional<Period> of(String name) {
            return java.util.Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
        }
    }
}
