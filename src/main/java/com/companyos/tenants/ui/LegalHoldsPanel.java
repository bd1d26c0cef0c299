package com.companyos.tenants.ui;

import com.companyos.base.ConflictException;
import com.companyos.base.ui.Components;
import com.companyos.tenants.LegalHold;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextArea;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** A tenant's legal holds: compliance officers place them; releasing one is a two-person request. */
class LegalHoldsPanel extends Div {

    private final TenantService tenants;
    private final String slug;
    private final Runnable changed;

    LegalHoldsPanel(TenantService tenants, String slug, boolean officer, Clock clock, Runnable changed) {
        this.tenants = tenants;
        this.slug = slug;
        this.changed = changed;
        add(new H3("Legal holds"), Components.intro("A tenant under an active hold cannot be torn down. "
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
                Button release = new Button("Request release", e -> askReason("Request release of this legal hold",
                        "Release requested: two compliance officers must approve", reason -> tenants.requestLegalHoldRelease(h.id(), reason)));
                release.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                release.setVisible(h.releasedAt() == null);
                return release;
            }).setAutoWidth(true);
        }
        grid.setItems(tenants.legalHolds(slug));
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(grid);
        if (officer) {
            Button place = new Button("Place legal hold", new Icon(VaadinIcon.LOCK), e -> placeHold());
            place.getElement().setAttribute("data-action", "place-hold");
            add(place);
        }
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
                Components.done("Legal hold placed");
                changed.run();
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

    private void askReason(String title, String done, Consumer<String> action) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        dialog.add(reason);
        Button ok = new Button("Submit", e -> {
            try {
                action.accept(reason.getValue());
                dialog.close();
                Components.done(done);
                changed.run();
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
}
