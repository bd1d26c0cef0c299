package com.companyos.probes.internal;

import com.companyos.base.Backoff;
import com.companyos.base.PeriodicWork;
import com.companyos.probes.ProbeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends the outbox of pages and then the escalations that are due. A webhook page is POSTed (2xx is delivered); an
 * email page goes over SMTP. A failed attempt is retried after a backoff that doubles up to {@code max-backoff},
 * until {@code max-attempts} are used (then the page is recorded as failed, with the last error). Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so several consoles never send the same page at once; a crash between sending
 * and the commit can send a page twice, which receivers fold by its dedup key.
 */
@Component
class PageSender extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(PageSender.class);
    private static final int BATCH = 20;

    private final IncidentStore incidents;
    private final Pager pager;
    private final TransactionTemplate tx;
    private final ProbeSettings settings;
    private final ObjectProvider<JavaMailSender> mail;
    private final String mailHost;
    private final Clock clock;
    private final HttpClient http;

    PageSender(IncidentStore incidents, Pager pager, TransactionTemplate tx, ProbeSettings settings, ObjectProvider<JavaMailSender> mail,
               @Value("${spring.mail.host:}") String mailHost, TaskScheduler scheduler, Clock clock) {
        super(scheduler, Duration.ofSeconds(2), Duration.ofSeconds(1));
        this.incidents = incidents;
        this.pager = pager;
        this.tx = tx;
        this.settings = settings;
        this.mail = mail;
        this.mailHost = mailHost;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.pageTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends what is due and pages due escalations; the number of pages attempted. */
    int sendDue() {
        Integer attempted = tx.execute(s -> {
            List<IncidentStore.DuePage> due = incidents.claimDuePages(clock.instant(), BATCH);
            due.forEach(this::attempt);
            return due.size();
        });
        tx.executeWithoutResult(s -> pager.pageDue());
        return attempted == null ? 0 : attempted;
    }

    private void attempt(IncidentStore.DuePage page) {
        int attempts = page.attempts() + 1;
        Integer status = null;
        String error;
        boolean permanent = false;
        if ("email".equals(page.channel())) {
            error = email(page);
            permanent = error != null && error.startsWith("No SMTP server");
        } else {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(page.target())).timeout(settings.pageTimeout())
                        .header("Content-Type", "application/json").header("User-Agent", "CompanyOS-Probes/1")
                        .POST(HttpRequest.BodyPublishers.ofString(page.payload())).build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                error = status / 100 == 2 ? null : "HTTP " + status + ": " + abbreviate(response.body());
            } catch (IOException | IllegalArgumentException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
        }
        Instant now = clock.instant();
        if (error == null) {
            incidents.recordAttempt(page.id(), "delivered", attempts, status, null, null, now);
            log.info("Probe page {} ({}) delivered by {} to {}", page.incidentId(), page.event(), page.channel(), page.target());
        } else if (permanent || attempts >= settings.maxAttempts()) {
            incidents.recordAttempt(page.id(), "failed", attempts, status, error, null, null);
            log.warn("Probe page {} ({}) by {} to {} not delivered after {} attempts: {}", page.incidentId(), page.event(), page.channel(),
                    page.target(), attempts, error);
        } else {
            Duration wait = new Backoff(settings.backoff(), settings.maxBackoff()).after(attempts);
            incidents.recordAttempt(page.id(), "pending", attempts, status, error, now.plus(wait), null);
            log.info("Probe page {} ({}) by {} to {} failed (attempt {}), retrying: {}", page.incidentId(), page.event(), page.channel(),
                    page.target(), attempts, error);
        }
    }

    /** Sends an email page; null when the SMTP server accepted it, else why not. */
    private String email(IncidentStore.DuePage page) {
        JavaMailSender sender = mailHost == null || mailHost.isBlank() ? null : mail.getIfAvailable();
        if (sender == null) {
            return "No SMTP server is configured (COMPANYOS_SMTP_HOST / spring.mail.host); the email was not sent";
        }
        int split = page.payload().indexOf("\n\n");
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.mailFrom());
        message.setTo(page.target());
        message.setSubject(split < 0 ? page.payload() : page.payload().substring(0, split));
        message.setText(split < 0 ? "" : page.payload().substring(split + 2));
        try {
            sender.send(message);
            return null;
        } catch (MailException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    protected void runOnce() {
        sendDue();
    }
}
