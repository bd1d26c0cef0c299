package com.companyos.slo.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.slo.SloService;
import com.companyos.slo.SloStatus;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Duration;
import java.util.List;

/**
 * SLOs per agent target: request rate, error rate, write latency percentiles, error budget left, burn rates over the
 * alert windows and the open alerts, over a selectable window; operators and admins edit a target's objectives. The
 * page refreshes every few seconds.
 */
@Route("slo")
@PageTitle("SLOs")
@Menu(order = 45, icon = "vaadin:line-chart", title = "SLOs")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class SloView extends Main {

    private final SloService slos;
    private final Select<String> target = new Select<>();
    private final Select<Window> window = new Select<>();
    private final Div problem = Components.callout("bad", "");
    private final SloPanel panel;

    /** The windows a person can pick (nominal; the installation may scale them). */
    enum Window {
        MIN_5("5 min", Duration.ofMinutes(5)), HOUR_1("1 h", Duration.ofHours(1)), HOUR_6("6 h", Duration.ofHours(6)),
        DAY_1("1 d", Duration.ofDays(1)), DAY_3("3 d", Duration.ofDays(3)), DAY_30("30 d", Duration.ofDays(30));

        final String label;
        final Duration duration;

        Window(String label, Duration duration) {
            this.label = label;
            this.duration = duration;
        }
    }

    SloView(SloService slos) {
        this.slos = slos;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        boolean editor = user.hasRole(Role.OPERATOR) || user.hasRole(Role.PLATFORM_ADMIN);
        panel = new SloPanel(slos);

        List<SloStatus> all = slos.statuses(Duration.ofHours(1));
        target.setLabel("Target");
        target.setId("slo-target");
        target.setItems(all.stream().map(SloStatus::targetKey).toList());
        all.stream().findFirst().ifPresent(s -> target.setValue(s.targetKey()));
        target.addValueChangeListener(e -> refresh());
        window.setLabel("Window");
        window.setId("slo-window");
        window.setItems(Window.values());
        window.setItemLabelGenerator(w -> w.label + (slos.scaled(w.duration).equals(w.duration) ? ""
                : " (runs as " + seconds(slos.scaled(w.duration)) + ")"));
        window.setValue(Window.HOUR_1);
        window.addValueChangeListener(e -> refresh());
        Button edit = new Button("Edit objectives", e -> new SloDialog(slos, target.getValue(), this::refresh).open());
        edit.setId("slo-edit");
        edit.setVisible(editor);

        add(new ViewHeader("Service level objectives", target, window, edit));
        add(Components.intro("Measured from each agent's own counters of its governed data API: availability is the share "
                + "of governed requests answered without a 5xx, latency the share of governed writes within the threshold. "
                + "Alerts follow the SRE workbook's multiwindow, multi-burn-rate rules: a page at 14.4× over 1 h and 5 min "
                + "or 6× over 6 h and 30 min, a ticket at 1× over 3 d and 6 h; both windows must burn."));
        problem.setVisible(false);
        add(problem, panel);
        refresh();
        com.companyos.base.ui.Polling.every(this, 5000, this::refresh);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void refresh() {
        if (target.getValue() == null) {
            problem.setText("No SLO targets: no region agent is configured.");
            problem.setVisible(true);
            return;
        }
        try {
            panel.show(slos.status(target.getValue(), window.getValue().duration), slos.series(target.getValue(),
                    window.getValue().duration));
            problem.setVisible(false);
        } catch (RuntimeException e) {
            problem.setText("The SLOs could not be brought up to date: " + e.getMessage());
            problem.setVisible(true);
        }
    }


}
