package com.companyos.base.ui;

import com.companyos.base.CurrentUser;
import com.companyos.base.SignedInUser;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import jakarta.annotation.security.PermitAll;

/**
 * The console's frame: brand, a menu built from the views' {@code @Menu} annotations (Vaadin filters it by what the
 * signed-in person may open, so no feature is imported here), and who is signed in with a sign-out button.
 */
@Layout
@PermitAll
public final class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final H1 title = new H1();

    private final java.util.List<MenuBadge> badges;
    private final java.util.Map<MenuBadge, Span> badgeLabels = new java.util.HashMap<>();
    private final java.util.List<Runnable> subscriptions = new java.util.ArrayList<>();

    MainLayout(AuthenticationContext authentication, java.util.List<MenuBadge> badges) {
        this.badges = badges;
        setPrimarySection(Section.DRAWER);
        title.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);
        addToNavbar(new DrawerToggle(), title);

        Div brand = Components.div("brand", Components.text("mark", "C"),
                new Div(Components.text("name", "CompanyOS"), Components.text("sub", "Control Plane")));

        SideNav nav = new SideNav();
        nav.getElement().setAttribute("aria-label", "Main menu");
        MenuConfiguration.getMenuEntries().forEach(entry -> {
            SideNavItem item = item(entry);
            badges.stream().filter(b -> b.path().equals(entry.path())).findFirst().ifPresent(badge -> {
                Span label = Components.badge("", badge.theme() + " small pill");
                label.getElement().setAttribute("data-badge", entry.path());
                item.setSuffixComponent(label);
                badgeLabels.put(badge, label);
            });
            nav.addItem(item);
        });
        Scroller scroller = new Scroller(nav);
        scroller.addClassNames(LumoUtility.Padding.SMALL);

        addToDrawer(brand, scroller, userCard(authentication));
    }

    @Override
    protected void onAttach(com.vaadin.flow.component.AttachEvent event) {
        com.vaadin.flow.component.UI ui = event.getUI();
        badgeLabels.forEach((badge, label) -> {
            refresh(badge, label);
            subscriptions.add(badge.subscribe(() -> ui.access(() -> refresh(badge, label))));
        });
    }

    @Override
    protected void onDetach(com.vaadin.flow.component.DetachEvent event) {
        subscriptions.forEach(Runnable::run);
        subscriptions.clear();
    }

    private static void refresh(MenuBadge badge, Span label) {
        int count = badge.count();
        label.setText(Integer.toString(count));
        label.setVisible(count > 0);
        label.getElement().setAttribute("aria-label", count + " waiting");
    }

    private static SideNavItem item(MenuEntry entry) {
        SideNavItem item = entry.icon() == null ? new SideNavItem(entry.title(), entry.path())
                : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
        item.getElement().setAttribute("data-menu", entry.path());
        return item;
    }

    private static Component userCard(AuthenticationContext authentication) {
        Div card = new Div();
        card.addClassName("user-card");
        CurrentUser.get().ifPresent((SignedInUser user) -> {
            Avatar avatar = new Avatar(user.displayName());
            Span name = new Span(user.displayName());
            name.addClassName("n");
            Span role = new Span(user.primaryRole().displayName() + user.tenantSlug().map(t -> " · " + t).orElse(""));
            role.getElement().getThemeList().add("badge contrast small");
            role.getElement().setAttribute("data-role", user.primaryRole().name());
            Div who = Components.div("who", name, role);
            Button signOut = new Button(new Icon(VaadinIcon.SIGN_OUT), e -> authentication.logout());
            signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            signOut.setTooltipText("Sign out");
            signOut.setAriaLabel("Sign out");
            signOut.getElement().setAttribute("data-action", "sign-out");
            card.add(avatar, who, signOut);
        });
        return card;
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        title.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
    }
}
