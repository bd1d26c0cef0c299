package com.companyos.policyadmin.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.policy.PolicyChannel;
import com.companyos.policyadmin.BundleDiff;
import com.companyos.policyadmin.BundleInfo;
import com.companyos.policyadmin.PolicyBundles;
import com.companyos.regions.RegionService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Policy bundles per channel: every version with its hash and status, which regions enforce it, what changed between
 * two versions, and — for compliance officers and platform admins — proposing a new version and asking for its
 * two-person-approved publication.
 */
@Route("policies")
@PageTitle("Policies")
@Menu(order = 40, icon = "vaadin:scale", title = "Policies")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class PolicyView extends Main {

    private final PolicyBundles bundles;
    private final RegionService regions;
    private final boolean author;
    private final Tabs channels = new Tabs();
    private final Map<Tab, PolicyChannel> byTab = new LinkedHashMap<>();
    private final Grid<BundleInfo> grid = new Grid<>();
    private final Div detail = new Div();

    PolicyView(PolicyBundles bundles, RegionService regions) {
        this.bundles = bundles;
        this.regions = regions;
        addClassName("view");
        var user = CurrentUser.require();
        author = user.hasRole(Role.COMPLIANCE_OFFICER) || user.hasRole(Role.PLATFORM_ADMIN);

        for (PolicyChannel c : PolicyChannel.values()) {
            Tab tab = new Tab(c == PolicyChannel.STANDARD ? "standard" : "dcp (Dedicated Compliance Partitions)");
            tab.getElement().setAttribute("data-channel", c.folder());
            byTab.put(tab, c);
            channels.add(tab);
        }
        channels.addSelectedChangeListener(e -> refresh());

        Button propose = new Button("Propose new version…", new Icon(VaadinIcon.EDIT), e -> propose());
        propose.getElement().setAttribute("data-action", "propose-bundle");
        propose.setVisible(author);
        ViewHeader header = new ViewHeader("Policies", propose);

        grid.addColumn(BundleInfo::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(b -> {
            var badge = Components.badge(b.status().toLowerCase(), switch (b.status()) {
                case "CURRENT" -> "success";
                case "PROPOSED" -> "primary";
                default -> "contrast";
            });
            badge.getElement().setAttribute("data-status", b.status());
            return badge;
        }).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(b -> b.sha256().substring(0, 16) + "…").setHeader("SHA-256").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(b -> b.proposedBy() + " · " + Components.dateTime(b.proposedAt())).setHeader("Proposed").setAutoWidth(true);
        grid.addColumn(b -> b.publishedAt() == null ? "" : Components.dateTime(b.publishedAt())).setHeader("Published").setAutoWidth(true);
        grid.addColumn(this::enforcedBy).setHeader("Enforced by").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.getElement().setAttribute("data-grid", "bundles");
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));

        add(header, Components.intro("A bundle is the channel's Cedar policies and schema with a manifest of SHA-256 digests. "
                + "Publishing a version needs two compliance officers; only then is it signed with the platform key (version, "
                + "hash and approval). Regions fetch their channel's current bundle over mutual TLS, check the signature and "
                + "keep the bundle they have if it fails or is older: to roll back, propose the old content as a new version."),
                channels, grid, detail);
        refresh();
    }

    private PolicyChannel channel() {
        return byTab.getOrDefault(channels.getSelectedTab(), PolicyChannel.STANDARD);
    }

    private void refresh() {
        grid.setItems(bundles.list(channel()));
        detail.removeAll();
    }

    private String enforcedBy(BundleInfo b) {
        List<String> ids = regions.statuses().stream()
                .filter(s -> s.policyBundles().stream().anyMatch(x -> x.sha256().equals(b.sha256())))
                .map(s -> s.region().value()).toList();
        return ids.isEmpty() ? (b.status().equals("CURRENT") ? "no region yet" : "") : String.join(", ", ids);
    }

    private void show(BundleInfo b) {
        detail.removeAll();
        if (b == null) {
            return;
        }
        Div card = Components.div("card");
        card.getElement().setAttribute("data-bundle-detail", b.sha256());
        card.add(new H3(b.channel().folder() + " " + b.version()));
        var facts = Components.facts();
        Components.fact(facts, "SHA-256", b.sha256());
        Components.fact(facts, "Status", b.status());
        Components.fact(facts, "Approval", b.approvalRequestId() == null ? null : b.approvalRequestId().toString());
        Components.fact(facts, "Files", b.fileDigests().size() + " (" + b.fileDigests().keySet().stream()
                .filter(f -> f.endsWith(".cedar")).count() + " policies)");
        card.add(facts);

        HorizontalLayout actions = new HorizontalLayout();
        BundleInfo current = bundles.list(b.channel()).stream().filter(x -> x.status().equals("CURRENT")).findFirst().orElse(null);
        if (current != null && !current.sha256().equals(b.sha256())) {
            Button diff = new Button("Compare with current (" + current.version() + ")", e -> diff(current, b, card));
            diff.getElement().setAttribute("data-action", "diff");
            actions.add(diff);
        }
        if (author && b.status().equals("PROPOSED")) {
            Button publish = new Button("Request publication…", new Icon(VaadinIcon.UPLOAD), e -> requestPublish(b));
            publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            publish.getElement().setAttribute("data-action", "request-publish");
            actions.add(publish);
        }
        Button files = new Button("Show files", e -> showFiles(b, card));
        actions.add(files);
        card.add(actions);
        detail.add(card);
    }

    private void diff(BundleInfo from, BundleInfo to, Div card) {
        List<BundleDiff.FileChange> changes = bundles.diff(from.sha256(), to.sha256());
        String text = changes.isEmpty() ? "No differences." : changes.stream()
                .map(c -> c.change().toUpperCase() + " " + c.file() + (c.lines().isEmpty() ? "" : "\n" + String.join("\n", c.lines())))
                .collect(Collectors.joining("\n\n"));
        card.add(pre(text, "diff"));
    }

    private void showFiles(BundleInfo b, Div card) {
        Map<String, String> files = bundles.files(b.sha256());
        card.add(pre(files.entrySet().stream().map(e -> "── " + e.getKey() + " (sha256 " + b.fileDigests().get(e.getKey()) + ")\n"
                + e.getValue()).collect(Collectors.joining("\n")), "files"));
    }

    private static Pre pre(String text, String name) {
        Pre pre = new Pre(text);
        pre.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap").set("max-height", "28em")
                .set("overflow", "auto").set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)");
        pre.getElement().setAttribute("data-pre", name);
        return pre;
    }

    private void requestPublish(BundleInfo b) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Publish " + b.channel().folder() + " " + b.version() + "?");
        TextArea reason = new TextArea("Reason (the approvers read it)");
        reason.setWidthFull();
        reason.setRequired(true);
        reason.setId("publish-reason");
        dialog.add(Components.intro("Two compliance officers other than you must approve. Once approved, the platform signs "
                + "it and every region fetches the bundle, verifies its signature and decides with it."), reason);
        Button submit = new Button("Submit for approval", e -> {
            try {
                var id = bundles.requestPublish(b.sha256(), reason.getValue());
                dialog.close();
                Notification n = new Notification();
                n.add(new Div(Components.text("", "Submitted for two-person approval. "), new Anchor("approvals?request=" + id, "Open request")));
                n.setDuration(6000);
                n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                n.open();
            } catch (RuntimeException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.getElement().setAttribute("data-action", "submit-publish");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), submit);
        dialog.open();
    }

    /** Edit a copy of the current bundle (one or more files), give it a new version, and propose it. */
    private void propose() {
        PolicyChannel channel = channel();
        BundleInfo base = bundles.list(channel).stream().filter(x -> x.status().equals("CURRENT")).findFirst().orElseThrow();
        Map<String, String> working = new TreeMap<>(bundles.files(base.sha256()));
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Propose a new " + channel.folder() + " bundle (from " + base.version() + ")");
        dialog.setWidth("min(960px, 96vw)");
        TextField version = new TextField("New version");
        version.setValue(nextVersion(base.version()));
        version.setId("propose-version");
        ComboBox<String> file = new ComboBox<>("File");
        file.setItems(working.keySet().stream().filter(f -> !f.equals("bundle.properties")).toList());
        file.setAllowCustomValue(true);
        file.setHelperText("Pick a file to edit, or type a new name ending in .cedar");
        file.setId("propose-file");
        file.setWidth("24em");
        TextArea content = new TextArea("Content");
        content.setWidthFull();
        content.setHeight("22em");
        content.getStyle().set("font-family", "monospace");
        content.setId("propose-content");
        String[] editing = {null};
        file.addCustomValueSetListener(e -> {
            String name = e.getDetail().trim();
            working.putIfAbsent(name, "@rationale(\"Say in one sentence why this rule exists.\")\nforbid (principal, action, resource);\n");
            file.setItems(working.keySet().stream().filter(f -> !f.equals("bundle.properties")).toList());
            file.setValue(name);
        });
        file.addValueChangeListener(e -> {
            if (editing[0] != null) {
                working.put(editing[0], content.getValue());
            }
            editing[0] = e.getValue();
            content.setValue(e.getValue() == null ? "" : working.getOrDefault(e.getValue(), ""));
        });
        Button remove = new Button("Remove file", new Icon(VaadinIcon.TRASH), e -> {
            if (editing[0] != null && !editing[0].equals("schema.cedarschema")) {
                working.remove(editing[0]);
                editing[0] = null;
                file.setItems(working.keySet().stream().filter(f -> !f.equals("bundle.properties")).toList());
                content.clear();
            }
        });
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        Div error = new Div();
        HorizontalLayout row = new HorizontalLayout(version, file, remove);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        dialog.add(row, content, error);
        Button submit = new Button("Propose", e -> {
            if (editing[0] != null) {
                working.put(editing[0], content.getValue());
            }
            working.put("bundle.properties", working.get("bundle.properties").replaceAll("(?m)^version=.*$",
                    "version=" + version.getValue().trim()));
            try {
                BundleInfo proposed = bundles.propose(working);
                dialog.close();
                refresh();
                grid.select(proposed);
                Notification.show("Proposed " + proposed.version() + " (sha256 " + proposed.sha256().substring(0, 12)
                        + "…). Request its publication to put it in force.", 6000, Notification.Position.BOTTOM_END)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } catch (RuntimeException ex) {
                error.removeAll();
                error.add(Components.callout("bad", ex.getMessage()));
            }
        });
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.getElement().setAttribute("data-action", "submit-proposal");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), submit);
        dialog.open();
    }

    /** 2026.11.1 → 2026.11.2; anything else gets ".1" appended. */
    static String nextVersion(String version) {
        var m = java.util.regex.Pattern.compile("^(.*?)(\\d+)$").matcher(version);
        return m.matches() ? m.group(1) + (Long.parseLong(m.group(2)) + 1) : version + ".1";
    }
}
