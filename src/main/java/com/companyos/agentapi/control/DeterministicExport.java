package com.companyos.agentapi.control;

import java.time.Instant;
import java.util.Map;

/**
 * What one agent builds for fixed inputs (a tenant and a period) in the parts of its exports that must be the same bytes
 * every time: the deterministic files of a proof bundle and the Trust Report's residency facts, each by its SHA-256.
 * The release scorecard asks a canary twice and the stable release once and compares.
 *
 * @param release  the release the answering agent runs
 * @param files    file name → SHA-256 of its bytes ({@code receipts.jsonl}, {@code receipts-merkle.json},
 *                 {@code decisions/summary.json}, {@code decisions/denied.json}, {@code trust-report-facts.json})
 * @param formats  file name → the format the agent writes it in; bytes are compared only between equal formats
 * @param receipts receipts of the tenant in the period (what the files were built over)
 */
public record DeterministicExport(String release, String region, String tenant, Instant from, Instant to, Map<String, String> files,
                                  Map<String, String> formats, long receipts) {
}
