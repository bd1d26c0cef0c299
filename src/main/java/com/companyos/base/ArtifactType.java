package com.companyos.base;

/**
 * Every kind of artifact the product writes — stored, exported, sent or handed to a person — and the classification
 * and retention it carries. Tenant data is labelled by its owner on every write (a write without labels is refused);
 * everything the product itself produces carries the fixed label below, written into the artifact as
 * {@code classification} and {@code retention} fields. {@code ArtifactLabelsIT} produces one of each through the real
 * code path (an exhaustive switch: a new type does not compile without its check) and fails if one lacks them.
 */
public enum ArtifactType {
    /** A tenant record in its region (labels given by the tenant, required). */
    RECORD("Tenant record", null, null),
    /** An export to a destination: the highest classification and the latest retention of the records it carries. */
    EXPORT("Export to a destination", null, null),
    /** An outbound webhook/adapter message: labelled like an export. */
    EGRESS_MESSAGE("Egress message", null, null),
    /** An aggregate analytics result (counts only, never rows). */
    ANALYTICS_RESULT("Analytics result", Classification.INTERNAL, RetentionPolicy.NONE),
    /** A signed receipt of a governed operation (agents and console). */
    RECEIPT("Signed receipt", Classification.INTERNAL, RetentionPolicy.YEARS_10),
    /** A decision of the region's decision log, as served and exported. */
    DECISION_RECORD("Policy decision record", Classification.INTERNAL, RetentionPolicy.YEARS_10),
    /** A residency proof bundle (zip) staged in the region and streamed to the requester. */
    PROOF_BUNDLE("Residency proof bundle", Classification.INTERNAL, RetentionPolicy.YEARS_10),
    /** tenant.yaml. */
    TENANT_MANIFEST("Tenant manifest", Classification.INTERNAL, RetentionPolicy.YEARS_7),
    /** The certificate written when a tenant is torn down. */
    DELETION_CERTIFICATE("Deletion certificate", Classification.INTERNAL, RetentionPolicy.YEARS_10),
    /** An audit log CSV export (names people and their actions). */
    AUDIT_EXPORT("Audit log export", Classification.RESTRICTED, RetentionPolicy.YEARS_7),
    /** A DR drill's signed report (JSON in a DSSE envelope, and its PDF): measured RPO/RTO, timeline, approvers. */
    DR_DRILL_REPORT("DR drill report", Classification.INTERNAL, RetentionPolicy.YEARS_7),
    /**
     * A tenant's Trust Report for a period: its facts (JSON, kept in the console) and each signed, watermarked PDF
     * handed to a person (the PDF carries the JSON; the console keeps no copy of the PDF).
     */
    TRUST_REPORT("Trust Report", Classification.INTERNAL, RetentionPolicy.YEARS_7);

    private final String description;
    private final Classification classification;
    private final RetentionPolicy retention;

    ArtifactType(String description, Classification classification, RetentionPolicy retention) {
        this.description = description;
        this.classification = classification;
        this.retention = retention;
    }

    public String description() {
        return description;
    }

    /** True when the label comes from the data's owner (per record) rather than from this catalog. */
    public boolean labelledByOwner() {
        return classification == null;
    }

    /** The fixed classification label, e.g. "internal". */
    public String classification() {
        if (classification == null) {
            throw new IllegalStateException(this + " is labelled by the data's owner, not by the catalog");
        }
        return classification.label();
    }

    /** The fixed retention label, e.g. "10-years". */
    public String retention() {
        if (retention == null) {
            throw new IllegalStateException(this + " is labelled by the data's owner, not by the catalog");
        }
        return retention.label();
    }
}
