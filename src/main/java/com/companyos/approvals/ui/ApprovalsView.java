package com.companyos.approvals.ui;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.MenuBadge;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Two-person control in the browser. Compliance officers see the queue of requests they can vote on, with what each
 * will do, and approve or deny with a reason; requesters follow their own requests; the history (denied and expired
 * included) is searchable. Updates live when requests change.
 */
@Route("approvals")
@PageTitle("Approvals")
@Menu(order = 20, icon = "vaadin:check-square-o", title = "Approvals")
@RolesAllowed({Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.PLATFORM_ADMIN})
class ApprovalsView extends Main implements BeforeEnterObserver {

    private final ApprovalService approvals;
    private final MenuBadge badge;
    private final Clock clock;
    private final boolean officer;
    private final boolean auditor;
    private final Tabs tabs = new Tabs();
    private final Tab queueTab = new Tab("Waiting for my vote");
    private final Tab mineTab = new Tab("My requests");
    private final Tab historyTab = new Tab("History");
    private final TextField search = new TextField();
    private final Grid<ApprovalRequest> grid = new Grid<>();
    private final ApprovalDetailPanel detail;
    private Runnable unsubscribe;
    private ApprovalRequest deepLink;
    private UUID shown;

    ApprovalsView(ApprovalService approvals, List<MenuBadge> badges, Clock clock) {
        this.approvals = approvals;
        this.badge = badges.stream().filter(b -> b.path().equals("/approvals")).findFirst().orElseThrow();
        this.clock = clock;
        this.officer = CurrentUser.get().map(u -> u.hasRole(Role.COMPLIANCE_OFFICER)).orElse(false);
        this.auditor = officer || CurrentUser.get().map(u -> u.hasRole(Role.PLATFORM_ADMIN)).orElse(false);
        this.detail = new ApprovalDetailPanel(approvals, officer, this::refreshKeepingSelection, updated -> {
            refresh();
            show(updated);
        });
        addClassName("view");
        getStyle().set("display", "flex").set("flex-direction", "column").set("height", "100%");

        if (officer) {
            tabs.add(queueTab);
        }
        tabs.add(mineTab);
        if (auditor) {
            tabs.add(historyTab);
        }
        tabs.addSelectedChangeListener(e -> refresh());
        search.setPlaceholder("Search type, subject, requester, reason");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> refresh());
        search.setWidth("24em");

        grid.addComponentColumn(r -> Components.badge(r.status().label(), theme(r.status()))).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> approvals.title(r.type())).setHeader("Request").setAutoWidth(true);
        grid.addColumn(ApprovalRequest::subject).setHeader("Subject").setAutoWidth(true);
        grid.addColumn(ApprovalRequest::requestedBy).setHeader("Requested by").setAutoWidth(true);
        grid.addColumn(r -> Components.ago(r.requestedAt(), clock.instant())).setHeader("Age").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.status() == ApprovalStatus.PENDING ? "in " + human(Duration.between(clock.instant(), r.expiresAt())) : "—")
                .setHeader("Expires").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.approvals() + " / " + r.requiredApprovals()).setHeader("Approvals").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.getElement().setAttribute("data-grid", "approvals");
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                show(e.getValue());
            }
        });
        grid.setSizeFull();

        SplitLayout split = new SplitLayout(grid, detail);
        split.setSplitterPosition(55);
        split.setSizeFull();

        add(new H2("Approvals"), Components.intro("Changes that need two-person control: the requester can never approve "
                        + "their own request, enough distinct compliance officers must approve, any denial ends it, and an "
                        + "approved request is executed exactly once. Every vote is recorded in the audit log."),
                new HorizontalLayout(tabs, search), split);
        search.setVisible(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // A link to one request (?request=<id>) opens it on the tab where it lives.
        deepLink = event.getLocation().getQueryParameters().getSingleParameter("request").flatMap(id -> {
            try {
                return approvals.find(UUID.fromString(id));
            } catch (IllegalArgumentException notAnId) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        if (deepLink != null) {
            tabs.setSelectedTab(officer && deepLink.votableBy(CurrentUser.require().username(), clock.instant()) ? queueTab
                    : auditor ? historyTab : mineTab);
        }
        refresh();
        if (deepLink != null) {
            grid.select(deepLink);
            show(deepLink);
            deepLink = null;
        }
        unsubscribe = badge.subscribe(() -> ui.access(this::refreshKeepingSelection));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    /** After a change: reload the list, keep the open request open (even if it left this tab's list) and current. */
    private void refreshKeepingSelection() {
        UUID open = shown;
        refresh();
        if (open != null) {
            approvals.find(open).ifPresent(r -> {
                if (grid.getGenericDataView().getItems().anyMatch(item -> item.id().equals(r.id()))) {
                    grid.select(r);
                }
                show(r);
            });
        }
    }

    private void refresh() {
        Tab tab = tabs.getSelectedTab();
        search.setVisible(tab == historyTab);
        String me = CurrentUser.require().username();
        Instant now = clock.instant();
        List<ApprovalRequest> items;
        if (tab == queueTab) {
            items = approvals.pending().stream().filter(r -> r.votableBy(me, now)).toList();
        } else if (tab == historyTab) {
            items = approvals.history(null, search.getValue(), 0, 500);
        } else {
            items = approvals.mine();
        }
        grid.setItems(items);
    }

    private void show(ApprovalRequest r) {
        shown = r == null ? null : r.id();
        detail.show(r);
    }

    static String theme(ApprovalStatus s) {
        return switch (s) {
            case EXECUTED -> "success";
            case DENIED, EXPIRED, FAILED -> "error";
            case PENDING -> "contrast";
            default -> "";
        };
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            return "0 min";
        }
        long h = d.toHours();
        return h >= 24 ? h / 24 + " d " + h % 24 + " h" : h > 0 ? h + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
    }
}
