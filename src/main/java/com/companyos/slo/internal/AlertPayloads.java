package com.companyos.slo.internal;

import com.companyos.base.Json;
import com.companyos.slo.BurnRateRule;
import com.companyos.slo.SloAlert;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The JSON an alert is sent as (documented in docs/runbooks/slo-alerts.md): PagerDuty Events API v2
 * ({@code event_action} trigger/resolve under a stable {@code dedup_key}), or Alertmanager's webhook payload
 * (version 4: {@code status} firing/resolved, one alert with labels and annotations), so either PagerDuty or any
 * receiver that takes Alertmanager webhooks can be the owner's channel.
 */
final class AlertPayloads {

    private static final ObjectMapper JSON = Json.mapper();

    private AlertPayloads() {
    }

    static String render(String format, String event, SloAlert alert, String owner, String routingKey, String consoleUrl) {
        ObjectNode body = "alertmanager".equals(format) ? alertmanager(event, alert, owner, consoleUrl)
                : pagerDuty(event, alert, owner, routingKey, consoleUrl);
        return body.toString();
    }

    static ObjectNode pagerDuty(String event, SloAlert alert, String owner, String routingKey, String consoleUrl) {
        ObjectNode o = JSON.createObjectNode();
        o.put("routing_key", routingKey);
        o.put("event_action", event);
        o.put("dedup_key", alert.dedupKey());
        if ("trigger".equals(event)) {
            ObjectNode p = o.putObject("payload");
            p.put("summary", alert.summary());
            p.put("source", alert.targetKey());
            p.put("severity", alert.rule().severity() == BurnRateRule.Severity.PAGE ? "critical" : "warning");
            p.put("timestamp", alert.firedAt().toString());
            p.put("component", "governed-data-api");
            p.put("group", owner);
            p.put("class", "slo-burn-rate/" + alert.sli().id());
            ObjectNode d = p.putObject("custom_details");
            details(d, alert, owner);
            o.put("client", "CompanyOS Control Plane");
            o.put("client_url", consoleUrl + "/slo");
        }
        return o;
    }

    static ObjectNode alertmanager(String event, SloAlert alert, String owner, String consoleUrl) {
        boolean firing = "trigger".equals(event);
        ObjectNode o = JSON.createObjectNode();
        o.put("version", "4");
        o.put("groupKey", alert.dedupKey());
        o.put("truncatedAlerts", 0);
        o.put("status", firing ? "firing" : "resolved");
        o.put("receiver", owner);
        ObjectNode labels = JSON.createObjectNode();
        labels.put("alertname", "SloErrorBudgetBurn");
        labels.put("target", alert.targetKey());
        labels.put("sli", alert.sli().id());
        labels.put("rule", alert.rule().id());
        labels.put("severity", alert.rule().severity().id());
        labels.put("owner", owner);
        o.set("groupLabels", labels.deepCopy());
        o.set("commonLabels", labels.deepCopy());
        ObjectNode annotations = JSON.createObjectNode();
        annotations.put("summary", alert.summary());
        annotations.put("runbook_url", "docs/runbooks/slo-alerts.md");
        o.set("commonAnnotations", annotations.deepCopy());
        o.put("externalURL", consoleUrl + "/slo");
        ArrayNode alerts = o.putArray("alerts");
        ObjectNode a = alerts.addObject();
        a.put("status", firing ? "firing" : "resolved");
        a.set("labels", labels);
        ObjectNode ann = annotations.deepCopy();
        details(ann.putObject("details"), alert, owner);
        a.set("annotations", ann);
        a.put("startsAt", alert.firedAt().toString());
        a.put("endsAt", alert.resolvedAt() == null ? Instant.EPOCH.toString() : alert.resolvedAt().toString());
        a.put("generatorURL", consoleUrl + "/slo");
        a.put("fingerprint", alert.id().toString().replace("-", "").substring(0, 16));
        return o;
    }

    private static void details(ObjectNode d, SloAlert alert, String owner) {
        d.put("alert_id", alert.id().toString());
        d.put("target", alert.targetKey());
        d.put("owner", owner);
        d.put("sli", alert.sli().id());
        d.put("rule", alert.rule().id());
        d.put("threshold", alert.rule().threshold());
        d.put("long_window_seconds", alert.longWindow().toSeconds());
        d.put("short_window_seconds", alert.shortWindow().toSeconds());
        d.put("long_window_burn_rate", alert.longBurn());
        d.put("short_window_burn_rate", alert.shortBurn());
        d.put("fired_at", alert.firedAt().toString());
        if (alert.resolvedAt() != null) {
            d.put("resolved_at", alert.resolvedAt().toString());
        }
    }
}
