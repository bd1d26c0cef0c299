package com.companyos.probes;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A team that owns probes: its webhook (PagerDuty Events v2 or Alertmanager JSON; optional), the PagerDuty routing
 * key for that webhook (optional), and its people in escalation order — the first is paged when an incident opens,
 * the next when nobody acknowledged it within {@code escalateAfter}.
 */
public record ProbeOwner(String name, String displayName, URI webhookUrl, String webhookFormat, String routingKey, Duration escalateAfter,
                         List<Contact> contacts, String updatedBy, Instant updatedAt) {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{1,40}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    /** One person of the escalation order. */
    public record Contact(String person, String email) {
    }

    public ProbeOwner {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        webhookFormat = webhookFormat == null || webhookFormat.isBlank() ? "pagerduty" : webhookFormat;
    }

    public ProbeOwner validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("An owner's name is 2–41 lower-case letters, digits or dashes; got '" + name + "'");
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("Give the owner a display name");
        }
        if (!"pagerduty".equals(webhookFormat) && !"alertmanager".equals(webhookFormat)) {
            throw new IllegalArgumentException("The webhook format is pagerduty or alertmanager; got " + webhookFormat);
        }
        if (webhookUrl != null && (!("https".equals(webhookUrl.getScheme()) || "http".equals(webhookUrl.getScheme()))
                || webhookUrl.getHost() == null)) {
            throw new IllegalArgumentException("The webhook is an http(s) URL with a host; got " + webhookUrl);
        }
        if (escalateAfter == null || escalateAfter.toSeconds() < 30 || escalateAfter.toSeconds() > 86400) {
            throw new IllegalArgumentException("Escalation happens after 30 seconds to 24 hours without acknowledgement");
        }
        if (webhookUrl == null && contacts.isEmpty()) {
            throw new IllegalArgumentException("An owner needs a webhook or at least one person to page");
        }
        for (Contact c : contacts) {
            if (c.person() == null || c.person().isBlank() || c.email() == null || !EMAIL.matcher(c.email()).matches()) {
                throw new IllegalArgumentException("Each person has a name and an email address; got " + c);
            }
        }
        return this;
    }
}
