package com.companyos.dashboards.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.regions.RegionService;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.menu.MenuConfiguration;
import jakarta.annotation.security.PermitAll;

import java.util.HashMap;
import java.util.Map;

/**
 * Where everyone lands after sign-in: who you are, what your role may do here, and (for staff) the live region posture.
 */
@Route("")
@PageTitle("Overview")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Overview")
@PermitAll
class OverviewView extends Main {

    private final RegionService regions;
    private final Div posture = new Div();
    private final Map<String, RegionStatus> statuses = new HashMap<>();
    private final boolean staff;
    private Runnable unsubscribe;

    OverviewView(RegionService regions) {
        this.regions = regions;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        staff = !user.hasRole(Role.CUSTOMER);
        add(new H2("Welcome, " + user.displayName()));
        add(Components.intro(describe(user)));

        if (staff) {
            regions.statuses().forEach(s -> statuses.put(s.region().value(), s));
            add(new H3("Region posture"), posture);
            renderPosture();
        } else {
            var facts = Components.facts();
            Components.fact(facts, "Your tenant", user.tenantSlug().orElse("—"));
            Components.fact(facts, "Signed in as", user.username() + " (" + user.signInMethod() + ")");
            add(Components.div("card", facts));
        }

        add(new H3("What you can open"));
        UnorderedList links = new UnorderedList();
        MenuConfiguration.getMenuEntries().stream().filter(e -> !"/".equals(e.path()) && !e.path().isEmpty())
                .forEach(e -> links.add(new ListItem(new Anchor(e.path(), e.title()))));
        add(links);
    }

    private static String describe(SignedInUser user) {
        return switch (user.primaryRole()) {
            case PLATFORM_ADMIN -> "You are a platform admin: you run the control plane, its regions and its people.";
            case COMPLIANCE_OFFICER -> "You are a compliance officer: you approve requests, review the audit log and "
                    + "check that residency is kept.";
            case OPERATOR -> "You are an operator: you run tenants, regions, drills and releases.";
            case EXECUTIVE -> "You are an executive: you see the posture of the platform at a glance.";
            case CUSTOMER -> "You are signed in for your organisation's tenant. Trust reports and residency proofs for "
                    + "your tenant are published here.";
        };
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (staff) {
            UI ui = event.getUI();
            unsubscribe = regions.subscribe(s -> ui.access(() -> {
                statuses.put(s.region().value(), s);
                renderPosture();
            }));
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    private void renderPosture() {
        long healthy = statuses.values().stream().filter(s -> s.state() == RegionState.HEALTHY).count();
        posture.removeAll();
        Div stat = Components.div("stat", Components.text("value", healthy + " / " + statuses.size()),
                Components.text("label", "region agents healthy"));
        stat.getElement().setAttribute("data-stat", "regions-healthy");
        Div card = Components.div("card", stat, new Anchor("regions", "Open Regions"));
        card.getStyle().set("max-width", "320px");
        posture.add(card);
    }
}
