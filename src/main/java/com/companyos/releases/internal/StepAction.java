package com.companyos.releases.internal;

/** What the rollout does next with the current step. {@code PAUSE} hands the rollout to a person. */
public enum StepAction { WAIT, ADVANCE, PAUSE, ABORT }
