package com.companyos.residency.ui;

import com.companyos.base.ui.Components;
import com.companyos.residency.ProbeCheck;
import com.companyos.residency.ResidencyAlert;
import com.companyos.residency.ResidencyAlerts;
import com.companyos.residency.ResidencyService;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextArea;

import java.time.Clock;
import java.util.List;

/**
 * Staff's live residency watch: open alerts (with their decision, and acknowledgement for auditors) and the synthetic
 * cross-region probe's latest run. Re-renders when an alert is raised or acknowledged anywhere.
 */
class ResidencyAlertsPanel extends Div {

    private final ResidencyService residency;
    private final ResidencyAlerts alerts;
    private final Clock clock;
    private final boolean auditor;
    private final Div alertsBox = new Div();
    private final Div probeBox = new Div();
    private Runnable unsubscribe;

    ResidencyAlertsPanel(ResidencyService residency, ResidencyAlerts alerts, Clock clock, boolean auditor) {
        this.residency = residency;
        this.alerts = alerts;
        this.clock = clock;
        this.auditor = auditor;
        add(alertsBox, probeBox);
    }

    void refresh() {
        alertsBox.removeAll();
        for (ResidencyAlert a : alerts.open()) {
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
        renderProbe();
    }

    private void renderProbe() {
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
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Acknowledge residency alert");
        TextArea reason = new TextArea("What was done");
        reason.setWidthFull();
        reason.setRequired(true);
        dialog.add(Components.intro(alert.summary()), reason);
        Button ok = new Button("Acknowledge", e -> {
            try {
                alerts.acknowledge(alert.id(), reason.getValue());
                dialog.close();
                refresh();
            } catch (RuntimeException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), ok);
        dialog.open();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = alerts.subscribe(() -> ui.access(this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }
}
