package com.companyos.releases;

/**
 * A release's evidence bundle as downloaded: a zip of the sealed scorecard, its gates' evidence, the release manifest,
 * {@code manifest.sha256}, the signed statement and VERIFY.md; the same bytes at every download.
 *
 * @param statementSha256 the SHA-256 of the signed in-toto statement inside (the audit log's evidence hash)
 */
public record ReleaseEvidence(String fileName, byte[] bytes, String statementSha256) {
}
