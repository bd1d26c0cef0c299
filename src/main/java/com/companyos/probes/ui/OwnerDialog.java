package com.companyos.probes.ui;

import com.companyos.base.ui.Components;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Adds or edits an owner: name, webhook, escalation time, and the people in escalation order ("Name <email>" per line). */
class OwnerDialog extends Dialog {

    private static final Pattern PERSON = Pattern.compile("^\\s*(.+?)\\s*<\\s*([^>\\s]+)\\s*>\\s*$");

    OwnerDialog(ProbeService probes, ProbeOwner existing, Runnable onDone) {
        setHeaderTitle(existing == null ? "Add owner" : "Edit " + existing.displayName());
        TextField name = new TextField("Name (ID)");
        name.setHelperText("lower-case letters, digits, dashes");
        TextField display = new TextField("Display name");
        TextField webhook = new TextField("Webhook URL");
        webhook.setHelperText("Optional: PagerDuty Events v2 or an Alertmanager-compatible receiver");
        Select<String> format = new Select<>();
        format.setLabel("Webhook format");
        format.setItems("pagerduty", "alertmanager");
        format.setValue("pagerduty");
        TextField routingKey = new TextField("PagerDuty routing key");
        IntegerField escalate = new IntegerField("Escalate after (minutes)");
        escalate.setMin(1);
        escalate.setValue(15);
        TextArea people = new TextArea("Escalation order");
        people.setHelperText("One person per line: Name <email>, first paged first");
        people.getElement().setAttribute("data-testid", "owner-people");
        TextArea reason = new TextArea("Reason");
        reason.setRequired(true);
        if (existing != null) {
            name.setValue(existing.name());
            name.setReadOnly(true);
            display.setValue(existing.displayName());
            webhook.setValue(existing.webhookUrl() == null ? "" : existing.webhookUrl().toString());
            format.setValue(existing.webhookFormat());
            routingKey.setValue(existing.routingKey() == null ? "" : existing.routingKey());
            escalate.setValue((int) Math.max(1, existing.escalateAfter().toMinutes()));
            people.setValue(existing.contacts().stream().map(c -> c.person() + " <" + c.email() + ">").collect(Collectors.joining("\n")));
        }
        FormLayout form = new FormLayout(name, display, webhook, format, routingKey, escalate, people, reason);
        form.setColspan(people, 2);
        form.setColspan(reason, 2);
        Div error = Components.callout("bad", "");
        error.setVisible(false);
        add(form, error);
        Button save = new Button("Save", e -> {
            try {
                List<ProbeOwner.Contact> contacts = new ArrayList<>();
                for (String line : people.getValue().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Matcher m = PERSON.matcher(line);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("Write each person as Name <email>; got: " + line.trim());
                    }
                    contacts.add(new ProbeOwner.Contact(m.group(1), m.group(2)));
                }
                URI url = webhook.getValue().isBlank() ? null : new URI(webhook.getValue().trim());
                probes.saveOwner(new ProbeOwner(name.getValue().trim(), display.getValue().trim(), url, format.getValue(),
                        routingKey.getValue().isBlank() ? null : routingKey.getValue().trim(),
                        Duration.ofMinutes(escalate.getValue() == null ? 15 : escalate.getValue()), contacts, null, null), reason.getValue());
                Components.done("Owner " + name.getValue().trim() + " saved");
                close();
                onDone.run();
            } catch (URISyntaxException ex) {
                error.setText("The webhook is not a URL: " + ex.getMessage());
                error.setVisible(true);
            } catch (RuntimeException ex) {
                error.setText(ex.getMessage());
                error.setVisible(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.getElement().setAttribute("data-testid", "owner-save");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
