package com.companyos.residency;

import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.base.Role;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's decision rollups against what the regions recorded: after real governed writes, a misdirected request
 * (denied at another region's ingress), a pii export out of the zone (denied) and a routing question, the rollups hold
 * exactly the counts the agents' own decision logs give for the tenant, per region, seam and outcome.
 */
class DecisionRollupIT extends ConsoleIT {

    private static final String PII = "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"Jane Doe\"}";
    private static final Instant EVER = Instant.parse("2000-01-01T00:00:00Z");

    @Autowired
    TenantService tenants;
    @Autowired
    ResidencyService residency;
    @Autowired
    DecisionStatistics statistics;

    @Test
    void the_rollups_count_exactly_what_the_regions_recorded_for_a_tenant() throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("rollup"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "rollup-app")).token();
        DataApi west = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), t.slug(), token);
        DataApi central = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_CENTRAL), t.slug(), token);
        for (int i = 0; i < 5; i++) {
            assertThat(west.put("customer-" + i, PII).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(central.put("customer-x", PII).statusCode()).isEqualTo(421);
        }
        assertThat(west.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"pii\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> route = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/v1/tenants/" + t.slug() + "/endpoint")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(route.statusCode()).as(route.body()).isEqualTo(200);

        Instant to = Instant.now().plus(Duration.ofDays(400));
        Map<String, Long> recorded = Map.of();
        Map<String, Long> counted = Map.of();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            recorded = totals(As.officer("compliance1", () -> residency.overview(EVER, to, t.slug())).byRegion());
            As.user("exec", Role.EXECUTIVE, () -> statistics.countNow());
            counted = totals(As.user("exec", Role.EXECUTIVE, () -> statistics.tenant(t.slug(), EVER, to)));
            if (counted.equals(recorded) && recorded.getOrDefault("eu-west WRITE allowed", 0L) == 5) {
                break;
            }
            sleep(500); // decisions are counted once sealed (the sealer runs every 200 ms)
        }
        assertThat(counted).isEqualTo(recorded);
        assertThat(counted).containsEntry("eu-west WRITE allowed", 5L).containsEntry("eu-central INGRESS denied", 3L)
                .containsEntry("eu-west EXPORT denied", 1L).containsEntry("control-plane ROUTING allowed", 1L);

        // Counting again adds nothing: every sealed decision is counted once.
        As.user("exec", Role.EXECUTIVE, () -> statistics.countNow());
        assertThat(totals(As.user("exec", Role.EXECUTIVE, () -> statistics.tenant(t.slug(), EVER, to)))).isEqualTo(counted);
        DecisionTrends platform = As.user("exec", Role.EXECUTIVE, () -> statistics.platform());
        assertThat(platform.denied24h()).isGreaterThanOrEqualTo(4);
        assertThat(platform.processedByRegion30d()).containsKeys("eu-west", "eu-central", "control-plane");
    }

    @Test
    void a_customer_reads_only_their_own_tenants_counts_and_never_the_platforms() {
        assertThatThrownBy(() -> As.customer("acme-eu", () -> statistics.platform())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.customer("acme-eu", () -> statistics.tenant("another-tenant", EVER, Instant.now())))
                .isInstanceOf(com.companyos.base.NotFoundException.class);
        Tenant own = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("own"), false, "eu-west", "eu-central", null));
        assertThat(As.customer(own, () -> statistics.tenant(null, EVER, Instant.now()))).isNotNull();
        // Bound to a tenant that no longer holds the slug (torn down, the slug taken again): nothing, as not found.
        assertThatThrownBy(() -> As.customer(own.slug(), () -> statistics.tenant(null, EVER, Instant.now())))
                .isInstanceOf(com.companyos.base.NotFoundException.class);
    }

    private static Map<String, Long> totals(Map<String, List<DecisionBucket>> byRegion) {
        Map<String, Long> m = new TreeMap<>();
        byRegion.forEach((region, buckets) -> buckets.forEach(b ->
                m.merge(region + " " + b.seam() + " " + (b.allowed() ? "allowed" : "denied"), b.count(), Long::sum)));
        return m;
    }
}
