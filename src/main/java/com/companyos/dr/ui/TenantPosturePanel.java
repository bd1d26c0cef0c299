package com.companyos.dr.ui;

import com.companyos.base.ui.Components;
import com.companyos.base.ui.charts.Chart;
import com.companyos.base.ui.charts.TimeSeriesChart;
import com.companyos.dr.DrillService;
import com.companyos.dr.FailoverKind;
import com.companyos.dr.FailoverService;
import com.companyos.dr.PostureService;
import com.companyos.dr.RegionPosture;
import com.companyos.dr.TenantPosture;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;

import java.time.Clock;
import java.time.Duration;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The selected tenant's posture: residency, the readiness checks, its lag chart, and what the signed-in person may do
 * next (fail over or back, start a drill, confirm writes after a read-only failover).
 */
class TenantPosturePanel extends Div {

    private final PostureService posture;
    private final FailoverService failover;
    private final DrillService drills;
    private final Clock clock;
    private final boolean operator;
    private final boolean officer;
    private final Runnable changed;
    private final Chart lag = new Chart(new TimeSeriesChart("Replication lag"));

    TenantPosturePanel(PostureService posture, FailoverService failover, DrillService drills, Clock clock, boolean operator,
                       boolean officer, Runnable changed) {
        this.posture = posture;
        this.failover = failover;
        this.drills = drills;
        this.clock = clock;
        this.operator = operator;
        this.officer = officer;
        this.changed = changed;
        lag.getElement().setAttribute("data-chart", "tenant-lag");
        lag.setHeight("200px");
        getStyle().set("margin", "var(--lumo-space-m) 0 var(--lumo-space-l)");
    }

    void show(TenantPosture p) {
        removeAll();
        if (p == null) {
            return;
        }
        var facts = Components.facts();
        Components.fact(facts, "Residency", p.zone() + (p.residencyLocked() ? ", locked" : ""));
        Components.fact(facts, "Primary / failover", p.primaryRegion() + " / " + p.failoverRegion());
        Components.fact(facts, "Allowed during failover", p.failoverOperations());
        Components.fact(facts, "Standby role", String.valueOf(p.standbyRole()));
        if (p.problem() != null) {
            Components.fact(facts, "Replication problem", p.problem());
        }
        Div checks = new Div();
        for (TenantPosture.Check c : p.checks()) {
            checks.add(new Div(Components.badge(c.ok() ? "25" : "0", c.ok() ? "success" : "error"), new Span(" " + c.name() + " — " + c.why())));
        }
        lag.show(LagChart.lastHour(p.slug() + " replication lag, last hour", posture.lagHistory(p.slug(), Duration.ofHours(1)).stream()
                .collect(Collectors.groupingBy(RegionPosture.TenantLagPoint::region, TreeMap::new,
                        Collectors.mapping(l -> new TimeSeriesChart.Point(l.at(), l.seconds()), Collectors.toList()))), clock.instant()));
        add(new H3(p.slug()), facts, checks, lag);
        if (officer && p.failedOver() && !p.failoverOperations().contains("WRITE")) {
            add(new HorizontalLayout(new Button("Confirm writes…", e -> confirmWrites(p))));
        }
        if (operator) {
            HorizontalLayout actions = new HorizontalLayout();
            if (p.failedOver()) {
                actions.add(new Button("Fail back…", e -> move(p, FailoverKind.FAILBACK)));
            } else {
                actions.add(new Button("Fail over…", e -> move(p, FailoverKind.FAILOVER)), new Button("Start drill…", e -> drill(p)));
            }
            add(actions);
        }
    }

    private void move(TenantPosture p, FailoverKind kind) {
        Checkbox planned = new Checkbox("Planned: " + p.activeRegion() + " is up and hands over without loss", true);
        Checkbox emergency = new Checkbox("Emergency: execute now without approvals (audited and flagged for review)");
        TextArea reason = reason();
        open((kind == FailoverKind.FAILOVER ? "Fail over " : "Fail back ") + p.slug() + " to " + p.standbyRegion(), "Request", () -> {
            FailoverService.Outcome o = failover.request(p.slug(), kind, planned.getValue(), emergency.getValue(), reason.getValue());
            return o.request() != null ? "Sent for two-person approval"
                    : "Done: " + o.timeline().toRegion() + " serves " + p.slug() + " under epoch " + o.timeline().epoch();
        }, new Div(planned), new Div(emergency), reason);
    }

    private void drill(TenantPosture p) {
        Checkbox failBack = new Checkbox("Fail back to " + p.activeRegion() + " afterwards", true);
        TextArea reason = reason();
        open("DR drill of " + p.slug(), "Request drill", () -> {
            drills.request(p.slug(), failBack.getValue(), reason.getValue());
            return "Drill requested; it starts once approved";
        }, new Html("<p>The drill writes synthetic records, <b>kills the " + p.activeRegion() + " agent</b> (every tenant served "
                + "there is affected), fails over to " + p.standbyRegion() + " and measures RPO and RTO. It needs two approvals.</p>"),
                new Div(failBack), reason);
    }

    private void confirmWrites(TenantPosture p) {
        TextArea reason = reason();
        open("Confirm writes for " + p.slug() + " on " + p.activeRegion(), "Confirm writes", () -> {
            failover.confirmFailoverWrites(p.slug(), reason.getValue());
            return "Writes confirmed for " + p.slug();
        }, new Div(new Span(p.slug() + " is read-only while failed over (" + p.failoverOperations() + "). Confirming allows its "
                + "applications to write in " + p.activeRegion() + " until the next failover or failback.")), reason);
    }

    private static TextArea reason() {
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        return reason;
    }

    /** A dialog whose primary button runs the action: on success it closes and says what happened; on refusal it stays open. */
    private void open(String title, String act, Supplier<String> action, Component... body) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        dialog.add(body);
        Button go = new Button(act, e -> {
            try {
                Components.done(action.get());
                dialog.close();
                changed.run();
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            }
        });
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), go);
        dialog.open();
    }
}
