package com.companyos.probes.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Ids;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeSettings;
import com.companyos.probes.ProbeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Opens and resolves incidents from runs. Two causes per probe and place, each with its own dedup key: the path
 * failed ({@code fail}: N of the last M runs; the probe's owner is paged) or the probe itself broke
 * ({@code probe_error}: N of the last M; the platform owner is paged, not the path's). An open incident resolves by
 * itself after the probe's {@code resolveAfter} runs in a row without its cause. Runs of one probe in one place never
 * overlap (the schedule's lease), and the dedup key's open row is locked while it is judged.
 */
@Component
class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    private final ProbeStore store;
    private final IncidentStore incidents;
    private final Pager pager;
    private final EvidenceRecorder evidence;
    private final ProbeSettings settings;
    private final Clock clock;

    Incidents(ProbeStore store, IncidentStore incidents, Pager pager, EvidenceRecorder evidence, ProbeSettings settings, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.pager = pager;
        this.evidence = evidence;
        this.settings = settings;
        this.clock = clock;
    }

    /** The dedup key of a probe's incidents in a place: the path's, or the probe's own ({@code probe} cause). */
    static String dedupKey(String probe, String place, String cause) {
        return "probe/" + probe + "/" + place + ("probe".equals(cause) ? "/probe-error" : "");
    }

    /** Judges a probe's recent runs after {@code run} was recorded (inside that transaction). */
    void follow(ProbeDefinition definition, ProbeRun run) {
        List<ProbeRun> latest = store.latest(definition.name(), run.place(), Math.max(definition.failM(), definition.resolveAfter()));
        judge(definition, run, latest, "path", ProbeStatus.FAIL, definition.owner());
        judge(definition, run, latest, "probe", ProbeStatus.PROBE_ERROR, settings.platformOwner());
    }

    private void judge(ProbeDefinition d, ProbeRun run, List<ProbeRun> latest, String cause, ProbeStatus counted, String owner) {
        String key = dedupKey(d.name(), run.place(), cause);
        Optional<ProbeIncident> open = incidents.openLocked(key);
        IncidentRule rule = new IncidentRule(d.failN(), d.failM(), d.resolveAfter(), counted);
        long failing = rule.failing(latest);
        if (open.isEmpty()) {
            if (rule.opens(latest)) {
                String summary = summary(d, run, cause, failing);
                ProbeIncident incident = new ProbeIncident(Ids.timeOrdered(clock), key, d.name(), run.place(), cause, owner, "open", summary,
                        clock.instant(), run.id(), 0, null, null, null, null, null, null);
                if (incidents.open(incident)) {
                    evidence.record(AuditEvent.of("probe.incident-opened", "probe:" + d.name()).reason(summary)
                            .detail("incidentId", incident.id().toString()).detail("place", run.place()).detail("cause", cause)
                            .detail("owner", owner).detail("runId", run.id().toString()).detail("dedupKey", key));
                    log.warn("Probe incident opened: {}", summary);
                    pager.opened(incident, d, run);
                }
            }
            return;
        }
        ProbeIncident incident = open.get();
        incidents.lastRun(incident.id(), run.id());
        if (rule.recovered(latest) && incidents.resolve(incident.id(), "probe", clock.instant())) {
            evidence.record(AuditEvent.of("probe.incident-resolved", "probe:" + d.name())
                    .reason("The probe recovered: its last " + d.resolveAfter() + " run(s) " + ("path".equals(cause) ? "passed" : "ran without breaking"))
                    .detail("incidentId", incident.id().toString()).detail("place", run.place()).detail("cause", cause)
                    .detail("runId", run.id().toString()));
            log.info("Probe incident resolved: {} in {}", d.name(), run.place());
            pager.resolved(incident, d, run);
        }
    }

    private static String summary(ProbeDefinition d, ProbeRun run, String cause, long failing) {
        String where = "console".equals(run.place()) ? "" : " in " + run.place();
        return "path".equals(cause)
                ? "Probe " + d.name() + " (" + d.criticalPath() + ")" + where + " failed " + failing + " of its last " + d.failM() + " runs: " + run.detail()
                : "Probe " + d.name() + where + " itself broke in " + failing + " of its last " + d.failM() + " runs (the path's state is unknown): "
                + run.detail();
    }
}
