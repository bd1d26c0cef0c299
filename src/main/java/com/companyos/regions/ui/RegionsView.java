package com.companyos.regions.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.regions.RegionService;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every region's agent, live: status, version, round-trip latency over mutual TLS, active database and certificate
 * expiry. Updates by server push as soon as the console sees a change, without a page reload.
 */
@Route("regions")
@PageTitle("Regions")
@Menu(order = 10, icon = "vaadin:globe-wire", title = "Regions")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR, Roles.COMPLIANCE_OFFICER, Roles.EXECUTIVE})
class RegionsView extends Main {

    private static final Duration CERT_WARNING = Duration.ofDays(30);

    private final RegionService regions;
    private final Clock clock;
    private final Div summary = new Div();
    private final Div cards = Components.div("card-grid");
    private final Map<String, Div> cardByRegion = new LinkedHashMap<>();
    private final Map<String, RegionStatus> latest = new LinkedHashMap<>();
    private final boolean canRestart;
    private Runnable unsubscribe;

    RegionsView(RegionService regions, Clock clock) {
        this.regions = regions;
        this.clock = clock;
        this.canRestart = regions.runsLocalAgents() && CurrentUser.get()
                .map(u -> u.hasRole(Role.PLATFORM_ADMIN) || u.hasRole(Role.OPERATOR)).orElse(false);
        addClassName("view");
        add(new H2("Regions"),
                Components.intro("Each region runs its own agent with its own PostgreSQL. The console reaches every "
                        + "agent over mutual TLS and accepts only the region identity it expects; it checks each one "
                        + "every few seconds and this page updates as soon as anything changes."),
                summary, cards);
        regions.statuses().forEach(this::show);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = regions.subscribe(status -> ui.access(() -> show(status)));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    private void show(RegionStatus s) {
        String id = s.region().value();
        latest.put(id, s);
        Div card = cardByRegion.computeIfAbsent(id, k -> {
            Div c = Components.div("card");
            c.getElement().setAttribute("data-region", k);
            cards.add(c);
            return c;
        });
        card.removeAll();
        card.setClassName("state-down", !s.state().isUp() && s.state() != RegionState.UNKNOWN && s.state() != RegionState.STARTING);
        card.getElement().setAttribute("data-state", s.state().name());

        Span state = Components.badge(s.state().label(), switch (s.state()) {
            case HEALTHY -> "success";
            case UNKNOWN, STARTING -> "contrast";
            default -> "error";
        });
        state.getElement().setAttribute("data-status", s.state().name());
        Div head = new Div(new H3(id), state);
        head.getStyle().set("display", "flex").set("justify-content", "space-between").set("align-items", "center");
        card.add(head, Components.badge(s.zone().displayName() + " (" + s.zone() + ")", "contrast small"));

        var facts = Components.facts();
        Components.fact(facts, "Agent", s.agentUrl() + (s.localPid() == null ? "" : " · pid " + s.localPid()));
        Components.fact(facts, "Version", s.version());
        Components.fact(facts, "Round trip", s.latency() == null ? null : s.latency().toMillis() + " ms");
        Components.fact(facts, "Database", s.database());
        Components.fact(facts, "Certificate", certificate(s));
        if (s.policyBundles().isEmpty()) {
            Components.fact(facts, "Policy bundles", s.state().isUp() ? "none yet" : null);
        } else {
            Div bundles = new Div();
            s.policyBundles().forEach(b -> {
                Div line = new Div(b.channel() + " v" + b.version() + " · " + b.sha256().substring(0, 12));
                line.getElement().setAttribute("data-bundle", b.channel()).setAttribute("title", b.sha256());
                bundles.add(line);
            });
            Components.fact(facts, "Policy bundles", bundles);
        }
        Components.fact(facts, "Checked", Components.ago(s.checkedAt(), clock.instant()));
        Components.fact(facts, "In this state", Components.ago(s.since(), clock.instant()).replace(" ago", ""));
        card.add(facts);
        if (s.message() != null && s.state() != RegionState.HEALTHY) {
            card.add(Components.text("message", s.message()));
        }
        if (s.bundleRejection() != null) {
            var r = s.bundleRejection();
            Div refused = Components.callout("bad", "Refused " + r.channel() + " bundle v" + r.version() + " "
                    + Components.ago(r.at(), clock.instant()) + ": " + r.reason() + ". The previous bundle stays in force.");
            refused.getElement().setAttribute("data-bundle-rejection", r.channel());
            card.add(refused);
        }
        if (canRestart) {
            Button restart = new Button("Restart agent", e -> confirmRestart(s));
            restart.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            card.add(restart);
        }
        updateSummary();
    }

    private String certificate(RegionStatus s) {
        if (s.certificateNotAfter() == null) {
            return null;
        }
        long days = Duration.between(clock.instant(), s.certificateNotAfter()).toDays();
        String text = "expires " + Components.date(s.certificateNotAfter()) + " (in " + days + " days)";
        return Duration.between(clock.instant(), s.certificateNotAfter()).compareTo(CERT_WARNING) < 0 ? "⚠ " + text : text;
    }

    private void updateSummary() {
        long healthy = latest.values().stream().filter(s -> s.state() == RegionState.HEALTHY).count();
        summary.removeAll();
        boolean all = healthy == latest.size();
        Div callout = Components.callout(all ? "ok" : "bad",
                healthy + " of " + latest.size() + " region agents healthy");
        callout.getElement().setAttribute("data-summary", healthy + "/" + latest.size());
        callout.getStyle().set("margin-bottom", "var(--lumo-space-m)");
        summary.add(callout);
    }

    private void confirmRestart(RegionStatus s) {
        TextField reason = new TextField("Reason (recorded in the audit log)");
        reason.setWidthFull();
        reason.setRequired(true);
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Restart the " + s.region() + " agent?");
        dialog.add(Components.intro("The agent process is stopped and started again. Requests to this region fail "
                + "until it is back."), reason);
        dialog.setCancelable(true);
        dialog.setConfirmText("Restart");
        dialog.setCloseOnEsc(true);
        dialog.addConfirmListener(e -> {
            try {
                regions.restartLocalAgent(s.region(), reason.getValue());
                Notification.show("Restarting the " + s.region() + " agent…", 3000, Notification.Position.BOTTOM_END);
            } catch (IllegalArgumentException | IllegalStateException ex) {
                Notification n = Notification.show(ex.getMessage(), 5000, Notification.Position.MIDDLE);
                n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        dialog.open();
    }
}
