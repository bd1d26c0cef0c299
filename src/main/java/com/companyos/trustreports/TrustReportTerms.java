package com.companyos.trustreports;

/**
 * The terms a customer user accepts, once per version, before their first Trust Report download. Changing the text
 * means a new version: everyone accepts again.
 */
public final class TrustReportTerms {

    public static final String VERSION = "2026-11-trust-report-v1";
    public static final String TEXT = "The Trust Report is confidential information of the platform operator, provided to you as a "
            + "customer so that you and your auditors can assess how your data is kept in its residency zone. You may share it with your "
            + "auditors and regulators under confidentiality, but not publish it. Each copy is watermarked with your name and the time of "
            + "download, and every download is recorded in the audit log. The report states facts as recorded at the time it was "
            + "generated; its signature and attached data let you verify them independently.";

    private TrustReportTerms() {
    }
}
