package com.companyos.residency.ui;

import com.companyos.agentapi.control.ChainCheck;
import com.companyos.base.ui.Components;
import com.companyos.residency.DecisionChainAnchoring;
import com.companyos.residency.ResidencyService;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** For auditors: verify a region's hash-chained decision log and see the first broken link, if any. */
class DecisionChainsPanel extends Div {

    private final ResidencyService residency;
    private final Div result = new Div();

    DecisionChainsPanel(ResidencyService residency) {
        this.residency = residency;
        addClassName("card");
        getStyle().set("margin-top", "var(--lumo-space-l)");
        add(new H3("Decision chains"), Components.intro("Each region's decision log is hash-chained: every sealed decision's "
                + "hash covers the one before it. Every few minutes the console keeps the region's signed anchor of its head, so a "
                + "chain cut short or rewritten is found too. Verify walks a region's chain, checks it against its latest anchor "
                + "and names the first broken link."));
        HorizontalLayout buttons = new HorizontalLayout();
        buttons.setWrap(true);
        residency.sources().stream().filter(s -> !s.equals("control-plane")).forEach(region -> {
            Button verify = new Button("Verify " + region, new Icon(VaadinIcon.CHECK_CIRCLE_O), e -> verify(region));
            verify.getElement().setAttribute("data-verify-chain", region);
            Button anchor = new Button("Anchor " + region, new Icon(VaadinIcon.ANCHOR), e -> anchor(region));
            anchor.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            anchor.getElement().setAttribute("data-anchor-chain", region);
            buttons.add(verify, anchor);
        });
        add(buttons, result);
    }

    private void anchor(String region) {
        result.removeAll();
        try {
            DecisionChainAnchoring a = residency.anchorChain(region);
            Div callout = a.problem() != null ? Components.callout("bad", region + ": not anchored: " + a.problem())
                    : a.anchor() == null ? Components.callout("ok", region + ": nothing sealed yet, nothing to anchor")
                    : Components.callout("ok", region + ": " + (a.taken() ? "anchored" : "already anchored") + " at decision #"
                    + a.anchor().seq() + ", signed " + Components.dateTime(a.anchor().anchoredAt()) + " by key " + a.anchor().keyId());
            callout.getElement().setAttribute("data-anchoring", a.problem() == null ? "anchored" : "refused");
            result.add(callout);
        } catch (RuntimeException e) {
            result.add(Components.callout("bad", region + " could not be anchored: " + e.getMessage()));
        }
    }

    private void verify(String region) {
        result.removeAll();
        try {
            ChainCheck c = residency.verifyChain(region);
            String anchored = residency.latestAnchor(region).filter(a -> a.seq() == c.anchoredSeq())
                    .map(a -> "; matches its anchor of decision #" + a.seq() + ", signed " + Components.dateTime(a.anchoredAt()))
                    .orElse("; not anchored yet");
            Div callout = c.intact()
                    ? Components.callout("ok", region + ": chain intact, " + c.sealed() + " decisions verified"
                    + (c.unsealed() > 0 ? " (" + c.unsealed() + " recent ones not sealed yet)" : "") + anchored)
                    : Components.callout("bad", region + ": chain broken at decision #" + c.firstBrokenSeq() + ": " + c.problem());
            callout.getElement().setAttribute("data-chain", c.intact() ? "intact" : "broken");
            result.add(callout);
        } catch (RuntimeException e) {
            result.add(Components.callout("bad", region + " could not be checked: " + e.getMessage()));
            Notification.show(e.getMessage(), 5000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }
}
