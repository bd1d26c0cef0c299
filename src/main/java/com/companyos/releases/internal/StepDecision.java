package com.companyos.releases.internal;

/** The next action for a rollout step and why, as English sentences with the numbers. */
public record StepDecision(StepAction action, String reason) {
}
