package com.companyos.residency.ui;

import com.companyos.base.Json;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.data.Seam;
import com.companyos.base.ui.Components;
import com.companyos.residency.DecisionEvidence;
import com.companyos.residency.ResidencyService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;

import java.util.UUID;

/** One decision drilled into: the question, the answer and its rationale, the bundle, its chain link and its receipt. */
class DecisionDialog extends Dialog {

    private static final ObjectMapper PRETTY = Json.pretty();

    DecisionDialog(ResidencyService residency, String region, UUID decisionId) {
        setHeaderTitle("Decision " + decisionId);
        setWidth("min(900px, 95vw)");
        getElement().setAttribute("data-dialog", "decision");
        Div body = new Div();
        add(body);
        try {
            DecisionEvidence e = residency.evidence(region, decisionId);
            render(body, e);
        } catch (RuntimeException ex) {
            body.add(Components.callout("bad", "This decision cannot be shown: " + ex.getMessage()));
        }
        Button close = new Button("Close", c -> close());
        getFooter().add(close);
    }

    private static void render(Div body, DecisionEvidence e) {
        DecisionRecord d = e.decision();
        Div verdict = Components.callout(d.allowed() ? "ok" : "bad", (d.allowed() ? "Allowed" : "Denied") + " — " + d.rationale());
        verdict.getElement().setAttribute("data-decision-outcome", d.allowed() ? "allowed" : "denied");
        body.add(verdict);

        var facts = Components.facts();
        Components.fact(facts, "Decided", Components.dateTime(d.decidedAt()));
        Components.fact(facts, "Where", "control-plane".equals(e.region()) ? "Control plane (routing)" : "Region " + e.region());
        Components.fact(facts, "Tenant", d.tenant());
        Components.fact(facts, "Seam", seamLabel(d.seam()) + " (Cedar action " + d.action() + ")");
        Components.fact(facts, "Principal", d.principal());
        Components.fact(facts, "Resource", d.resource());
        Components.fact(facts, "Context", d.context());
        Components.fact(facts, "Determining policies", d.policies() == null || d.policies().isBlank() ? "none (deny by default)" : d.policies());
        Components.fact(facts, "Policy bundle", d.channel() + " " + d.bundleVersion() + " · sha256 " + d.bundleSha256());
        Components.fact(facts, "Decision chain", d.seq() == null ? ("control-plane".equals(e.region())
                ? "recorded in the control plane's decision table (and its receipt below)" : "not sealed yet (sealed within seconds)")
                : "#" + d.seq() + " · hash " + d.hash());
        body.add(facts);

        body.add(new H4("Receipt"));
        if (e.receipt() == null) {
            body.add(Components.callout("bad", e.verification()));
            return;
        }
        Div check = Components.callout(e.receiptVerified() ? "ok" : "bad", e.verification());
        check.getElement().setAttribute("data-receipt-verified", Boolean.toString(e.receiptVerified()));
        body.add(check);
        var receiptFacts = Components.facts();
        Components.fact(receiptFacts, "Receipt ID", e.receipt().receiptId());
        Components.fact(receiptFacts, "Signing key", e.receipt().keyId());
        Components.fact(receiptFacts, "Signature (Ed25519, base64)", e.receipt().signature());
        body.add(receiptFacts);
        Pre json = new Pre(pretty(e.receipt().body()));
        json.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap").set("max-height", "18em")
                .set("overflow", "auto");
        json.getElement().setAttribute("data-receipt-body", "");
        body.add(json);
    }

    static String seamLabel(String seam) {
        try {
            return Seam.valueOf(seam).label();
        } catch (IllegalArgumentException e) {
            return seam;
        }
    }

    private static String pretty(String json) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }
}
