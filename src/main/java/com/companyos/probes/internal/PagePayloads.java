package com.companyos.probes.internal;

import com.companyos.base.Json;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * What a page says. Webhooks get the PagerDuty Events API v2 shape ({@code event_action} trigger/acknowledge/resolve,
 * {@code dedup_key}, {@code payload}) or Alertmanager's webhook v4 ({@code status} firing/resolved, {@code groupKey}),
 * as the owner chose; email is a plain-text message whose subject says what happened, where, and to whom it escalated.
 */
@Component
class PagePayloads {

    private static final ObjectMapper JSON = Json.mapper();

    private final ProbeSettings settings;
    private final ConsoleInstance console;

    PagePayloads(ProbeSettings settings, ConsoleInstance console) {
        this.settings = settings;
        this.console = console;
    }

    String consoleUrl() {
        String local = console.localUrl();
        return !settings.consoleUrl().isBlank() ? settings.consoleUrl() : local == null ? "http://localhost:8080" : local;
    }

    /** A webhook body; {@code action} is trigger, acknowledge or resolve. */
    String webhook(ProbeOwner owner, String action, ProbeIncident incident, String criticalPath, ProbeRun run, int level) {
        return ("alertmanager".equals(owner.webhookFormat()) ? alertmanager(action, incident, criticalPath, run, level)
                : pagerDuty(owner, action, incident, criticalPath, run, level)).toString();
    }

    private ObjectNode pagerDuty(ProbeOwner owner, String action, ProbeIncident incident, String criticalPath, ProbeRun run, int level) {
        ObjectNode o = JSON.createObjectNode();
        o.put("routing_key", owner.routingKey() == null ? "" : owner.routingKey());
        o.put("event_action", action);
        o.put("dedup_key", incident.dedupKey());
        if ("trigger".equals(action)) {
            ObjectNode p = o.putObject("payload");
            p.put("summary", incident.summary());
            p.put("source", incident.place());
            p.put("severity", "path".equals(incident.cause()) ? "critical" : "error");
            p.put("timestamp", incident.openedAt().toString());
            p.put("component", criticalPath);
            p.put("group", incident.owner());
            p.put("class", "synthetic-probe/" + incident.probe());
            details(p.putObject("custom_details"), incident, run, level);
            o.put("client", "CompanyOS Control Plane");
            o.put("client_url", consoleUrl() + "/probes");
            o.putArray("links").addObject().put("href", consoleUrl() + "/probes").put("text", "Golden dashboard (acknowledge here)");
        }
        return o;
    }

    private ObjectNode alertmanager(String action, ProbeIncident incident, String criticalPath, ProbeRun run, int level) {
        boolean firing = !"resolve".equals(action);
        ObjectNode o = JSON.createObjectNode();
        o.put("version", "4");
        o.put("groupKey", incident.dedupKey());
        o.put("truncatedAlerts", 0);
        o.put("status", firing ? "firing" : "resolved");
        o.put("receiver", incident.owner());
        ObjectNode labels = JSON.createObjectNode();
        labels.put("alertname", "SyntheticProbeFailing");
        labels.put("probe", incident.probe());
        labels.put("place", incident.place());
        labels.put("cause", incident.cause());
        labels.put("critical_path", criticalPath);
        labels.put("owner", incident.owner());
        labels.put("severity", "path".equals(incident.cause()) ? "critical" : "error");
        o.set("groupLabels", labels.deepCopy());
        o.set("commonLabels", labels.deepCopy());
        ObjectNode annotations = JSON.createObjectNode();
        annotations.put("summary", incident.summary());
        annotations.put("runbook_url", "docs/runbooks/probes-and-paging.md");
        if ("acknowledge".equals(action)) {
            annotations.put("acknowledged_by", String.valueOf(incident.acknowledgedBy()));
        }
        o.set("commonAnnotations", annotations.deepCopy());
        o.put("externalURL", consoleUrl() + "/probes");
        ObjectNode a = o.putArray("alerts").addObject();
        a.put("status", firing ? "firing" : "resolved");
        a.set("labels", labels);
        ObjectNode ann = annotations.deepCopy();
        details(ann.putObject("details"), incident, run, level);
        a.set("annotations", ann);
        a.put("startsAt", incident.openedAt().toString());
        a.put("endsAt", firing ? Instant.EPOCH.toString() : String.valueOf(incident.resolvedAt() == null ? Instant.now() : incident.resolvedAt()));
        a.put("generatorURL", consoleUrl() + "/probes");
        a.put("fingerprint", incident.id().toString().replace("-", "").substring(0, 16));
        return o;
    }

    private static void details(ObjectNode d, ProbeIncident incident, ProbeRun run, int level) {
        d.put("incident_id", incident.id().toString());
        d.put("probe", incident.probe());
        d.put("place", incident.place());
        d.put("cause", incident.cause());
        d.put("owner", incident.owner());
        d.put("escalation_level", level);
        if (run != null) {
            d.put("run_id", run.id().toString());
            d.put("status", run.status().id());
            d.put("detail", run.detail());
            d.put("release", run.release());
            d.put("millis", run.millis());
        }
    }

    /** An email: the subject line, a blank line, the body (split by the sender). */
    String email(String event, ProbeIncident incident, String criticalPath, ProbeRun run, int level) {
        String what = switch (event) {
            case "resolve" -> "RESOLVED";
            case "escalate" -> "ESCALATED (level " + level + ")";
            default -> "TRIGGERED";
        };
        String where = "console".equals(incident.place()) ? "console" : incident.place();
        StringBuilder b = new StringBuilder();
        b.append("[CompanyOS] ").append(what).append(": probe ").append(incident.probe()).append(" (").append(criticalPath).append(") in ")
                .append(where).append("\n\n");
        b.append(incident.summary()).append("\n\n");
        if ("escalate".equals(event)) {
            b.append("Nobody acknowledged this incident in time, so it escalated to you.\n\n");
        }
        b.append("Incident:  ").append(incident.id()).append('\n');
        b.append("Dedup key: ").append(incident.dedupKey()).append('\n');
        b.append("Owner:     ").append(incident.owner()).append('\n');
        b.append("Cause:     ").append("path".equals(incident.cause()) ? "the path failed" : "the probe itself broke").append('\n');
        b.append("Opened:    ").append(incident.openedAt()).append('\n');
        if (run != null) {
            b.append("Last run:  ").append(run.id()).append(" — ").append(run.status().id()).append(", ").append(run.millis()).append(" ms")
                    .append(run.release() == null ? "" : ", served by " + run.release()).append('\n');
        }
        b.append("\nAcknowledge (stops the escalation): ").append(consoleUrl()).append("/probes\n");
        b.append("Runbook: docs/runbooks/probes-and-paging.md\n");
        return b.toString();
    }
}
