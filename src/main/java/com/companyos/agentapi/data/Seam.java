package com.companyos.agentapi.data;

/** The seams where residency is enforced, each a Cedar action. Names travel in receipts and decision logs. */
public enum Seam {
    ROUTING("route", "Routing"),
    INGRESS("ingress", "Agent ingress"),
    WRITE("write", "Write"),
    READ("read", "Read"),
    EXPORT("export", "Export"),
    ANALYTICS("analytics", "Analytics"),
    EGRESS("egress", "Egress"),
    EVIDENCE("stageEvidence", "Evidence staging"),
    REPLICATION("replicate", "Replication");

    private final String action;
    private final String label;

    Seam(String action, String label) {
        this.action = action;
        this.label = label;
    }

    /** The Cedar action. */
    public String action() {
        return action;
    }

    public String label() {
        return label;
    }
}
