package com.companyos.probes.internal;

import com.companyos.audit.AuditService;
import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbePage;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeStatus;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.PagingReceivers;
import com.companyos.support.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging over real channels — a local SMTP server and an HTTP webhook receiver: N of M failed runs open one incident
 * per dedup key and page the owner (PagerDuty Events v2 webhook and email to the first person), it escalates to the
 * next person when nobody acknowledges in time (not when somebody did), resolves by itself when the probe recovers,
 * and stays silent inside a maintenance window until the window ends. The path is broken by pausing the job worker.
 */
class PagingIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    ProbeService probes;
    @Autowired
    Scheduler scheduler;
    @Autowired
    AuditService audit;

    @AfterEach
    void restore() {
        scheduler.resume();
        clock.reset();
    }

    private void owner(String name, String hookPath, Duration escalateAfter, String... emails) {
        List<ProbeOwner.Contact> people = java.util.Arrays.stream(emails).map(e -> new ProbeOwner.Contact(e.substring(0, e.indexOf('@')), e)).toList();
        As.operator(() -> probes.saveOwner(new ProbeOwner(name, "Team " + name, hookPath == null ? null : URI.create(PagingReceivers.webhook(hookPath)),
                "pagerduty", "routing-" + name, escalateAfter, people, null, null), "PagingIT"));
    }

    private void jobProbe(String name, String owner, int n, int m, int resolveAfter) {
        As.operator(() -> probes.save(new ProbeDefinition(name, ProbeKind.JOB_QUEUE, "job queue (" + name + ")", owner, Duration.ofSeconds(10),
                Duration.ofSeconds(3), 0, List.of(), Duration.ofSeconds(3), n, m, resolveAfter, false, null, null), "PagingIT"));
    }

    private ProbeStatus run(String probe) {
        return As.operator(() -> probes.runNow(probe, "console", "PagingIT")).status();
    }

    private Optional<ProbeIncident> unresolved(String probe) {
        return As.operator(() -> probes.incidents(true)).stream().filter(i -> i.probe().equals(probe)).findFirst();
    }

    private static JsonNode json(PagingReceivers.Hook h) {
        try {
            return JSON.readTree(h.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void n_of_m_failures_open_one_incident_that_pages_escalates_and_resolves_itself() throws Exception {
        owner("it-team-a", "/hooks/a", Duration.ofMinutes(1), "alice@example.test", "bob@example.test");
        jobProbe("it-jobs-a", "it-team-a", 3, 5, 2);
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.PASS);
        scheduler.pause();
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.FAIL);
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.FAIL);
        assertThat(unresolved("it-jobs-a")).as("2 of 5 failed: below the rule").isEmpty();
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.FAIL);
        ProbeIncident incident = unresolved("it-jobs-a").orElseThrow();
        assertThat(incident.dedupKey()).isEqualTo("probe/it-jobs-a/console");
        assertThat(incident.owner()).isEqualTo("it-team-a");
        assertThat(incident.summary()).contains("failed 3 of its last 5 runs");

        JsonNode trigger = json(PagingReceivers.awaitHooks("/hooks/a", h -> !h.isEmpty(), WAIT).get(0));
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("probe/it-jobs-a/console");
        assertThat(trigger.path("routing_key").asText()).isEqualTo("routing-it-team-a");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("summary").asText()).contains("it-jobs-a");
        PagingReceivers.Mail first = PagingReceivers.awaitMails(m -> !mailsTo(m, "alice@example.test").isEmpty(), WAIT).stream()
                .filter(m -> m.to().equals("alice@example.test")).findFirst().orElseThrow();
        assertThat(first.subject()).contains("TRIGGERED").contains("it-jobs-a");
        assertThat(first.text()).contains(incident.id().toString()).contains("/probes");

        // A fourth failure is the same incident: no second one, no second trigger.
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.FAIL);
        Thread.sleep(1500);
        assertThat(As.operator(() -> probes.incidents(true))).filteredOn(i -> i.probe().equals("it-jobs-a")).hasSize(1);
        assertThat(PagingReceivers.hooks("/hooks/a")).hasSize(1);
        assertThat(PagingReceivers.mailsTo("bob@example.test")).isEmpty();

        // Nobody acknowledged within a minute: the next person is paged.
        clock.advance(Duration.ofSeconds(61));
        PagingReceivers.Mail escalated = PagingReceivers.awaitMails(m -> !mailsTo(m, "bob@example.test").isEmpty(), WAIT).stream()
                .filter(m -> m.to().equals("bob@example.test")).findFirst().orElseThrow();
        assertThat(escalated.subject()).contains("ESCALATED");
        assertThat(TestTenants.entries(audit, "probe.incident-escalated", "probe:it-jobs-a")).isNotEmpty();
        clock.reset();

        // The worker is back: after two passing runs in a row the incident resolves itself and everybody paged is told.
        scheduler.resume();
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.PASS);
        assertThat(unresolved("it-jobs-a")).as("one pass is not yet recovery").isPresent();
        assertThat(run("it-jobs-a")).isEqualTo(ProbeStatus.PASS);
        assertThat(unresolved("it-jobs-a")).isEmpty();
        assertThat(json(PagingReceivers.awaitHooks("/hooks/a", h -> h.size() >= 2, WAIT).get(1)).path("event_action").asText()).isEqualTo("resolve");
        PagingReceivers.awaitMails(m -> mailsTo(m, "alice@example.test").stream().anyMatch(x -> x.subject().contains("RESOLVED"))
                && mailsTo(m, "bob@example.test").stream().anyMatch(x -> x.subject().contains("RESOLVED")), WAIT);
        assertThat(TestTenants.entries(audit, "probe.incident-opened", "probe:it-jobs-a")).hasSize(1);
        assertThat(TestTenants.entries(audit, "probe.incident-resolved", "probe:it-jobs-a")).hasSize(1);
    }

    @Test
    void an_acknowledged_incident_does_not_escalate() throws Exception {
        owner("it-team-b", "/hooks/b", Duration.ofMinutes(1), "carol@example.test", "dave@example.test");
        jobProbe("it-jobs-b", "it-team-b", 1, 1, 1);
        scheduler.pause();
        assertThat(run("it-jobs-b")).isEqualTo(ProbeStatus.FAIL);
        ProbeIncident incident = unresolved("it-jobs-b").orElseThrow();
        PagingReceivers.awaitMails(m -> !mailsTo(m, "carol@example.test").isEmpty(), WAIT);
        ProbeIncident acked = As.user("oncall-op", com.companyos.base.Role.OPERATOR, () -> probes.acknowledge(incident.id()));
        assertThat(acked.state()).isEqualTo("acknowledged");
        assertThat(acked.acknowledgedBy()).isEqualTo("oncall-op");
        assertThat(PagingReceivers.awaitHooks("/hooks/b", h -> h.stream().anyMatch(x -> x.body().contains("\"acknowledge\"")), WAIT)).isNotEmpty();
        clock.advance(Duration.ofMinutes(5));
        Thread.sleep(3000);
        assertThat(PagingReceivers.mailsTo("dave@example.test")).as("acknowledged: nobody else is woken").isEmpty();
        clock.reset();
        ProbeIncident resolved = As.operator(() -> probes.resolve(incident.id(), "PagingIT: fixed by hand"));
        assertThat(resolved.state()).isEqualTo("resolved");
    }

    @Test
    void a_maintenance_window_keeps_pages_silent_until_it_ends() throws Exception {
        owner("it-team-c", "/hooks/c", Duration.ofMinutes(15), "erin@example.test");
        jobProbe("it-jobs-c", "it-team-c", 1, 1, 1);
        Instant now = clock.instant();
        MaintenanceWindow window = As.operator(() -> probes.startMaintenance("it-jobs-c", null, now.minusSeconds(1), now.plus(Duration.ofHours(1)),
                "PagingIT: planned scheduler maintenance"));
        scheduler.pause();
        assertThat(run("it-jobs-c")).isEqualTo(ProbeStatus.FAIL);
        ProbeIncident incident = unresolved("it-jobs-c").orElseThrow();
        Thread.sleep(2500);
        assertThat(PagingReceivers.hooks("/hooks/c")).as("silent inside the window").isEmpty();
        assertThat(PagingReceivers.mailsTo("erin@example.test")).isEmpty();
        List<ProbePage> pages = As.operator(() -> probes.pages(incident.id()));
        assertThat(pages).isNotEmpty().allSatisfy(p -> assertThat(p.state()).isEqualTo("suppressed"));
        assertThat(TestTenants.entries(audit, "probe.maintenance-started", "probe:it-jobs-c")).hasSize(1);
        assertThat(TestTenants.entries(audit, "probe.page-suppressed", "probe:it-jobs-c")).isNotEmpty();

        // The window ends (cancelled early) while the incident is still open: now the owner is paged.
        As.operator(() -> probes.cancelMaintenance(window.id(), "PagingIT: maintenance over"));
        assertThat(json(PagingReceivers.awaitHooks("/hooks/c", h -> !h.isEmpty(), WAIT).get(0)).path("event_action").asText()).isEqualTo("trigger");
        PagingReceivers.awaitMails(m -> !mailsTo(m, "erin@example.test").isEmpty(), WAIT);
        assertThat(TestTenants.entries(audit, "probe.maintenance-cancelled", "probe:it-jobs-c")).hasSize(1);
        scheduler.resume();
        assertThat(run("it-jobs-c")).isEqualTo(ProbeStatus.PASS);
        assertThat(unresolved("it-jobs-c")).isEmpty();
    }

    private static List<PagingReceivers.Mail> mailsTo(List<PagingReceivers.Mail> mails, String to) {
        return mails.stream().filter(m -> m.to().equals(to)).toList();
    }
}
