package com.companyos.dr.ui;

import com.companyos.base.ui.Components;
import com.companyos.dr.FailoverEvent;
import com.companyos.dr.FailoverService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;

/** Failovers and failbacks, with their authority; compliance officers review emergency moves here. */
class FailoverEventsGrid extends Grid<FailoverEvent> {

    private final FailoverService failover;
    private final Runnable changed;

    FailoverEventsGrid(FailoverService failover, boolean officer, Runnable changed) {
        this.failover = failover;
        this.changed = changed;
        addColumn(FailoverEvent::tenantSlug).setHeader("Tenant").setAutoWidth(true);
        addColumn(e -> e.kind() + (e.planned() ? " (planned)" : " (unplanned)")).setHeader("Move").setAutoWidth(true);
        addColumn(e -> e.fromRegion() + " → " + e.toRegion()).setHeader("Regions").setAutoWidth(true);
        addColumn(FailoverEvent::epochTo).setHeader("Epoch").setAutoWidth(true);
        addColumn(FailoverEvent::status).setHeader("Status").setAutoWidth(true);
        addColumn(e -> e.emergency() ? "emergency" + (e.reviewedAt() == null ? " — review pending" : " — reviewed by " + e.reviewedBy())
                : e.approvedBy() == null ? "" : "approved by " + e.approvedBy()).setHeader("Authority").setFlexGrow(1);
        addComponentColumn(e -> officer && e.emergency() && e.reviewedAt() == null ? new Button("Review…", x -> review(e)) : new Span())
                .setAutoWidth(true);
        setAllRowsVisible(true);
        setEmptyStateText("No failover or failback yet.");
    }

    void refresh() {
        setItems(failover.events(null, 20));
    }

    private void review(FailoverEvent e) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Review emergency " + e.kind().name().toLowerCase() + " of " + e.tenantSlug());
        TextArea note = new TextArea("Review note");
        note.setWidthFull();
        dialog.add(new Div(new Span("Declared by " + e.requestedBy() + ": " + e.reason())), note);
        dialog.getFooter().add(new Button("Cancel", x -> dialog.close()), new Button("Record review", x -> {
            try {
                failover.review(e.id(), note.getValue());
                dialog.close();
                changed.run();
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            }
        }));
        dialog.open();
    }
}
