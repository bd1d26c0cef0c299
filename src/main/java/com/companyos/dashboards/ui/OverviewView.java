package com.companyos.dashboards.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.dashboards.ExecutiveOverview;
import com.companyos.dashboards.OverviewService;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
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

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where everyone lands after sign-in. Staff (executives first of all) see the executive overview: the platform's
 * posture in figures and charts, each linked to its evidence, updated live by server push. Customers see who they are
 * and what they can open; the overview's figures are never assembled for them (the service refuses as well).
 */
@Route("")
@PageTitle("Overview")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Overview")
@PermitAll
class OverviewView extends Main {

    private final OverviewService overview;
    private final boolean staff;
    private final com.vaadin.flow.component.html.Div problem = Components.callout("bad", "");
    private ExecutiveFigures figures;
    private ExecutiveOverview shown;
    private Runnable unsubscribe;

    OverviewView(OverviewService overview, TenantService tenants) {
        this.overview = overview;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        staff = !user.hasRole(Role.CUSTOMER);
        add(new H2("Welcome, " + user.displayName()));
        add(Components.intro(describe(user)));
        Set<String> openable = MenuConfiguration.getMenuEntries().stream().map(e -> e.path().startsWith("/") ? e.path() : "/" + e.path())
                .collect(Collectors.toSet());

        if (staff) {
            figures = new ExecutiveFigures(openable);
            figures.getElement().setAttribute("data-overview", "executive");
            problem.setVisible(false);
            add(problem, figures);
            refresh();
        } else {
            var facts = Components.facts();
            // The tenant the account is bound to by ID, while it is active (its slug may have passed to another tenant).
            Components.fact(facts, "Your tenant", tenants.boundTenant().map(Tenant::slug)
                    .orElse("none active: ask your administrator (" + user.tenantSlug().orElse("no tenant") + ")"));
            Components.fact(facts, "Signed in as", user.username() + " (" + user.signInMethod() + ")");
            add(Components.div("card", facts));
            add(new H3("What you can open"));
            UnorderedList links = new UnorderedList();
            MenuConfiguration.getMenuEntries().stream().filter(e -> !"/".equals(e.path()) && !e.path().isEmpty())
                    .forEach(e -> links.add(new ListItem(new Anchor(e.path(), e.title()))));
            add(links);
        }
    }

    private static String describe(SignedInUser user) {
        return switch (user.primaryRole()) {
            case PLATFORM_ADMIN -> "You are a platform admin: you run the control plane, its regions and its people. "
                    + "The platform's posture:";
            case COMPLIANCE_OFFICER -> "You are a compliance officer: you approve requests, review the audit log and "
                    + "check that residency is kept. The platform's posture:";
            case OPERATOR -> "You are an operator: you run tenants, regions, drills and releases. The platform's posture:";
            case EXECUTIVE -> "The platform's posture at a glance. Every figure links to the view and the evidence behind it; "
                    + "the page updates by itself.";
            case CUSTOMER -> "You are signed in for your organisation's tenant. Trust reports and residency proofs for "
                    + "your tenant are published here.";
        };
    }

    private void refresh() {
        try {
            ExecutiveOverview next = overview.overview();
            problem.setVisible(false);
            if (!next.sameFiguresAs(shown)) {
                figures.show(next);
                shown = next;
            }
        } catch (RuntimeException e) {
            // Keep the last figures on screen and say why they are not current, rather than failing the page.
            problem.setText("The overview could not be brought up to date: " + e.getMessage());
            problem.setVisible(true);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (staff) {
            UI ui = event.getUI();
            unsubscribe = overview.subscribe(() -> ui.access(this::refresh));
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }
}
