package com.companyos.probes.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.probes.ProbeKind;
import com.companyos.regions.Region;
import com.companyos.tenants.Tenant;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tenant-scoped query path, as a tenant application uses it: the region's synthetic tenant writes its known
 * records (the same keys every run, with this run's ID in the content), lists its records and reads one back through
 * the region's data API. Its list must be exactly its known keys — any other row is another tenant's, a leak — and
 * the record read must carry this run's content; a request for another tenant's records with this tenant's token
 * must be refused.
 */
@Component
class TenantQueryProbe implements Probe {

    static final int ROWS = 3;

    private final RegionTenants tenants;
    private final DataApi data;

    TenantQueryProbe(RegionTenants tenants, DataApi data) {
        this.tenants = tenants;
        this.data = data;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.TENANT_QUERY;
    }

    static String key(int i) {
        return "probe-row-" + i;
    }

    @Override
    public void attempt(ProbeAttempt a) throws Exception {
        Tenant tenant = tenants.tenant(a.place());
        Region region = tenants.region(a.place());
        String marker = "Synthetic probe row %d of run " + a.runId() + " (no real data)";
        for (int i = 1; i <= ROWS; i++) {
            String path = AgentPaths.RECORD.replace("{slug}", tenant.slug()).replace("{key}", key(i));
            long t0 = System.nanoTime();
            DataApi.Answer put = call(a, tenant, region, "PUT", path,
                    Map.of("classification", "internal", "retentionPolicy", "none", "data", marker.formatted(i)), "write " + key(i), t0);
            if (!put.ok()) {
                throw a.failed("write " + key(i), t0, put.release(), "the write was refused: " + put.problem());
            }
            a.ok("write " + key(i), t0, put.release(), put.problem());
        }

        long t0 = System.nanoTime();
        String list = AgentPaths.RECORDS.replace("{slug}", tenant.slug()) + "?limit=50";
        DataApi.Answer listed = call(a, tenant, region, "GET", list, null, "query records", t0);
        if (!listed.ok() || listed.json() == null || !listed.json().isArray()) {
            throw a.failed("query records", t0, listed.release(), "the query did not answer a list: " + listed.problem());
        }
        Set<String> keys = new TreeSet<>();
        listed.json().forEach(row -> keys.add(row.path("key").asText()));
        Set<String> expected = new TreeSet<>();
        for (int i = 1; i <= ROWS; i++) {
            expected.add(key(i));
        }
        if (!keys.equals(expected)) {
            Set<String> foreign = new TreeSet<>(keys);
            foreign.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(keys);
            throw a.failed("query records", t0, listed.release(), (foreign.isEmpty() ? "" : "rows that are not this tenant's appeared: " + foreign + "; ")
                    + (missing.isEmpty() ? "" : "rows just written are missing: " + missing));
        }
        a.ok("query records", t0, listed.release(), "exactly the " + ROWS + " known rows");

        t0 = System.nanoTime();
        String one = AgentPaths.RECORD.replace("{slug}", tenant.slug()).replace("{key}", key(2));
        DataApi.Answer read = call(a, tenant, region, "GET", one, null, "read " + key(2), t0);
        JsonNode body = read.json();
        String content = body == null ? null : body.path("data").asText(null);
        if (!read.ok() || !marker.formatted(2).equals(content)) {
            throw a.failed("read " + key(2), t0, read.release(), read.ok() ? "the record does not carry this run's content (read "
                    + (content == null ? "nothing" : "'" + abbreviate(content) + "'") + ")" : "the read was refused: " + read.problem());
        }
        a.ok("read " + key(2), t0, read.release(), "this run's content");

        // Another tenant's records with this tenant's token: refused, whoever that tenant is.
        t0 = System.nanoTime();
        String other = AgentPaths.RECORDS.replace("{slug}", Tenant.SYNTHETIC_PREFIX + "other-" + URLEncoder.encode(a.place(), StandardCharsets.UTF_8));
        DataApi.Answer cross = data.send("GET", region.dataUrl().resolve(other), tenants.token(tenant.slug(), false), null, a.remaining());
        if (cross.ok()) {
            throw a.failed("another tenant's records", t0, cross.release(), "answered HTTP " + cross.status() + " with this tenant's token; it must refuse");
        }
        a.ok("another tenant's records", t0, cross.release(), "refused (HTTP " + cross.status() + ")");
    }

    /** One call as the tenant; a token the region no longer knows (401) is replaced once. Unreachable is a path failure. */
    private DataApi.Answer call(ProbeAttempt a, Tenant tenant, Region region, String method, String path, Object body, String step, long t0)
            throws PathFailure, InterruptedException {
        URI uri = region.dataUrl().resolve(path);
        try {
            DataApi.Answer answer = data.send(method, uri, tenants.token(tenant.slug(), false), body, a.remaining());
            if (answer.status() == 401) {
                answer = data.send(method, uri, tenants.token(tenant.slug(), true), body, a.remaining());
            }
            return answer;
        } catch (IOException e) {
            throw a.failed(step, t0, null, a.place() + " did not answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
