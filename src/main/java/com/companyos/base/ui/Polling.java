package com.companyos.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;

/**
 * Refreshes a view while it is attached: the UI polls every {@code millis} and {@code refresh} runs on each poll; on
 * detach the poll listener goes and polling stops (a view left open in one tab does not keep another one polling).
 */
public final class Polling {

    private Polling() {
    }

    public static void every(Component view, int millis, Runnable refresh) {
        Registration[] listener = new Registration[1];
        view.addAttachListener(e -> {
            UI ui = e.getUI();
            ui.setPollInterval(millis);
            listener[0] = ui.addPollListener(p -> refresh.run());
        });
        view.addDetachListener(e -> {
            if (listener[0] != null) {
                listener[0].remove();
                listener[0] = null;
            }
            e.getUI().setPollInterval(-1);
        });
    }
}
