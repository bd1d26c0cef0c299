package com.companyos.security.ui;

import com.companyos.base.ConflictException;
import com.companyos.base.Roles;
import com.companyos.base.ui.Components;
import com.companyos.security.ApiToken;
import com.companyos.security.ApiTokenService;
import com.companyos.security.IssuedApiToken;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;

/** Personal API tokens for the REST API and the {@code companyos} CLI. */
@Route("account/tokens")
@PageTitle("API tokens")
@Menu(order = 95, icon = "vaadin:key-o", title = "API tokens")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.COMPLIANCE_OFFICER, Roles.OPERATOR, Roles.EXECUTIVE})
class ApiTokensView extends Main {

    private final ApiTokenService tokens;
    private final Clock clock;
    private final Grid<ApiToken> grid = new Grid<>();

    ApiTokensView(ApiTokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
        addClassName("view");
        TextField name = new TextField("Name");
        name.setPlaceholder("e.g. laptop CLI");
        name.setId("token-name");
        IntegerField days = new IntegerField("Valid for (days)");
        days.setValue(30);
        days.setMin(1);
        days.setMax(365);
        days.setStepButtonsVisible(true);
        Button create = new Button("Create token", new Icon(VaadinIcon.PLUS), e -> {
            try {
                IssuedApiToken issued = tokens.issue(name.getValue(), Duration.ofDays(days.getValue() == null ? 30 : days.getValue()));
                showOnce(issued);
                name.clear();
                refresh();
            } catch (IllegalArgumentException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.getElement().setAttribute("data-action", "create-api-token");
        HorizontalLayout form = new HorizontalLayout(name, days, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addColumn(ApiToken::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(ApiToken::prefix).setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(t -> Components.dateTime(t.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(t -> Components.dateTime(t.expiresAt())).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(t -> t.lastUsedAt() == null ? "never" : Components.ago(t.lastUsedAt(), clock.instant())).setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(t -> {
            if (!t.usableAt(clock.instant())) {
                return Components.badge(t.revokedAt() != null ? "Revoked" : "Expired", "contrast");
            }
            Button revoke = new Button("Revoke", e -> {
                try {
                    tokens.revoke(t.id());
                    Notification.show("Token revoked", 3000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    refresh();
                } catch (ConflictException ex) {
                    Notification.show(ex.getMessage(), 5000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            return revoke;
        }).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(new H2("API tokens"), Components.intro("A personal token lets the REST API and the companyos CLI act as you, with "
                + "the roles you have now. Only its hash is stored; it is shown once. Revoke it when you no longer need it."), form, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.mine());
    }

    private void showOnce(IssuedApiToken issued) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Token \"" + issued.name() + "\"");
        TextField value = new TextField("Copy it now: it is not shown again");
        value.setValue(issued.token());
        value.setReadOnly(true);
        value.setWidthFull();
        value.setId("issued-api-token");
        Pre usage = new Pre("export COMPANYOS_TOKEN=" + issued.token() + "\nbin/companyos tenant create -f request.yaml --wait");
        usage.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-xs)");
        dialog.add(value, usage);
        Button close = new Button("Done", e -> dialog.close());
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(close);
        dialog.setWidth("640px");
        dialog.open();
    }
}
