package com.companyos.probes.internal;

import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeStatus;

import java.util.List;

/**
 * When an incident of one cause opens and when it is over, from a probe's latest runs (newest first): it opens when
 * the newest run has the cause and at least N of the last M do; it is over after {@code resolveAfter} runs in a row
 * without the cause — for the path, runs that passed (a probe error says nothing about the path).
 */
record IncidentRule(int failN, int failM, int resolveAfter, ProbeStatus counted) {

    long failing(List<ProbeRun> latest) {
        return latest.stream().limit(failM).filter(r -> r.status() == counted).count();
    }

    boolean opens(List<ProbeRun> latest) {
        return !latest.isEmpty() && latest.get(0).status() == counted && failing(latest) >= failN;
    }

    boolean recovered(List<ProbeRun> latest) {
        return latest.size() >= resolveAfter && latest.stream().limit(resolveAfter)
                .allMatch(r -> counted == ProbeStatus.FAIL ? r.status().passed() : r.status() != counted);
    }
}
