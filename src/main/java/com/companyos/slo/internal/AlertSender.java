package com.companyos.slo.internal;

import com.companyos.base.Backoff;
import com.companyos.base.PeriodicWork;
import com.companyos.slo.SloSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Delivers the alert outbox: POSTs each due notification's JSON to its webhook, retrying a failed attempt (connection
 * error, timeout, non-2xx) after a backoff that doubles per attempt up to {@code max-backoff}, until
 * {@code max-attempts} are used (then the delivery is recorded as failed). Every attempt's outcome is kept on the
 * delivery. The rows are claimed with {@code for update skip locked}, so several console instances never send the same
 * notification at once; a notification may still arrive twice after a crash between the POST and the commit, which
 * receivers handle by PagerDuty's {@code dedup_key} or Alertmanager's {@code groupKey}.
 */
@Component
@ConditionalOnProperty(name = "companyos.slo.enabled", havingValue = "true", matchIfMissing = true)
class AlertSender extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(AlertSender.class);
    private static final int BATCH = 20;

    private final SloRepository repository;
    private final TransactionTemplate tx;
    private final SloSettings.Webhook settings;
    private final Clock clock;
    private final HttpClient http;

    AlertSender(SloRepository repository, TransactionTemplate tx, SloSettings settings, TaskScheduler scheduler, Clock clock) {
        super(scheduler, Duration.ofSeconds(1), Duration.ofSeconds(1));
        this.repository = repository;
        this.tx = tx;
        this.settings = settings.webhook();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(this.settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends what is due now; the number of notifications attempted. */
    int sendDue() {
        Integer attempted = tx.execute(s -> {
            List<SloRepository.Due> due = repository.claimDue(clock.instant(), BATCH);
            due.forEach(this::attempt);
            return due.size();
        });
        return attempted == null ? 0 : attempted;
    }

    private void attempt(SloRepository.Due d) {
        int attempts = d.attempts() + 1;
        Integer status = null;
        String error = null;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(d.url()).timeout(settings.timeout())
                    .header("Content-Type", "application/json").header("User-Agent", "CompanyOS-SLO-Alerts/1")
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status / 100 != 2) {
                error = "HTTP " + status + ": " + response.body();
            }
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Instant now = clock.instant();
        if (error == null) {
            repository.recordAttempt(d.id(), "delivered", attempts, status, null, now, now);
            log.info("SLO alert {} ({}) delivered to {}", d.alertId(), d.event(), d.url());
        } else if (attempts >= settings.maxAttempts()) {
            repository.recordAttempt(d.id(), "failed", attempts, status, error, now, null);
            log.warn("SLO alert {} ({}) not delivered to {} after {} attempts: {}", d.alertId(), d.event(), d.url(), attempts, error);
        } else {
            Duration wait = new Backoff(settings.backoff(), settings.maxBackoff()).after(attempts);
            repository.recordAttempt(d.id(), "pending", attempts, status, error, now.plus(wait), null);
            log.info("SLO alert {} ({}) to {} failed (attempt {}), retrying: {}", d.alertId(), d.event(), d.url(), attempts, error);
        }
    }

    @Override
    protected void runOnce() {
        sendDue();
    }
}
