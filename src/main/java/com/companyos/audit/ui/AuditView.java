package com.companyos.audit.ui;

import com.companyos.audit.AuditAnchors;
import com.companyos.audit.AuditEntry;
import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.audit.ChainVerification;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The audit log: filter by actor, action, target and time; export what is shown as CSV; verify the hash chain.
 */
@Route("audit")
@PageTitle("Audit log")
@Menu(order = 90, icon = "vaadin:records", title = "Audit log")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER})
class AuditView extends Main {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final AuditService audit;
    private final Clock clock;
    private final TextField actor = new TextField("Actor");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final TextField target = new TextField("Target");
    private final Select<TimeRange> range = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Grid<AuditEntry> grid = new Grid<>();
    private final Div verification = new Div();
    private final Div filterError = new Div();
    private AuditQuery query = AuditQuery.all();

    AuditView(AuditService audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        addClassName("view");
        getStyle().set("display", "flex").set("flex-direction", "column").set("height", "100%");

        Button verify = new Button("Verify chain", new Icon(VaadinIcon.CHECK_CIRCLE_O), e -> verify());
        verify.getElement().setAttribute("data-action", "verify-chain");
        Button anchor = new Button("Anchor head", new Icon(VaadinIcon.ANCHOR), e -> anchor());
        anchor.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        anchor.getElement().setAttribute("data-action", "anchor-chain");
        // Export is a button, not a plain link: its click reaches the server after any pending filter edits, so
        // the file always matches the filters on screen. The click then starts a download of that snapshot.
        Anchor download = new Anchor();
        download.getElement().setAttribute("download", true);
        download.setVisible(true);
        download.getStyle().set("display", "none");
        Button export = new Button("Export CSV", new Icon(VaadinIcon.DOWNLOAD), e -> {
            applyFilters();
            AuditQuery snapshot = query;
            download.setHref((DownloadHandler) event -> {
                event.setFileName("audit-log-" + FILE_STAMP.format(clock.instant()) + ".csv");
                event.setContentType("text/csv; charset=utf-8");
                audit.exportCsv(snapshot, event.getOutputStream());
            });
            download.getElement().executeJs("this.click()");
        });
        export.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        export.getElement().setAttribute("data-action", "export-csv");

        ViewHeader header = new ViewHeader("Audit log", verify, anchor, export, download);

        action.setItems(audit.actions());
        action.setAllowCustomValue(true);
        action.addCustomValueSetListener(e -> action.setValue(e.getDetail()));
        action.setClearButtonVisible(true);
        range.setLabel("Time");
        range.setItems(TimeRange.values());
        range.setItemLabelGenerator(TimeRange::label);
        range.setValue(TimeRange.ANY);
        range.setId("filter-range");
        range.addValueChangeListener(e -> {
            boolean custom = e.getValue() == TimeRange.CUSTOM;
            from.setVisible(custom);
            to.setVisible(custom);
            applyFilters();
        });
        from.setVisible(false);
        to.setVisible(false);
        actor.setId("filter-actor");
        action.setId("filter-action");
        target.setId("filter-target");
        from.setId("filter-from");
        to.setId("filter-to");
        for (TextField f : new TextField[]{actor, target}) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.setClearButtonVisible(true);
        }
        actor.addValueChangeListener(e -> applyFilters());
        action.addValueChangeListener(e -> applyFilters());
        target.addValueChangeListener(e -> applyFilters());
        from.addValueChangeListener(e -> applyFilters());
        to.addValueChangeListener(e -> applyFilters());
        actor.setWidth("11em");
        action.setWidth("13em");
        target.setWidth("13em");
        range.setWidth("11em");
        from.setWidth("18em");
        to.setWidth("18em");
        HorizontalLayout filters = new HorizontalLayout(actor, action, target, range, from, to);
        filters.setWrap(true);

        grid.addColumn(e -> "#" + e.seq()).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> Components.dateTime(e.occurredAt())).setHeader("Time (UTC)").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEntry::actor).setHeader("Actor").setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setWidth("14em").setFlexGrow(1);
        grid.addColumn(AuditEntry::reason).setHeader("Reason").setWidth("10em").setFlexGrow(2);
        grid.addColumn(e -> e.hash().substring(0, 10) + "…").setHeader("Hash").setWidth("8em").setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(AuditView::details));
        grid.setSizeFull();
        grid.getElement().setAttribute("data-grid", "audit");
        filterError.addClassNames("callout", "bad");
        filterError.setVisible(false);

        add(header, Components.intro("Every sign-in, refusal and state change, append-only and hash-chained: each "
                + "entry's hash covers the one before it, so an edited, removed or inserted entry breaks the chain "
                + "at that point. The chain's head is anchored every few minutes (signed, in a file outside the database), so "
                + "removing the newest entries or rewriting the whole chain is found too. Click an entry for its details."), verification, filters, filterError, grid);
        refresh();
    }

    private void applyFilters() {
        try {
            Instant now = clock.instant();
            TimeRange r = range.getValue() == null ? TimeRange.ANY : range.getValue();
            Instant start = r == TimeRange.CUSTOM ? instant(from.getValue()) : r.start(now);
            Instant end = r == TimeRange.CUSTOM ? instant(to.getValue()) : null;
            query = new AuditQuery(actor.getValue(), action.getValue(), target.getValue(), start, end);
            filterError.setVisible(false);
            refresh();
        } catch (IllegalArgumentException e) {
            filterError.setText(e.getMessage());
            filterError.setVisible(true);
        }
    }

    private void refresh() {
        AuditQuery q = query;
        grid.setItems(page -> audit.search(q, page.getOffset(), page.getLimit()).stream(), page -> audit.count(q));
    }

    private void verify() {
        ChainVerification result = audit.verify();
        verification.removeAll();
        Div callout = result.intact()
                ? Components.callout("ok", "Chain intact: " + result.entriesChecked() + " entries verified at "
                + Components.dateTime(result.verifiedAt()) + ". Head hash " + result.headHash() + ". " + anchorStatus(result))
                : Components.callout("bad", (result.firstBrokenSeq() > 0 ? "Chain broken at entry #" + result.firstBrokenSeq()
                : "Chain not verified against its anchor") + ": " + result.problem()
                + ". Entries after it cannot be trusted until this is investigated.");
        callout.getElement().setAttribute("data-verification", result.intact() ? "intact" : "broken");
        verification.add(callout);
        Notification n = Notification.show(result.intact() ? "Audit chain intact" : "Audit chain broken",
                4000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(result.intact() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
        refresh();
    }

    private String anchorStatus(ChainVerification result) {
        return result.anchor() == null ? "Not anchored yet (the first anchor is taken within minutes)."
                : "Matches its latest anchor: entry #" + result.anchor().seq() + ", signed " + Components.dateTime(result.anchor().anchoredAt())
                + " by key " + result.anchor().keyId() + " (" + audit.anchorLocation() + ").";
    }

    private void anchor() {
        AuditAnchors.Anchoring result = audit.anchorNow();
        verification.removeAll();
        Div callout = result.problem() != null
                ? Components.callout("bad", "Not anchored: " + result.problem())
                : result.anchor() == null ? Components.callout("ok", "Nothing to anchor yet: the audit log is empty.")
                : Components.callout("ok", (result.taken() ? "Anchored" : "Already anchored") + ": entry #" + result.anchor().seq()
                + " (head hash " + result.anchor().headHash() + "), signed " + Components.dateTime(result.anchor().anchoredAt())
                + ", in " + audit.anchorLocation() + ".");
        callout.getElement().setAttribute("data-anchoring", result.problem() == null ? "anchored" : "refused");
        verification.add(callout);
        refresh();
    }

    private static Div details(AuditEntry e) {
        Pre pre = new Pre("entry " + e.entryId() + "\ndecision " + (e.decisionId() == null ? "—" : e.decisionId())
                + "\ndetails " + (e.details() == null ? "—" : e.details())
                + "\nprev_hash " + e.prevHash() + "\nhash      " + e.hash());
        pre.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap");
        return new Div(pre);
    }

    /** Quick time ranges; "Custom" shows the two pickers. */
    enum TimeRange {
        ANY("Any time", null), LAST_HOUR("Last hour", java.time.Duration.ofHours(1)),
        LAST_DAY("Last 24 hours", java.time.Duration.ofDays(1)), LAST_WEEK("Last 7 days", java.time.Duration.ofDays(7)),
        LAST_MONTH("Last 30 days", java.time.Duration.ofDays(30)), CUSTOM("Custom range…", null);

        private final String label;
        private final java.time.Duration span;

        TimeRange(String label, java.time.Duration span) {
            this.label = label;
            this.span = span;
        }

        String label() {
            return label;
        }

        Instant start(Instant now) {
            return span == null ? null : now.minus(span);
        }
    }

    private static Instant instant(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
