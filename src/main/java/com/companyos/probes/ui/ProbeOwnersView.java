package com.companyos.probes.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.base.ui.Components;
import com.companyos.base.ui.ViewHeader;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.util.stream.Collectors;

/**
 * Who is paged for which probe: owners (teams) with their webhook and their people in escalation order, and the
 * probes each owns. Operators and platform admins add and edit owners; every change is audited.
 */
@Route("probes/owners")
@PageTitle("Probe owners")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class ProbeOwnersView extends Main {

    private final ProbeService probes;
    private final Grid<ProbeOwner> owners = new Grid<>();

    ProbeOwnersView(ProbeService probes) {
        this.probes = probes;
        addClassName("view");
        SignedInUser user = CurrentUser.require();
        boolean operator = user.hasRole(Role.OPERATOR) || user.hasRole(Role.PLATFORM_ADMIN);
        Button add = new Button("Add owner", e -> new OwnerDialog(probes, null, this::refresh).open());
        add.setId("owner-add");
        add.setVisible(operator);
        add(new ViewHeader("Probe owners and escalation", add));
        add(Components.intro("An incident pages its owner's webhook and the first person in the escalation order; if nobody "
                + "acknowledges it within the owner's escalation time, the next person is paged, and after the last one the "
                + "platform owner's first person."));
        owners.addColumn(o -> o.displayName() + " (" + o.name() + ")").setHeader("Owner").setAutoWidth(true).setFlexGrow(0);
        owners.addColumn(o -> o.contacts().isEmpty() ? "—" : o.contacts().stream().map(c -> c.person() + " <" + c.email() + ">")
                .collect(Collectors.joining(" → "))).setHeader("Escalation order").setFlexGrow(1);
        owners.addColumn(o -> "after " + o.escalateAfter().toMinutes() + " min").setHeader("Escalates").setAutoWidth(true).setFlexGrow(0);
        owners.addColumn(o -> o.webhookUrl() == null ? "—" : o.webhookFormat() + " · " + o.webhookUrl().getHost()).setHeader("Webhook")
                .setAutoWidth(true).setFlexGrow(0);
        owners.addColumn(o -> probes.probes().stream().filter(p -> p.owner().equals(o.name())).map(ProbeDefinition::name)
                .collect(Collectors.joining(", "))).setHeader("Probes").setAutoWidth(true).setFlexGrow(0);
        owners.addComponentColumn(o -> {
            Button edit = new Button("Edit", e -> new OwnerDialog(probes, o, this::refresh).open());
            edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
            edit.setVisible(operator);
            edit.getElement().setAttribute("data-testid", "owner-edit-" + o.name());
            return edit;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0);
        owners.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        owners.setAllRowsVisible(true);
        owners.getElement().setAttribute("data-testid", "probe-owners");
        add(owners);
        refresh();
    }

    private void refresh() {
        owners.setItems(probes.owners());
    }
}
