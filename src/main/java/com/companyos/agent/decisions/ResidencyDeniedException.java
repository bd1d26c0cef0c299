package com.companyos.agent.decisions;

/** A governed operation denied by policy; its decision and receipt are already recorded (HTTP 403). */
public class ResidencyDeniedException extends RuntimeException {

    private final ResidencyGuard.Verdict verdict;

    public ResidencyDeniedException(ResidencyGuard.Verdict verdict) {
        super(verdict.decision().explanation());
        this.verdict = verdict;
    }

    public ResidencyGuard.Verdict verdict() {
        return verdict;
    }
}
