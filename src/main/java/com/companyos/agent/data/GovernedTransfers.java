package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.Destinations;
import com.companyos.agent.decisions.ResidencyDeniedException;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.AnalyticsRequest;
import com.companyos.agentapi.data.AnalyticsResult;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.TransferRequest;
import com.companyos.agentapi.data.TransferResult;
import com.companyos.base.Classification;
import com.companyos.base.Hashing;
import com.companyos.base.Ids;
import com.companyos.base.Json;
import com.companyos.base.Zone;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The seams where data would leave this region: export (records to a registered destination), egress (one record
 * through an outbound adapter or webhook) and analytics (results going to a zone). The destination's zone comes from
 * the agent's registry, never from the request; policy decides before anything moves, and every attempt, allowed or
 * denied, leaves a decision and a signed receipt. Exported artifacts carry classification and retention.
 */
@Service
public class GovernedTransfers {

    private static final ObjectMapper JSON = Json.mapper();

    private final DSLContext db;
    private final GovernedRecords records;
    private final ResidencyGuard guard;
    private final Destinations destinations;
    private final AgentSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GovernedTransfers(DSLContext db, GovernedRecords records, ResidencyGuard guard, Destinations destinations, AgentSettings settings,
                      TransactionTemplate tx, Clock clock) {
        this.db = db;
        this.records = records;
        this.guard = guard;
        this.destinations = destinations;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    public TransferResult export(TenantRef tenant, TransferRequest request) {
        if (request == null || request.classification() == null) {
            throw new IllegalArgumentException("An export names a destination and the classification of the records it exports");
        }
        return transfer(Seam.EXPORT, tenant, request, Classification.of(request.classification()).label());
    }

    public TransferResult egress(TenantRef tenant, TransferRequest request) {
        if (request == null || request.keys() == null || request.keys().size() != 1) {
            throw new IllegalArgumentException("An egress sends exactly one record: give its key in keys");
        }
        return transfer(Seam.EGRESS, tenant, request, null);
    }

    private TransferResult transfer(Seam seam, TenantRef tenant, TransferRequest request, String classification) {
        Destinations.Destination destination = destination(request.destination());
        List<GovernedRecords.Row> rows = selected(tenant, request, classification);
        String effective = classification != null ? classification
                : rows.stream().map(GovernedRecords.Row::classification).max(Comparator.comparing(Classification::of)).orElse("public");
        String transferId = Ids.timeOrdered(clock).toString();
        Map<String, Object> artifact = artifact(seam, tenant, request.destination(), destination.zone(), transferId, rows);
        byte[] bytes = bytes(artifact);
        String sha = Hashing.sha256Hex(bytes);
        ResidencyGuard.Verdict verdict = tx.execute(status -> guard.decide(seam, tenant,
                seam.action() + " " + rows.size() + " record(s) to " + request.destination(),
                Map.of("classification", effective, "destination", request.destination(), "destinationZone", destination.zone().name()),
                sha, List.of(settings.region().value())));
        if (!verdict.allowed()) {
            throw new ResidencyDeniedException(verdict);
        }
        artifact.put("decisionId", verdict.decisionId().toString());
        artifact.put("receiptId", verdict.receipt().receiptId());
        deliver(destination, tenant, transferId, bytes(artifact));
        return new TransferResult(transferId, seam.name(), request.destination(), destination.zone().name(), rows.size(), sha,
                (String) artifact.get("classification"), (String) artifact.get("retention"), verdict.decisionId().toString(),
                verdict.receipt().receiptId());
    }

    public AnalyticsResult analytics(TenantRef tenant, AnalyticsRequest request) {
        boolean aggregate = request == null || request.aggregate() == null || request.aggregate();
        String resultZone = request == null || request.resultZone() == null ? settings.zone().name()
                : Zone.of(request.resultZone()).name();
        ResidencyGuard.Verdict verdict = tx.execute(status -> guard.decide(Seam.ANALYTICS, tenant,
                (aggregate ? "aggregate" : "row-level") + " analytics for " + resultZone,
                Map.of("aggregate", aggregate, "resultZone", resultZone), null, List.of(settings.region().value())));
        if (!verdict.allowed()) {
            throw new ResidencyDeniedException(verdict);
        }
        var table = table(name(tenant.schema(), "record"));
        if (aggregate) {
            Map<String, Long> counts = new TreeMap<>();
            db.select(field(name("classification"), String.class), org.jooq.impl.DSL.count()).from(table)
                    .groupBy(field(name("classification"))).fetch().forEach(r -> counts.put(r.value1(), (long) r.value2()));
            return new AnalyticsResult(true, resultZone, counts, List.of(), verdict.decisionId().toString(), verdict.receipt().receiptId());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        db.select(field(name("record_key"), String.class), field(name("classification"), String.class),
                        field(name("retention_until"), LocalDate.class)).from(table).orderBy(field(name("record_key"))).limit(1000).fetch()
                .forEach(r -> rows.add(Map.of("key", r.value1(), "classification", r.value2(), "retentionUntil", r.value3().toString())));
        return new AnalyticsResult(false, resultZone, Map.of(), rows, verdict.decisionId().toString(), verdict.receipt().receiptId());
    }

    private List<GovernedRecords.Row> selected(TenantRef tenant, TransferRequest request, String classification) {
        List<GovernedRecords.Row> rows = new ArrayList<>();
        if (request.keys() != null && !request.keys().isEmpty()) {
            for (String key : request.keys()) {
                GovernedRecords.validateKey(key);
                rows.add(records.row(tenant, key).orElseThrow(() -> new java.util.NoSuchElementException("No record " + key)));
            }
            if (classification != null && rows.stream().anyMatch(r -> !r.classification().equals(classification))) {
                throw new IllegalArgumentException("Every exported record must have classification " + classification);
            }
            return rows;
        }
        db.select(field(name("record_key"), String.class)).from(table(name(tenant.schema(), "record")))
                .where(field(name("classification")).eq(classification)).orderBy(field(name("record_key"))).limit(10_000)
                .fetch().forEach(r -> records.row(tenant, r.value1()).ifPresent(rows::add));
        return rows;
    }

    private Map<String, Object> artifact(Seam seam, TenantRef tenant, String destination, Zone zone, String id,
                                         List<GovernedRecords.Row> rows) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("artifact", seam == Seam.EXPORT ? "export" : "egress-message");
        a.put("id", id);
        a.put("tenant", tenant.slug());
        a.put("region", settings.region().value());
        a.put("destination", destination);
        a.put("destinationZone", zone.name());
        a.put("createdAt", clock.instant().toString());
        a.put("classification", rows.stream().map(GovernedRecords.Row::classification)
                .max(Comparator.comparing(Classification::of)).orElse("public"));
        a.put("retention", rows.stream().map(r -> r.retentionUntil()).max(Comparator.naturalOrder()).map(LocalDate::toString).orElse("none"));
        a.put("records", rows.stream().map(r -> Map.of("key", r.key(), "classification", r.classification(),
                "retentionUntil", r.retentionUntil().toString(), "payloadSha256", r.sha(),
                "data", new String(r.payload(), StandardCharsets.UTF_8))).toList());
        return a;
    }

    private void deliver(Destinations.Destination destination, TenantRef tenant, String id, byte[] bytes) {
        URI url = destination.url();
        try {
            if ("file".equals(url.getScheme())) {
                Path dir = Files.createDirectories(Path.of(url).resolve(tenant.slug()));
                Files.write(dir.resolve(id + ".json"), bytes);
            } else {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException("The destination answered HTTP " + response.statusCode());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Delivery to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while delivering", e);
        }
    }

    private Destinations.Destination destination(String name) {
        if (name == null || !destinations.destinations().containsKey(name)) {
            throw new IllegalArgumentException("Unknown destination '" + name + "'. Registered destinations: "
                    + new TreeMap<>(destinations.destinations()).keySet());
        }
        return destinations.destinations().get(name);
    }

    private static byte[] bytes(Map<String, Object> artifact) {
        try {
            return JSON.writeValueAsBytes(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
