package com.companyos.probes.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextArea;

import java.util.function.Consumer;

/** Asks for the reason an action is taken (kept in the audit log), then takes it. */
class ReasonDialog extends Dialog {

    ReasonDialog(String title, String action, Consumer<String> onConfirm) {
        setHeaderTitle(title);
        TextArea reason = new TextArea("Reason");
        reason.setRequired(true);
        reason.setWidth("28rem");
        reason.getElement().setAttribute("data-testid", "reason");
        add(reason);
        Button confirm = new Button(action, e -> {
            if (reason.getValue().isBlank()) {
                reason.setInvalid(true);
                reason.setErrorMessage("Say why (kept in the audit log)");
                return;
            }
            close();
            onConfirm.accept(reason.getValue().trim());
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), confirm);
    }
}
