package com.companyos.slo.ui;

import com.companyos.agentapi.control.RequestStats;
import com.companyos.base.ui.Components;
import com.companyos.slo.SloChange;
import com.companyos.slo.SloDefinition;
import com.companyos.slo.SloService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;

import java.net.URI;

/** Edits a target's objectives and alert webhook (operators and admins; the service checks and audits). */
class SloDialog extends Dialog {

    SloDialog(SloService slos, String key, Runnable saved) {
        setHeaderTitle("Objectives of " + key);
        SloDefinition d = slos.definition(key);
        NumberField availability = new NumberField("Availability objective (%)");
        availability.setValue(d.availabilityTarget() * 100);
        availability.setStep(0.01);
        availability.setId("slo-availability");
        Select<Long> threshold = new Select<>();
        threshold.setLabel("Latency threshold (ms)");
        threshold.setItems(RequestStats.BOUNDS_MILLIS);
        threshold.setValue(d.latencyThresholdMillis());
        NumberField latency = new NumberField("Writes within the threshold (%)");
        latency.setValue(d.latencyTarget() * 100);
        latency.setId("slo-latency");
        IntegerField period = new IntegerField("Period (days)");
        period.setValue(d.periodDays());
        TextField webhook = new TextField("Alert webhook (empty: the default)");
        webhook.setValue(d.webhookUrl() == null ? "" : d.webhookUrl().toString());
        webhook.setWidthFull();
        FormLayout form = new FormLayout(availability, threshold, latency, period, webhook);
        form.setColspan(webhook, 2);
        add(form);
        Button save = new Button("Save", e -> {
            try {
                slos.update(key, new SloChange(value(availability), threshold.getValue(), value(latency),
                        period.getValue() == null ? 0 : period.getValue(),
                        webhook.getValue().isBlank() ? null : URI.create(webhook.getValue().trim())));
                Components.done("Objectives of " + key + " saved");
                close();
                saved.run();
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("slo-save");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    private static double value(NumberField field) {
        return field.getValue() == null ? Double.NaN : field.getValue();
    }
}
