/**
 * The control plane's append-only, hash-chained audit log. {@link com.companyos.audit.EvidenceRecorder} appends an
 * entry inside the caller's transaction, so a state change and its audit entry commit or roll back together.
 * {@link com.companyos.audit.AuditService} searches, exports and verifies the chain. Sign-in, failed sign-in and
 * sign-out are recorded from Spring Security's events. {@link com.companyos.audit.AuditAnchors} keeps signed anchors of the
 * chain's head in an append-only file outside the database, against which verification detects truncation and rewrites.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "pki"})
package com.companyos.audit;
