package com.companyos.bench;

import com.companyos.approvals.ApprovalService;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpService;
import com.companyos.dcp.DcpState;
import com.companyos.regions.LocalAgentSupervisor;
import com.companyos.regions.Region;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DCP case of {@code bin/bench} ({@code BENCH_ONLY=dcp}): the whole embedded product, a shared tenant and a tenant
 * with its own Dedicated Compliance Partition (requested, approved by two compliance officers, provisioned), both in
 * eu-west. Measures the partition's pool start (each region's {@code pool-started} step: process launched, its own
 * PostgreSQL initialised, serving), the resident memory of a partition agent and of its PostgreSQL, then governed
 * writes open-loop at {@code bench.rate} (500/s) to each tenant in the same run, in alternating phases (shared, DCP,
 * shared, DCP) so that machine drift falls on both alike. Writes {@code target/bench/dcp.json} for {@link DcpSection}.
 */
class DcpLoad extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    DcpService dcps;
    @Autowired
    LocalAgentSupervisor supervisor;

    @Test
    void governed_writes_to_a_dcp_tenant_and_a_shared_tenant_in_the_same_run() throws Exception {
        int rate = Integer.getInteger("bench.rate", 500);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "30"));
        awaitAllRegionsHealthy();
        Tenant shared = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("benchshared"), false, "eu-west", "eu-central", null));
        Tenant dedicated = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("benchdcp"), false, "eu-west", "eu-central", null));
        Dcp requested = As.operator(() -> dcps.request(dedicated.slug(), "bench"));
        long t0 = System.nanoTime();
        TestTenants.approveTwice(approvals, requested.approvalRequestId());
        Dcp active = await(dedicated.slug());
        double provisionSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("phaseSeconds", seconds);
        result.put("provisionSeconds", provisionSeconds);
        Map<String, Double> poolStart = new LinkedHashMap<>();
        for (Dcp.Step s : active.steps()) {
            if (s.step().equals("pool-started")) {
                poolStart.put(s.region(), Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0);
            }
        }
        result.put("poolStartSeconds", poolStart);
        Dcp.Endpoint primary = active.endpoint("eu-west").orElseThrow();
        Region endpoint = new Region(EU_WEST, com.companyos.base.Zone.EU, URI.create(primary.agentUrl()), URI.create(primary.dataUrl()),
                dedicated.slug());
        long agentPid = supervisor.process(endpoint).orElseThrow().pid();
        Path pg = DATA_DIR.resolve("dcp").resolve(dedicated.slug()).resolve("eu-west").resolve("postgres");
        long postmaster = Long.parseLong(Files.readAllLines(pg.resolve("postmaster.pid")).get(0).trim());

        String sharedToken = As.operator(() -> tenants.issueToken(shared.slug(), "bench")).token();
        String dcpToken = As.operator(() -> tenants.issueToken(dedicated.slug(), "bench")).token();
        Path ca = DATA_DIR.resolve("pki/ca.crt");
        List<Map<String, Object>> phases = new ArrayList<>();
        try (LoadClient.Remote toShared = LoadClient.start(ca, DATA_PORTS.get(EU_WEST), shared.slug(), sharedToken, 32);
             LoadClient.Remote toDcp = LoadClient.start(ca, URI.create(primary.dataUrl()).getPort(), dedicated.slug(), dcpToken, 32)) {
            System.out.println("[bench] warm-up: " + warmup + " s each at " + rate + "/s");
            toShared.run("warm-up shared", rate, warmup, 5, "w-");
            toDcp.run("warm-up dcp", rate, warmup, 5, "w-");
            for (int round = 1; round <= 2; round++) {
                for (String which : List.of("shared", "dcp")) {
                    LoadClient.Remote client = which.equals("shared") ? toShared : toDcp;
                    LoadClient.Phase p = client.run(which + " round " + round, rate, seconds, 5, "r" + round + "-");
                    System.out.println("[bench] " + p.line());
                    Map<String, Object> m = new LinkedHashMap<>(p.result());
                    m.remove("perSecond");
                    m.put("tenant", which);
                    phases.add(m);
                    client.settle();
                }
            }
        }
        result.put("phases", phases);
        result.put("sharedP95Micros", worst(phases, "shared", "p95Micros"));
        result.put("dcpP95Micros", worst(phases, "dcp", "p95Micros"));
        result.put("sharedP50Micros", worst(phases, "shared", "p50Micros"));
        result.put("dcpP50Micros", worst(phases, "dcp", "p50Micros"));
        result.put("sharedP99Micros", worst(phases, "shared", "p99Micros"));
        result.put("dcpP99Micros", worst(phases, "dcp", "p99Micros"));
        result.put("failed", phases.stream().mapToLong(p -> ((Number) p.get("failed")).longValue() + ((Number) p.get("timedOut")).longValue()).sum());
        result.put("agentRssKb", rssKb(agentPid));
        result.put("postgresRssKb", rssKb(postmaster) + childrenRssKb(postmaster));
        result.put("postgresPssKb", pssKb(postmaster) + childrenPssKb(postmaster));
        result.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("[bench] dcp: " + result);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/dcp.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), result);
        assertThat(((Number) result.get("failed")).longValue()).isZero();
    }

    /** The higher of the two rounds: the figure a target has to hold. */
    private static long worst(List<Map<String, Object>> phases, String tenant, String key) {
        return phases.stream().filter(p -> tenant.equals(p.get("tenant"))).mapToLong(p -> ((Number) p.get(key)).longValue()).max().orElse(-1);
    }

    private Dcp await(String slug) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Dcp d = As.operator(() -> dcps.get(slug));
            if (d.state() == DcpState.ACTIVE) {
                return d;
            }
            assertThat(d.state()).as(d.lastError()).isNotEqualTo(DcpState.FAILED);
            sleep(250);
        }
        throw new AssertionError("The DCP of " + slug + " did not become active");
    }

    private static long rssKb(long pid) throws Exception {
        return statusKb(pid, "VmRSS:");
    }

    private static long statusKb(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    /** Proportional set size: each process's share of the pages it shares (PostgreSQL's shared buffers counted once). */
    private static long pssKb(long pid) throws Exception {
        Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        if (!Files.exists(rollup)) {
            return rssKb(pid);
        }
        for (String line : Files.readAllLines(rollup)) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static long childrenRssKb(long pid) throws Exception {
        long sum = 0;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
            sum += rssKb(child.pid());
        }
        return sum;
    }

    private static long childrenPssKb(long pid) throws Exception {
        long sum = 0;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
            sum += pssKb(child.pid());
        }
        return sum;
    }
}
