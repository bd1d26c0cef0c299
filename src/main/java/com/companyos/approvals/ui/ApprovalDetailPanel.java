package com.companyos.approvals.ui;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.approvals.ApprovalVote;
import com.companyos.base.ConflictException;
import com.companyos.base.CurrentUser;
import com.companyos.base.Role;
import com.companyos.base.ui.Components;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;

import java.util.function.Consumer;

/**
 * One approval request: what it will do, its votes and execution, and what the signed-in person may do with it (vote
 * with a reason, or retry a failed execution).
 */
class ApprovalDetailPanel extends Div {

    private final ApprovalService approvals;
    private final boolean officer;
    private final Runnable changed;
    private final Consumer<ApprovalRequest> voted;

    ApprovalDetailPanel(ApprovalService approvals, boolean officer, Runnable changed, Consumer<ApprovalRequest> voted) {
        this.approvals = approvals;
        this.officer = officer;
        this.changed = changed;
        this.voted = voted;
        addClassName("approval-detail");
        getStyle().set("padding", "var(--lumo-space-m)").set("overflow", "auto");
        add(Components.intro("Select a request to see what it will do."));
    }

    void show(ApprovalRequest r) {
        removeAll();
        if (r == null) {
            add(Components.intro("Select a request to see what it will do."));
            return;
        }
        getElement().setAttribute("data-request", r.id().toString());
        add(new H3(approvals.title(r.type()) + ": " + r.subject()));
        var facts = Components.facts();
        Span status = Components.badge(r.status().label(), ApprovalsView.theme(r.status()));
        status.getElement().setAttribute("data-status", r.status().name());
        Components.fact(facts, "Status", status);
        Components.fact(facts, "Requested by", r.requestedBy() + ", " + Components.dateTime(r.requestedAt()));
        Components.fact(facts, "Reason", r.reason());
        Components.fact(facts, "Expires", Components.dateTime(r.expiresAt()));
        Components.fact(facts, "Approvals", r.approvals() + " of " + r.requiredApprovals() + " needed");
        Components.fact(facts, "Request ID", r.id().toString());
        if (r.executedAt() != null) {
            Components.fact(facts, "Executed", Components.dateTime(r.executedAt()));
        }
        add(facts);
        if (r.executionResult() != null) {
            add(Components.callout("ok", r.executionResult()));
        }
        if (r.executionError() != null) {
            add(Components.callout("bad", "Execution " + (r.status() == ApprovalStatus.FAILED ? "failed" : "will be retried")
                    + ": " + r.executionError()));
        }
        add(new H3("What will happen"));
        Pre preview = new Pre(r.preview());
        preview.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)").set("border-radius", "var(--lumo-border-radius-m)");
        add(preview);
        if (!r.votes().isEmpty()) {
            add(new H3("Votes"));
            for (ApprovalVote v : r.votes()) {
                add(Components.callout(v.approve() ? "ok" : "bad", (v.approve() ? "Approved by " : "Denied by ") + v.voter()
                        + " at " + Components.dateTime(v.votedAt()) + ": " + v.reason()));
            }
        }
        String me = CurrentUser.require().username();
        boolean operates = CurrentUser.get().map(u -> u.hasRole(Role.OPERATOR) || u.hasRole(Role.PLATFORM_ADMIN)).orElse(false);
        if (operates && r.status() == ApprovalStatus.FAILED) {
            TextArea why = new TextArea("Why retry (recorded)");
            why.setWidthFull();
            Button retry = new Button("Retry execution", e -> {
                try {
                    approvals.retry(r.id(), why.getValue());
                    Components.done("Execution will be retried");
                    changed.run();
                } catch (ConflictException | IllegalArgumentException ex) {
                    why.setInvalid(true);
                    why.setErrorMessage(ex.getMessage());
                }
            });
            retry.getElement().setAttribute("data-action", "retry");
            add(why, retry);
        }
        if (officer && r.status() == ApprovalStatus.PENDING) {
            if (r.requestedBy().equals(me)) {
                add(Components.callout("info", "You requested this change, so you cannot vote on it."));
            } else if (r.hasVoted(me)) {
                add(Components.callout("info", "You have voted. Waiting for another compliance officer."));
            } else {
                add(voteForm(r));
            }
        }
    }

    private Div voteForm(ApprovalRequest r) {
        TextArea reason = new TextArea("Your reason (recorded with your vote)");
        reason.setWidthFull();
        reason.setRequired(true);
        reason.setId("vote-reason");
        Button approve = new Button("Approve", e -> vote(r, reason, true));
        approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        approve.getElement().setAttribute("data-action", "approve");
        Button deny = new Button("Deny", e -> vote(r, reason, false));
        deny.addThemeVariants(ButtonVariant.LUMO_ERROR);
        deny.getElement().setAttribute("data-action", "deny");
        return new Div(new H3("Your vote"), reason, new HorizontalLayout(approve, deny));
    }

    private void vote(ApprovalRequest r, TextArea reason, boolean approve) {
        if (reason.getValue().isBlank()) {
            reason.setInvalid(true);
            reason.setErrorMessage("Give a reason for your " + (approve ? "approval" : "denial"));
            return;
        }
        try {
            ApprovalRequest updated = approve ? approvals.approve(r.id(), reason.getValue()) : approvals.deny(r.id(), reason.getValue());
            Components.done(approve ? (updated.status() == ApprovalStatus.APPROVED ? "Approved: the change will now be executed."
                    : "Approval recorded; waiting for another compliance officer.") : "Denied.");
            voted.accept(updated);
        } catch (ConflictException | IllegalArgumentException e) {
            Components.failed(e.getMessage());
            changed.run();
        }
    }
}
