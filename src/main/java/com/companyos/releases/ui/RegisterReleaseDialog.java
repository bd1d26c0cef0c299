package com.companyos.releases.ui;

import com.companyos.base.ui.Components;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseRegistration;
import com.companyos.releases.ReleaseService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers a release that reuses an existing release's artifact with other agent settings (a configuration change,
 * or a drill's injected fault). A new agent build is uploaded with {@code companyos release create --artifact}.
 */
class RegisterReleaseDialog extends Dialog {

    RegisterReleaseDialog(ReleaseService releases, Runnable saved) {
        setHeaderTitle("Register a release");
        TextField version = new TextField("Version");
        version.setId("release-version");
        version.setRequired(true);
        Select<String> artifactOf = new Select<>();
        artifactOf.setLabel("Artifact of");
        artifactOf.setItems(releases.list().stream().map(Release::version).toList());
        artifactOf.setId("release-artifact-of");
        TextArea settings = new TextArea("Agent settings (one key=value per line)");
        settings.setPlaceholder("companyos.agent.faults.error-share=0.3");
        settings.setId("release-settings");
        settings.setWidthFull();
        TextField reason = new TextField("Reason");
        reason.setId("release-register-reason");
        reason.setWidthFull();
        FormLayout form = new FormLayout(version, artifactOf, settings, reason);
        form.setColspan(settings, 2);
        form.setColspan(reason, 2);
        add(new Paragraph("A new build of the agent is uploaded from the command line: companyos release create --version <v> "
                + "--artifact target/companyos-control-plane-*.jar --reason \"…\""), form);
        Button save = new Button("Register", e -> {
            try {
                Release r = releases.register(new ReleaseRegistration(version.getValue(), artifactOf.getValue(),
                        parse(settings.getValue()), reason.getValue()), null);
                Components.done("Release " + r.version() + " registered and signed");
                close();
                saved.run();
            } catch (RuntimeException ex) {
                Components.failed(ex.getMessage());
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("release-register-save");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text == null ? new String[0] : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Each setting is key=value; '" + line.trim() + "' is not");
            }
            settings.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return settings;
    }
}
