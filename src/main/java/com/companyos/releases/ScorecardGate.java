package com.companyos.releases;

import java.time.Instant;
import java.util.Map;

/**
 * One gate of a release scorecard, judged from machine outputs only.
 *
 * @param name           {@code policy-tests}, {@code deterministic-export}, {@code spec-parity}, {@code canary-completed},
 *                       {@code synthetic-green}
 * @param required       a required gate that is not {@code pass} or {@code warn} makes the verdict no-go
 * @param status         {@code pass}, {@code warn} (passes, with something a person should read), {@code fail}, or
 *                       {@code not_run} (nothing to judge, or inconclusive: never a pass)
 * @param summary        one sentence with the numbers
 * @param inputs         what the gate judged (counts, versions, hashes)
 * @param threshold      the rule it was judged by, in words
 * @param evidenceFile   the evidence file's name in the evidence bundle ({@code evidence/<gate>.json})
 * @param evidenceSha256 the SHA-256 of that file
 * @param producer       who or what judged it
 * @param at             when
 */
public record ScorecardGate(String name, boolean required, String status, String summary, Map<String, Object> inputs, String threshold,
                            String evidenceFile, String evidenceSha256, String producer, Instant at) {

    public static final String PASS = "pass";
    public static final String WARN = "warn";
    public static final String FAIL = "fail";
    public static final String NOT_RUN = "not_run";

    /** Whether this gate lets a release through: pass or warn. {@code not_run} never does. */
    public boolean passes() {
        return PASS.equals(status) || WARN.equals(status);
    }
}
