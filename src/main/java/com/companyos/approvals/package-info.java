/**
 * Two-person control. Any module submits a request (type, subject, payload, a human preview, a reason); distinct
 * compliance officers other than the requester approve or deny; an approved request is executed exactly once by the
 * module's {@link com.companyos.approvals.ApprovalHandler}. The database enforces the rules too (no self-vote, votes
 * only while pending, only allowed status transitions, no deletes). Every submit, vote, denial, expiry and execution
 * is audited. Owns tables {@code approval_request}, {@code approval_vote}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "base", "db"})
package com.companyos.approvals;
