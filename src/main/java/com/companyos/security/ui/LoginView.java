package com.companyos.security.ui;

import com.companyos.base.ui.Components;
import com.companyos.security.DemoAccounts;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Sign-in: a local-account form, single sign-on when an identity provider is configured, and on the embedded default
 * a note with the demo accounts. Failed sign-ins say why when it is safe to (an SSO refusal names its reason; a wrong
 * password never says which part was wrong).
 */
@Route(value = LoginView.ROUTE, autoLayout = false)
@PageTitle("Sign in · CompanyOS")
@AnonymousAllowed
public class LoginView extends Main implements BeforeEnterObserver {

    public static final String ROUTE = "login";
    public static final String PATH = "/" + ROUTE;
    static final String OIDC_REGISTRATION = "keycloak";

    private final LoginForm form = new LoginForm();
    private final AuthenticationContext authentication;

    LoginView(AuthenticationContext authentication, ObjectProvider<ClientRegistrationRepository> oidc,
              ObjectProvider<DemoAccounts> seeded) {
        boolean demoAccounts = seeded.getIfAvailable() != null; // advertised only where they are seeded
        this.authentication = authentication;
        addClassName("login-page");
        form.setAction(ROUTE);
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(i18n("Incorrect username or password", "Check your username and password and try again."));

        Div card = Components.div("login-card",
                Components.div("brand", Components.text("mark", "C"),
                        new Div(Components.text("name", "CompanyOS"), Components.text("sub", "Control Plane"))),
                form);
        if (oidc.getIfAvailable() != null) {
            Anchor sso = new Anchor("/oauth2/authorization/" + OIDC_REGISTRATION, "Sign in with single sign-on");
            sso.setRouterIgnore(true);
            sso.getElement().setAttribute("data-action", "sso");
            sso.getElement().getThemeList().add("primary");
            Div ssoRow = new Div(new Icon(VaadinIcon.KEY), sso);
            ssoRow.addClassNames("callout", "info");
            card.add(ssoRow);
        }
        if (demoAccounts) {
            Div demo = new Div();
            demo.addClassName("demo");
            demo.getElement().setProperty("innerHTML", "Demo accounts (embedded default), password <code>"
                    + DemoAccounts.PASSWORD + "</code>: " + DemoAccounts.ACCOUNTS.stream()
                    .map(d -> "<code>" + d.username() + "</code> (" + d.role().displayName() + ")")
                    .collect(Collectors.joining(", ")));
            card.add(demo);
        }
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (authentication.isAuthenticated()) {
            event.forwardTo("");
            return;
        }
        var params = event.getLocation().getQueryParameters().getParameters();
        List<String> error = params.get("error");
        if (error != null) {
            if (error.contains("oidc")) {
                form.setI18n(i18n("Single sign-on was refused", lastAuthenticationError()
                        .orElse("The identity provider did not sign you in. Try again or contact your administrator.")));
            }
            form.setError(true);
        }
    }

    private static java.util.Optional<String> lastAuthenticationError() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        HttpSession session = request == null ? null : request.getHttpServletRequest().getSession(false);
        Object e = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        return e instanceof Exception ex && ex.getMessage() != null ? java.util.Optional.of(ex.getMessage()) : java.util.Optional.empty();
    }

    private static LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle(errorTitle);
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }
}
