package com.companyos.tenants.ui;

import com.companyos.base.Classification;
import com.companyos.base.ConflictException;
import com.companyos.base.FailoverOperation;
import com.companyos.base.RetentionPolicy;
import com.companyos.base.Roles;
import com.companyos.base.ValidationException;
import com.companyos.base.Zone;
import com.companyos.base.ui.Components;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.Contact;
import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.TenantService;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant wizard: identity → residency → regions → data defaults → review. The review asks the service for a
 * preview (validation and the policy's placement decisions) before anything is submitted; problems are shown on the
 * fields they concern, and the wizard jumps to the first step that has one.
 */
@Route("tenants/new")
@PageTitle("New tenant")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.OPERATOR})
class TenantWizardView extends Main {

    private static final String[] STEPS = {"Identity", "Residency", "Regions", "Data defaults", "Review"};

    private final TenantService tenants;
    private final RegionRegistry regions;
    private final TenantForm form = new TenantForm();
    private final Tabs tabs = new Tabs();
    private final Div content = new Div();
    private final Button back = new Button("Back", new Icon(VaadinIcon.ARROW_LEFT));
    private final Button next = new Button("Next", new Icon(VaadinIcon.ARROW_RIGHT));
    private final Map<String, HasValidation> fieldByName = new HashMap<>();
    private final Map<String, Integer> stepOfField = new HashMap<>();
    private int step;
    private List<ValidationException.Problem> problems = List.of();

    TenantWizardView(TenantService tenants, RegionRegistry regions) {
        this.tenants = tenants;
        this.regions = regions;
        addClassName("view");
        for (String s : STEPS) {
            tabs.add(new Tab(s));
        }
        tabs.addSelectedChangeListener(e -> {
            if (tabs.getSelectedIndex() != step) {
                go(tabs.getSelectedIndex());
            }
        });
        back.addClickListener(e -> go(step - 1));
        next.addClickListener(e -> go(step + 1));
        next.setIconAfterText(true);
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.getElement().setAttribute("data-action", "next");
        back.getElement().setAttribute("data-action", "back");
        content.getStyle().set("max-width", "720px").set("padding", "var(--lumo-space-m) 0");
        stepOfField.putAll(Map.of("name", 0, "slug", 0, "contacts", 0, "residencyZone", 1, "primaryRegion", 2, "failoverRegion", 2,
                "failoverAllowedOperations", 2, "defaultClassification", 3, "retentionPolicy", 3, "reason", 4));
        add(new H2("New tenant"), Components.intro("Residency-locked tenants and Dedicated Compliance Partitions need the approval "
                + "of two compliance officers before they are created. Nothing is created until you submit on the last step."),
                tabs, content, new HorizontalLayout(back, next));
        go(0);
    }

    private void go(int target) {
        step = Math.max(0, Math.min(STEPS.length - 1, target));
        tabs.setSelectedIndex(step);
        content.removeAll();
        fieldByName.clear();
        content.add(switch (step) {
            case 0 -> identity();
            case 1 -> residency();
            case 2 -> regionsStep();
            case 3 -> dataDefaults();
            default -> review();
        });
        back.setEnabled(step > 0);
        next.setVisible(step < STEPS.length - 1);
        content.getElement().setAttribute("data-step", STEPS[step]);
        for (ValidationException.Problem p : problems) {
            HasValidation field = fieldByName.get(p.field());
            if (field != null) {
                field.setErrorMessage(p.message());
                field.setInvalid(true);
            }
        }
    }

    private Component identity() {
        TextField name = new TextField("Tenant name");
        name.setValue(form.name);
        name.setWidthFull();
        name.setId("tenant-name");
        TextField slug = new TextField("Slug (used in URLs and the manifest)");
        slug.setValue(form.slug);
        slug.setId("tenant-slug");
        slug.setHelperText("Lower-case letters, digits and dashes, e.g. acme-eu");
        name.addValueChangeListener(e -> {
            form.name = e.getValue();
            if (form.slug.isEmpty() || form.slug.equals(TenantForm.slugOf(e.getOldValue()))) {
                slug.setValue(TenantForm.slugOf(e.getValue()));
            }
        });
        slug.addValueChangeListener(e -> form.slug = e.getValue().trim());
        fieldByName.put("name", name);
        fieldByName.put("slug", slug);
        Div contacts = new Div();
        renderContacts(contacts);
        return new Div(name, slug, new H3("Contacts"), contacts);
    }

    private void renderContacts(Div container) {
        container.removeAll();
        for (int i = 0; i < form.contacts.size(); i++) {
            int index = i;
            Contact c = form.contacts.get(i);
            TextField n = new TextField("Name");
            n.setValue(c.name());
            n.setId("contact-name-" + i);
            EmailField e = new EmailField("Email");
            e.setValue(c.email());
            e.setId("contact-email-" + i);
            TextField r = new TextField("Role");
            r.setValue(c.role() == null ? "" : c.role());
            n.addValueChangeListener(v -> form.contacts.set(index, new Contact(v.getValue(), form.contacts.get(index).email(), form.contacts.get(index).role())));
            e.addValueChangeListener(v -> form.contacts.set(index, new Contact(form.contacts.get(index).name(), v.getValue(), form.contacts.get(index).role())));
            r.addValueChangeListener(v -> form.contacts.set(index, new Contact(form.contacts.get(index).name(), form.contacts.get(index).email(), v.getValue())));
            Button remove = new Button(new Icon(VaadinIcon.TRASH), ev -> {
                form.contacts.remove(index);
                renderContacts(container);
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            remove.setAriaLabel("Remove contact");
            remove.setEnabled(form.contacts.size() > 1);
            HorizontalLayout row = new HorizontalLayout(n, e, r, remove);
            row.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
            container.add(row);
            fieldByName.put("contacts[" + i + "]", e);
            stepOfField.put("contacts[" + i + "]", 0);
        }
        Button add = new Button("Add contact", new Icon(VaadinIcon.PLUS), ev -> {
            form.contacts.add(new Contact("", "", ""));
            renderContacts(container);
        });
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        container.add(add);
    }

    private Component residency() {
        RadioButtonGroup<String> zone = new RadioButtonGroup<>("Residency zone");
        zone.setItems(Arrays.stream(Zone.values()).map(Zone::name).toList());
        zone.setItemLabelGenerator(z -> Zone.valueOf(z).displayName() + " (" + z + ")");
        zone.setValue(form.zone);
        zone.setId("tenant-zone");
        zone.addValueChangeListener(e -> form.zone = e.getValue());
        Checkbox locked = new Checkbox("Residency-locked: data is processed and stored only in regions of this zone (needs two-person approval)");
        locked.setValue(form.locked);
        locked.setId("tenant-locked");
        locked.addValueChangeListener(e -> form.locked = e.getValue());
        Checkbox dcp = new Checkbox("Dedicated Compliance Partition: own agents, database and signing key, stricter policy channel (its plan is approved by two compliance officers after the tenant is created)");
        dcp.setValue(form.dcp);
        dcp.setId("tenant-dcp");
        dcp.addValueChangeListener(e -> form.dcp = e.getValue());
        fieldByName.put("residencyZone", zone);
        return new Div(zone, locked, dcp);
    }

    private Component regionsStep() {
        List<String> ids = regions.all().stream().map(r -> r.id().value()).toList();
        Select<String> primary = regionSelect("Primary region (handles all traffic)", ids);
        primary.setId("tenant-primary");
        Select<String> failover = regionSelect("Failover region (warm standby)", ids);
        failover.setId("tenant-failover");
        if (form.primary == null) {
            regions.inZone(Zone.valueOf(form.zone)).stream().findFirst().ifPresent(r -> form.primary = r.id().value());
        }
        if (form.failover == null) {
            regions.inZone(Zone.valueOf(form.zone)).stream().map(r -> r.id().value()).filter(id -> !id.equals(form.primary))
                    .findFirst().ifPresent(id -> form.failover = id);
        }
        primary.setValue(form.primary);
        failover.setValue(form.failover);
        primary.addValueChangeListener(e -> form.primary = e.getValue());
        failover.addValueChangeListener(e -> form.failover = e.getValue());
        CheckboxGroup<String> ops = new CheckboxGroup<>("Allowed while running on the failover region");
        ops.setItems(Arrays.stream(FailoverOperation.values()).map(Enum::name).toList());
        ops.setValue(form.failoverOps);
        ops.addValueChangeListener(e -> form.failoverOps = new java.util.TreeSet<>(e.getValue()));
        fieldByName.put("primaryRegion", primary);
        fieldByName.put("failoverRegion", failover);
        fieldByName.put("failoverAllowedOperations", ops);
        return new Div(primary, failover, ops, Components.intro("The policy decides whether a region is allowed: a residency-locked "
                + "tenant's regions must both lie in its zone. The review step shows the decision and its reason."));
    }

    private Select<String> regionSelect(String label, List<String> ids) {
        Select<String> s = new Select<>();
        s.setLabel(label);
        s.setItems(ids);
        s.setItemLabelGenerator(id -> {
            Region r = regions.get(com.companyos.base.RegionId.of(id));
            return id + " (" + r.zone() + ")";
        });
        s.setWidth("20em");
        return s;
    }

    private Component dataDefaults() {
        Select<String> classification = new Select<>();
        classification.setLabel("Default classification");
        classification.setItems(Arrays.stream(Classification.values()).map(Classification::label).toList());
        classification.setValue(form.classification);
        classification.addValueChangeListener(e -> form.classification = e.getValue());
        Select<String> retention = new Select<>();
        retention.setLabel("Retention policy");
        retention.setItems(Arrays.stream(RetentionPolicy.values()).map(RetentionPolicy::label).toList());
        retention.setValue(form.retention);
        retention.addValueChangeListener(e -> form.retention = e.getValue());
        fieldByName.put("defaultClassification", classification);
        fieldByName.put("retentionPolicy", retention);
        return new Div(classification, retention, Components.intro("Every record written for this tenant carries a "
                + "classification and a retention; these are the defaults shown to the tenant's applications."));
    }

    private Component review() {
        Div result = new Div();
        String preview;
        try {
            preview = tenants.preview(form.toRequest());
        } catch (ValidationException e) {
            problems = e.problems();
            result.add(Components.callout("bad", "Fix these before submitting:"));
            for (ValidationException.Problem p : e.problems()) {
                int fixStep = stepOfField.getOrDefault(p.field(), STEPS.length - 1);
                Div line = Components.callout("bad", (p.field().isEmpty() ? "" : p.field() + ": ") + p.message());
                line.getElement().setAttribute("data-problem", p.field());
                if (fixStep < STEPS.length - 1) {
                    Button fix = new Button("Fix in " + STEPS[fixStep], ev -> go(fixStep));
                    fix.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
                    line.add(fix);
                }
                result.add(line);
            }
            return result;
        }
        // The preview passed: only problems the review step itself owns (the reason) still stand.
        problems = problems.stream().filter(p -> stepOfField.getOrDefault(p.field(), STEPS.length - 1) == STEPS.length - 1).toList();
        Pre text = new Pre(preview);
        text.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)");
        text.getElement().setAttribute("data-preview", "tenant");
        TextArea reason = new TextArea("Reason (required for residency-locked and DCP tenants; recorded in the audit log)");
        reason.setWidthFull();
        reason.setValue(form.reason);
        reason.setId("tenant-reason");
        reason.addValueChangeListener(e -> form.reason = e.getValue());
        fieldByName.put("reason", reason);
        boolean approval = form.locked || form.dcp;
        Button submit = new Button(approval ? "Submit for approval" : "Create tenant", e -> submit());
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        submit.getElement().setAttribute("data-action", "submit-tenant");
        result.add(new H3("What will happen"), text, reason, submit);
        return result;
    }

    private void submit() {
        try {
            CreateOutcome outcome = tenants.create(form.toRequest());
            switch (outcome.status()) {
                case CREATED, UNCHANGED -> {
                    Notification.show(outcome.message(), 5000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    getUI().ifPresent(ui -> ui.navigate("tenants/" + outcome.slug()));
                }
                case PENDING_APPROVAL -> {
                    Notification.show(outcome.message(), 6000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    getUI().ifPresent(ui -> ui.navigate("approvals", com.vaadin.flow.router.QueryParameters.of("request",
                            outcome.approvalRequestId().toString())));
                }
                case DIFFERS -> Notification.show(outcome.message(), 8000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        } catch (ValidationException e) {
            showProblems(e);
            Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
        } catch (ConflictException | IllegalArgumentException e) {
            Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    /** Puts each problem on its field and jumps to the first step that has one. */
    private void showProblems(ValidationException e) {
        problems = e.problems();
        int first = problems.stream().map(p -> stepOfField.getOrDefault(p.field(), STEPS.length - 1)).min(Integer::compare).orElse(step);
        go(first);
    }
}
