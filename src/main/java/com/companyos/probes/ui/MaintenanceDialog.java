package com.companyos.probes.ui;

import com.companyos.base.ui.Components;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Starts a maintenance window now: which probe (or all) in which place (or everywhere), for how long, and why. */
class MaintenanceDialog extends Dialog {

    private static final String ALL = "(every probe)";
    private static final String EVERYWHERE = "(everywhere)";

    MaintenanceDialog(ProbeService probes, Runnable onDone) {
        setHeaderTitle("Maintenance window");
        ComboBox<String> probe = new ComboBox<>("Probe");
        List<String> names = new ArrayList<>(List.of(ALL));
        probes.probes().stream().map(ProbeDefinition::name).forEach(names::add);
        probe.setItems(names);
        probe.setValue(ALL);
        probe.getElement().setAttribute("data-testid", "maintenance-probe");
        TextField place = new TextField("Place");
        place.setPlaceholder(EVERYWHERE);
        place.setHelperText("A region ID or console; empty for everywhere");
        Select<Duration> length = new Select<>();
        length.setLabel("For");
        length.setItems(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1));
        length.setItemLabelGenerator(d -> d.toMinutes() < 60 ? d.toMinutes() + " min" : d.toHours() + " h");
        length.setValue(Duration.ofHours(1));
        TextArea reason = new TextArea("Reason");
        reason.setRequired(true);
        reason.getElement().setAttribute("data-testid", "maintenance-reason");
        FormLayout form = new FormLayout(probe, place, length, reason);
        form.setColspan(reason, 2);
        add(Components.intro("Pages of the probes it covers are kept as suppressed, not sent; runs and incidents go on. "
                + "An incident still open when the window ends is paged then."), form);
        Button start = new Button("Start window", e -> {
            try {
                Instant now = Instant.now();
                probes.startMaintenance(ALL.equals(probe.getValue()) ? null : probe.getValue(), place.getValue().isBlank() ? null : place.getValue().trim(),
                        now, now.plus(length.getValue()), reason.getValue());
                Components.done("Maintenance window started");
                close();
                onDone.run();
            } catch (RuntimeException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.getElement().setAttribute("data-testid", "maintenance-start");
        getFooter().add(new Button("Cancel", e -> close()), start);
    }
}
